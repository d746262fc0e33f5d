"""Page load to visible odds, in a real Chromium, against a one-slider reference app measured in the same run.

    python bench/page_load.py [--runs 7]

Starts `streamlit run app.py` and a minimal reference app (one slider, one metric), then, alternating, opens each
in a fresh browser context (nothing cached) and times from navigation until the odds (the reference: its metric)
are on screen, two ways: when the page painted them (a probe in the page notes the first frame after they are in
the document, on the page's own clock from navigation start), and when the test driver saw them (Playwright's
wait, which returns late while the page's main thread is busy drawing the rest). Prints the median and range of
each and the ratios of medians. Needs the packages of requirements.txt and a Chromium (see tests/conftest.py);
exits 1 when no Chromium is found.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402

REFERENCE_APP = 'import streamlit as st\nx = st.slider("Reference", 0, 100, 25)\nst.metric("Value", x * 2)\n'
ODDS_LABEL = "Chance to hit target"  # the app's odds: the page draws some metrics before others
REFERENCE_LABEL = "Value"  # the reference app's one metric

# Runs in the page before its own code: once a metric with the label and a value is in the document, waits for
# the next frame to be painted (a timer queued from requestAnimationFrame runs after that paint) and notes the
# time since navigation started.
PAINT_PROBE = """label => {
  window.__painted = null;
  const look = () => {
    if (window.__painted !== null) return;
    for (const metric of document.querySelectorAll("[data-testid='stMetric']")) {
      if (metric.textContent.includes(label) && metric.querySelector("[data-testid='stMetricValue']")) {
        window.__painted = -1;
        requestAnimationFrame(() => setTimeout(() => { window.__painted = performance.now() / 1000; }));
        return;
      }
    }
  };
  new MutationObserver(look).observe(document, {subtree: true, childList: true});
}"""


@contextlib.contextmanager
def reference_app() -> Iterator[Path]:
    """The one-slider reference app's script, in a temporary folder for as long as it is needed."""
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "reference.py"
        script.write_text(REFERENCE_APP)
        yield script


def seconds_to_metric(browser, url: str, label: str) -> tuple[float, float]:
    """Navigation to the metric labelled `label` on screen, in a fresh context (no cache): (painted, seen)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    context.add_init_script(f"({PAINT_PROBE})({json.dumps(label)})")
    page = context.new_page()
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector(
        f"[data-testid='stMetric']:has-text({json.dumps(label)}) [data-testid='stMetricValue']", timeout=60_000
    )
    seen = time.monotonic() - start
    page.wait_for_function("window.__painted > 0", timeout=60_000)
    painted = page.evaluate("window.__painted")
    context.close()
    return painted, seen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = chromium_path()
    if path is None:
        print("No Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with (
        reference_app() as reference,
        streamlit_server() as (app_url, _),
        streamlit_server(script=reference) as (reference_url, _),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        pages = {"app": (app_url, ODDS_LABEL), "reference": (reference_url, REFERENCE_LABEL)}
        for url, label in pages.values():  # warm both servers
            seconds_to_metric(browser, url, label)
        times = {name: [] for name in pages}  # (painted, seen) per run
        for _ in range(args.runs):
            for name, (url, label) in pages.items():
                times[name].append(seconds_to_metric(browser, url, label))
        browser.close()
    medians = {}
    for way, index in (("painted", 0), ("seen by the driver", 1)):
        for name, runs in times.items():
            values = [run[index] for run in runs]
            medians[name, way] = statistics.median(values)
            spread = f"range {min(values):.2f}-{max(values):.2f} s"
            print(f"{name:9} {way:18}: median {medians[name, way]:.2f} s ({spread})")
        print(f"ratio of medians, {way}: {medians['app', way] / medians['reference', way]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
