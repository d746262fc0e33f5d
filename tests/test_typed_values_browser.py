"""Typed values in a real Chromium at 1366x768: what is typed is what the page uses, or the page says why not."""

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.test_browser import ODDS, open_app, wait_until_idle

pytestmark = pytest.mark.browser
REFUSED = "These inputs can't be simulated"


def test_a_rate_typed_above_100_is_refused_naming_the_input_and_the_range(page, app_url, artifacts):
    open_app(page, app_url)
    link = page.url
    box = page.get_by_role("spinbutton", name="Ramp-up productivity (%)")
    box.fill("150")
    box.press("Enter")
    message = page.get_by_text(REFUSED)
    message.wait_for(timeout=30_000)
    wait_until_idle(page)
    text = message.inner_text()
    assert "Ramp-up productivity (%): 150% is not allowed" in text  # the label and the value as typed
    assert "between 0% and 100%." in text
    expect(page.locator(ODDS)).to_have_count(0)  # no odds of the old 50% beside the typed 150
    assert box.input_value() == "150"
    assert page.url == link  # the link keeps the last inputs that could be simulated
    box.evaluate("e => e.scrollIntoView({block: 'center'})")  # the typed box beside the message
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=artifacts / "typed_value_refused.png")


def test_a_cycle_typed_with_two_decimals_shows_both(page, app_url):
    open_app(page, app_url)
    box = page.get_by_role("spinbutton", name="Sales cycle (months)")
    box.fill("1.25")
    box.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('sales_cycle_months') === '1.25'")
    wait_until_idle(page)
    box.blur()
    wait_until_idle(page)
    assert box.input_value() == "1.25"  # not 1.3: the box shows the value the page and the link use
    assert parse_qs(urlparse(page.url).query)["sales_cycle_months"] == ["1.25"]


def test_stepping_the_deadline_down_relabels_the_window_and_keeps_the_page_running(page, app_url):
    open_app(page, app_url)
    deadline = page.get_by_role("spinbutton", name="Deadline (month)")
    down = deadline.locator("xpath=../..").get_by_test_id("stNumberInputStepDown")
    for month in (2, 1):  # the window's label names the deadline: the browser must send back the new one
        down.click()
        wait_until_idle(page)
        assert deadline.input_value() == str(month)
    page.wait_for_function("() => new URLSearchParams(location.search).get('target_deadline_month') === '1'")
    expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
    expect(page.locator(ODDS)).to_have_count(1)
