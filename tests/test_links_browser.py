"""A crafted share link in a real Chromium at 1366x768: the notices stay one line, the headline stays in view."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from tests.test_browser import ODDS, PROJECTOR, open_app, wait_until_idle

pytestmark = pytest.mark.browser

#: Twenty-two bad values and unknown parameters: shown one box each, they would fill two screens.
CRAFTED = {
    "v": "2",
    "name": "Crafted <b>link</b> — Прогноз",
    "reps": "NaN",
    "trials": "1e400",
    "seed": "-5",
    "target_deadline_month": "99",
    "horizon_months": "1e6",
    **{f"unknown_{i}": "x" * 300 for i in range(12)},
    **dict.fromkeys(("win_rate_low", "win_rate_high", "deal_size_low_usd", "deal_size_high_usd"), "banana"),
    **dict.fromkeys(("marketing_spend_usd_per_month", "cost_per_rep_usd_per_month"), "-1e400"),
}


def test_a_crafted_link_keeps_the_headline_above_the_fold(page, app_url, artifacts):
    open_app(page, f"{app_url}/?{urlencode(CRAFTED)}")
    label = page.get_by_text("22 link values were not used as given")  # 10 unknown named, 2 summed up
    assert label.is_visible()
    odds = page.locator(ODDS).first.bounding_box()
    assert odds["y"] + odds["height"] < PROJECTOR["height"]
    page.screenshot(path=artifacts / "link_notices_collapsed.png")
    label.click()  # opened, the notices are there to read
    page.get_by_text("more unknown link parameters were ignored").wait_for()
    wait_until_idle(page)
    page.screenshot(path=artifacts / "link_notices_open.png")


def test_a_dragged_slider_writes_meaningful_digits_in_the_link(page, app_url):
    open_app(page, app_url)
    thumb = page.get_by_role("slider", name="Win rate").first  # the range's lower handle
    thumb.focus()
    for _ in range(44):  # 18% + 44 steps of 0.1: where float steps add up to 22.400000000000002
        thumb.press("ArrowRight")
    page.wait_for_function("() => new URLSearchParams(location.search).get('win_rate_low') !== '0.18'")
    wait_until_idle(page)
    link = parse_qs(urlparse(page.url).query)
    assert link["win_rate_low"] == ["0.224"]
    assert len(page.url) < 600
