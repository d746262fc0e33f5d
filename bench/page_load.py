"""Page load to visible odds, in a real Chromium, against a one-slider reference app measured in the same run.

    python bench/page_load.py [--runs 7]

Starts `streamlit run app.py` and a minimal reference app (one slider, one metric), then, alternating, opens each
in a fresh browser context (nothing cached) and times from navigation until the odds (the reference: its metric)
are visible. Prints the median and range of each and the ratio of medians. Needs the packages of requirements.txt
and a Chromium (see tests/conftest.py); exits 1 when no Chromium is found.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402

REFERENCE_APP = 'import streamlit as st\nx = st.slider("Reference", 0, 100, 25)\nst.metric("Value", x * 2)\n'
# The odds themselves: the page draws some metrics before others, so the first metric value is not enough.
ODDS = "[data-testid='stMetric']:has-text('Chance to hit target') [data-testid='stMetricValue']"
VALUE = "[data-testid='stMetricValue']"  # the reference app's one metric


def seconds_to_odds(browser, url: str, selector: str) -> float:
    """Navigation to the first visible `selector`, in a fresh context (no cache)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector(selector, timeout=60_000)
    elapsed = time.monotonic() - start
    context.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = chromium_path()
    if path is None:
        print("No Chromium found: apt-get install -y chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        reference = Path(folder) / "reference.py"
        reference.write_text(REFERENCE_APP)
        with (
            streamlit_server() as (app_url, _),
            streamlit_server(script=reference) as (reference_url, _),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
            seconds_to_odds(browser, app_url, ODDS), seconds_to_odds(browser, reference_url, VALUE)  # warm both
            times = {"app": [], "reference": []}
            for _ in range(args.runs):
                times["app"].append(seconds_to_odds(browser, app_url, ODDS))
                times["reference"].append(seconds_to_odds(browser, reference_url, VALUE))
            browser.close()
    for name, values in times.items():
        print(f"{name:9}: median {statistics.median(values):.2f} s (range {min(values):.2f}-{max(values):.2f} s)")
    print(f"ratio of medians: {statistics.median(times['app']) / statistics.median(times['reference']):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
