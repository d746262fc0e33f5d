"""Many sessions at once: real browsers moving sliders, switching pages and working out answers on one server.

    python bench/load.py [--sessions 20] [--seconds 60] [--seed 1]

Starts one `streamlit run app.py`, opens `--sessions` pages in one Chromium (each its own context, so its own
Streamlit session) and, for `--seconds`, has each do what a manager in a meeting does: mostly move a sidebar slider
one step (a random walk, so sessions seldom ask the same question and the shared cache does not answer for them),
sometimes go to the Goal breakdown page and back, sometimes press "Work it out". Each action is timed from the key
press or click until its answer is on screen: for a slider, the link in the address bar holds the new value and the
headline odds are no longer greyed out as stale. Prints errors, answered actions per second, p50/p90 latency per
kind of action, and the server's resident memory before, at the busiest and after (once the sessions have closed
and the server has had a few seconds). Needs the packages of requirements.txt and a Chromium (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from bench.process_usage import cpu_seconds, descendants, resident_mib  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402

ODDS = "[data-testid='stMetric']:has-text('Chance to hit target') [data-testid='stMetricValue']"
# The headline's first metric is the odds.
ANSWERED = """before => location.search !== before
    && !document.querySelector("[data-testid='stMain'] [data-testid='stMetric']")
        ?.closest("[data-stale='true']")"""
CHARTS = "[data-testid='stPlotlyChart'] .main-svg"
SETTLED = """() => !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-stale='true']")"""
# What a session does next, with these weights: mostly a slider, now and then a page or a goal seek.
ACTIONS = {"slider": 0.85, "page switch": 0.10, "work it out": 0.05}
TIMEOUT_MS = 60_000
# Conditions are checked every 100 ms: the default, at each animation frame, stalls in pages not in front.
POLL = {"polling": 100}


class Tally:
    """Latencies per kind of action and the errors, shared by the sessions (one event loop: no locks needed)."""

    def __init__(self) -> None:
        self.seconds: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        # A link holds the whole scenario: each distinct one is a simulation the server ran at least once.
        self.links: set[str] = set()

    def answered(self) -> int:
        return sum(len(values) for values in self.seconds.values())

    def report(self, wall_seconds: float) -> None:
        answered = self.answered()
        print(f"errors: {len(self.errors)}")
        for error in sorted(set(self.errors))[:10]:
            print(f"  {error}")
        print(f"answered actions: {answered} in {wall_seconds:.0f} s = {answered / wall_seconds:.1f} per second")
        for kind, values in sorted(self.seconds.items()):
            values = sorted(values)
            p90 = values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]
            print(
                f"  {kind:12} n={len(values):4}  p50 {statistics.median(values):.2f} s  p90 {p90:.2f} s"
                f"  ({len(values) / wall_seconds:.1f} per second)"
            )
        moves = len(self.seconds["slider"])
        print(f"distinct scenarios among the {moves} slider moves: {len(self.links)} (others were asked before)")


async def timed(tally: Tally, kind: str, action) -> None:
    start = time.monotonic()
    try:
        await action()
    except Exception as error:  # a failed action is counted and reported, the run goes on
        tally.errors.append(f"{kind}: {type(error).__name__}: {str(error).splitlines()[0][:120]}")
        return
    tally.seconds[kind].append(time.monotonic() - start)


async def move_a_slider(page, chooser: random.Random, tally: Tally) -> None:
    sliders = page.locator("[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']:visible")
    await sliders.first.wait_for(timeout=TIMEOUT_MS)  # the page draws its widgets after the odds
    slider = sliders.nth(chooser.randrange(await sliders.count()))
    now, low, high = [float(await slider.get_attribute(name)) for name in ("value", "min", "max")]
    key = "ArrowRight" if now <= low or (now < high and chooser.random() < 0.5) else "ArrowLeft"
    before = await page.evaluate("location.search")
    await slider.press(key)
    await page.wait_for_function(ANSWERED, arg=before, timeout=TIMEOUT_MS, **POLL)
    tally.links.add(await page.evaluate("location.search"))


async def switch_pages(page) -> None:
    await page.get_by_role("link", name="Goal breakdown").click()
    await page.wait_for_selector("text=add up to the annual goal", timeout=TIMEOUT_MS)
    await page.get_by_role("link", name="Simulator").click()
    await page.wait_for_selector(ODDS, timeout=TIMEOUT_MS)
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, **POLL)


async def work_it_out(page) -> None:
    await page.get_by_role("button", name="Work it out").click()
    await page.wait_for_selector("text=Which lever moves the odds most", timeout=TIMEOUT_MS)
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, **POLL)


async def opened(browser, url: str):
    """A page of the app in a context of its own (a Streamlit session of its own), once its odds are shown."""
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    await page.goto(url, timeout=TIMEOUT_MS)
    await page.wait_for_selector(ODDS, timeout=TIMEOUT_MS)
    await page.wait_for_selector(CHARTS, timeout=TIMEOUT_MS)  # the whole page, after the odds first
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, **POLL)
    return page


async def session(page, seed: int, until: float, tally: Tally) -> None:
    """What one manager does until `until`: actions drawn with the weights of :data:`ACTIONS`."""
    chooser = random.Random(seed)
    while time.monotonic() < until:
        kind = chooser.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
        action = {
            "slider": lambda: move_a_slider(page, chooser, tally),
            "page switch": lambda: switch_pages(page),
            "work it out": lambda: work_it_out(page),
        }[kind]
        await timed(tally, kind, action)


class MemoryWatch:
    """Samples a process's resident memory every half second in a thread, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, resident_mib(self.pid))

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


async def run(args: argparse.Namespace, url: str, server) -> None:
    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        # One visit first, so the numba kernels are loaded and the sessions measure the app, not its start.
        await (await opened(browser, url)).context.close()
        before = resident_mib(server.pid)
        with MemoryWatch(server.pid) as memory:
            # People arrive one after another; then all of them work at once.
            pages = [await opened(browser, url) for _ in range(args.sessions)]
            browsers = [pid for pid in descendants(os.getpid()) if pid != server.pid]
            server_cpu, browsers_cpu = -cpu_seconds([server.pid]), -cpu_seconds(browsers)
            start = time.monotonic()
            until = start + args.seconds
            runs = (session(page, args.seed * 1000 + i, until, tally) for i, page in enumerate(pages))
            await asyncio.gather(*runs)
            wall = time.monotonic() - start
            server_cpu, browsers_cpu = server_cpu + cpu_seconds([server.pid]), browsers_cpu + cpu_seconds(browsers)
            for page in pages:
                await page.context.close()  # the sessions end; the server may let their memory go
        await browser.close()
    await asyncio.sleep(5)
    after = resident_mib(server.pid)
    print(f"{args.sessions} sessions for {args.seconds} s against one server ({wall:.0f} s until the last answer)")
    tally.report(wall)
    print(f"server memory: {before:.0f} MiB before, {memory.peak:.0f} MiB at the peak, {after:.0f} MiB after")
    per_action = 1000 / max(tally.answered(), 1)
    print(
        f"CPU per answered action: server {server_cpu * per_action:.0f} ms, the {args.sessions} browsers "
        f"{browsers_cpu * per_action:.0f} ms (all on this machine's {os.cpu_count()} cores)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1, help="seed of the sessions' choices")
    args = parser.parse_args()
    if chromium_path() is None:
        print("No Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with streamlit_server() as (url, server):
        asyncio.run(run(args, url, server))
    return 0


if __name__ == "__main__":
    sys.exit(main())
