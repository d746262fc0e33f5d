"""The app in Arabic and Russian in a real Chromium: Arabic mirrors the page and keeps charts and sliders left to
right; Russian writes its numbers with a decimal comma. The pictures are kept as artifacts."""

import re

import pytest
from playwright.sync_api import expect

from simulator.i18n import _, using
from tests.test_browser import CHARTS, PROJECTOR, wait_until_idle

pytestmark = pytest.mark.browser
METRIC_VALUE = "[data-testid='stMetricValue']"
DIRECTION = "selector => getComputedStyle(document.querySelector(selector)).direction"
#: Where on screen the first "+" of an element's text and the digit after it are drawn (their left edges).
SIGN_AND_DIGIT = """selector => {
    const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent.indexOf("+");
        if (at < 0) continue;
        const left = offset => {
            const range = document.createRange();
            range.setStart(node, offset);
            range.setEnd(node, offset + 1);
            return range.getBoundingClientRect().x;
        };
        return [left(at), left(at + 1)];
    }
    return null;
}"""


def open_in(page, url: str, code: str) -> str:
    """The simulator page in the language `code`; returns its odds as shown."""
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{url}/?lang={code}")
    with using(code):
        label = _("Chance to hit target")
    odds = f"[data-testid='stMetric']:has-text('{label}') >> {METRIC_VALUE}"
    page.wait_for_selector(odds, timeout=60_000)
    page.wait_for_selector(CHARTS, timeout=60_000)
    page.wait_for_selector("[data-testid='stSlider']", timeout=60_000)  # the sidebar's inputs follow the odds
    wait_until_idle(page)
    return page.inner_text(odds)


def test_arabic_reads_right_to_left_with_charts_and_sliders_left_to_right(page, app_url, artifacts):
    odds = open_in(page, app_url, "ar")
    assert page.evaluate(DIRECTION, "[data-testid='stMain']") == "rtl"
    assert page.evaluate(DIRECTION, "[data-testid='stSidebar']") == "rtl"
    assert page.evaluate(DIRECTION, "[data-testid='stPlotlyChart']") == "ltr"
    assert page.evaluate(DIRECTION, "[data-testid='stSlider'] [role='group']") == "ltr"
    # The odds keep their digits and sign in order: the number is isolated left to right.
    assert re.fullmatch(r"\u2066?\d+(\.\d)?%\u2069?", odds), odds
    # "+25%" in the Arabic target sentence keeps its sign before its digits on screen (not "25%+"): the plus is
    # drawn left of the 2.
    plus, two = page.evaluate(SIGN_AND_DIGIT, "h5")
    assert plus < two
    # The sidebar is on the right, the main column on its left.
    sidebar = page.locator("[data-testid='stSidebar']").bounding_box()
    main = page.locator("[data-testid='stMain']").bounding_box()
    assert sidebar["x"] > main["x"]
    page.screenshot(path=artifacts / "simulator_page_ar.png")


def test_russian_writes_a_decimal_comma_left_to_right(page, app_url, artifacts):
    open_in(page, app_url, "ru")
    assert page.evaluate(DIRECTION, "[data-testid='stMain']") == "ltr"
    values = page.locator(METRIC_VALUE).all_inner_texts()
    assert not any(re.search(r"\d\.\d", value) for value in values), values  # no decimal point in Russian
    page.screenshot(path=artifacts / "simulator_page_ru.png")


def test_a_fragment_redrawn_alone_keeps_the_language(page, app_url):
    open_in(page, app_url, "es")
    with using("es"):
        note, download = _("Note"), _("Scenario CSV (with results)")
    field = page.get_by_role("textbox", name=note)
    field.fill("acordado con finanzas")
    field.press("Tab")  # reruns only the downloads and the save panel (a fragment)
    page.wait_for_timeout(2_000)
    wait_until_idle(page)
    expect(page.get_by_role("button", name=download, exact=True)).to_be_visible()
    assert page.get_by_role("button", name="Scenario CSV (with results)", exact=True).count() == 0
