"""What one slider move costs in CPU, server and browser apart, against a one-slider reference app.

    python bench/move_cost.py [--moves 15] [--slider 1]

One session alone: opens the app in Chromium, lets it settle, then moves the sidebar slider number `--slider`
one step at a time in one direction (so each move asks a scenario not asked before, as under load) and waits
after each for the answer and for the page to settle. The same for the reference app's one slider. Prints, per
move, the CPU time of the server process and of all of Chromium's processes (Linux /proc), and what that means on
this machine's cores: the most moves a second it could answer with the browsers on the same cores, and with the
browsers elsewhere. Needs the packages of requirements.txt and a Chromium (tests/conftest.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from bench.load import ANSWERED, SETTLED  # noqa: E402
from bench.page_load import reference_app  # noqa: E402
from bench.process_usage import cpu_seconds, descendants  # noqa: E402
from tests.conftest import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402

REFERENCE_VALUE = "document.querySelector(\"[data-testid='stMetricValue']\").textContent"
REFERENCE_ANSWERED = f"before => {REFERENCE_VALUE} !== before"


def cost_per_move(url: str, server, slider_selector: str, reference: bool, moves: int) -> tuple[float, float]:
    """(server, browser) CPU seconds per move, `moves` one-step moves of the slider, each answered and settled."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url)
        slider = page.locator(slider_selector)
        slider.wait_for(timeout=60_000)
        page.wait_for_function(SETTLED, timeout=60_000)
        time.sleep(2)  # the first visit's work is done: measure moves only
        chromium = [pid for pid in descendants(os.getpid()) if pid != server.pid]
        server_start, browser_start = cpu_seconds([server.pid]), cpu_seconds(chromium)
        probe, answered = (REFERENCE_VALUE, REFERENCE_ANSWERED) if reference else ("location.search", ANSWERED)
        for _ in range(moves):
            before = page.evaluate(probe)
            slider.press("ArrowRight")
            page.wait_for_function(answered, arg=before, timeout=60_000)
            page.wait_for_function(SETTLED, timeout=60_000)
        server_used = cpu_seconds([server.pid]) - server_start
        browser_used = cpu_seconds(chromium) - browser_start
        browser.close()
    return server_used / moves, browser_used / moves


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=15)
    parser.add_argument(
        "--slider",
        type=int,
        default=1,
        help="which sidebar slider handle, from 0 (1: the upper end of the win rate)",
    )
    args = parser.parse_args()
    if chromium_path() is None:
        print("No Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 1
    cores = os.cpu_count()
    sidebar_slider = f"[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range'] >> nth={args.slider}"
    with reference_app() as reference:
        for name, script, selector in (
            ("app", ROOT / "app.py", sidebar_slider),
            ("reference", reference, "[data-testid='stSlider'] input[type='range']"),
        ):
            with streamlit_server(script=script) as (url, server):
                server_cpu, browser_cpu = cost_per_move(url, server, selector, name == "reference", args.moves)
            print(
                f"{name:9}: per move, server {server_cpu * 1000:.0f} ms CPU, browser {browser_cpu * 1000:.0f} ms "
                f"CPU; on {cores} cores at most {cores / (server_cpu + browser_cpu):.1f} moves a second with the "
                f"browsers on the same cores, {cores / server_cpu:.1f} with the browsers elsewhere"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
