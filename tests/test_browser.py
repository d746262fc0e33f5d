"""The main flows in a real Chromium against `streamlit run app.py` (Playwright)."""

import csv
import io
import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from simulator.report.formats import odds_text

pytestmark = pytest.mark.browser
ODDS = "[data-testid='stMetric']:has-text('Chance to hit target') >> [data-testid='stMetricValue']"


# The app is settled when no run is in progress, no element is stale from the last run, every chart has drawn
# its plot area and every table on screen its grid: a condition, never a fixed sleep.
SETTLED = """() => !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector("[data-stale='true']")
    && [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => c.querySelector(".main-svg"))
    && [...document.querySelectorAll("[data-testid='stDataFrame']")]
        .filter(d => d.checkVisibility() && d.getBoundingClientRect().top < window.innerHeight)
        .every(d => [...d.querySelectorAll("canvas")].some(c => c.width > 0))"""
PROJECTOR = {"width": 1366, "height": 768}
CHARTS = "[data-testid='stPlotlyChart'] .main-svg"
GRID_FOCUSED = "() => document.activeElement?.closest(\"[data-testid='stDataFrame']\") != null"


def wait_until_idle(page):
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(SETTLED, timeout=60_000)


def screenshot_once_shown(page, text: str, path, *, full_page: bool = False) -> None:
    """Wait for `text` and for the app to settle, then take the picture (what a projector shows, by default)."""
    page.wait_for_selector(f"text={text}", timeout=60_000)
    wait_until_idle(page)
    page.get_by_text(text).first.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no tooltip of the last button pressed in the picture
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    wait_until_idle(page)
    page.screenshot(path=path, full_page=full_page)


def open_app(page, url):
    page.set_viewport_size(PROJECTOR)
    page.goto(url)
    page.wait_for_selector(ODDS, timeout=60_000)
    page.wait_for_selector(CHARTS, timeout=60_000)  # drawn a moment after the odds, on a first visit
    wait_until_idle(page)


def test_page_loads_with_the_odds_and_a_slider_changes_them(page, app_url, artifacts):
    open_app(page, app_url)
    before = page.inner_text(ODDS)
    assert before.endswith("%")
    # At 1366x768 the headline, the first chart and the key levers show without scrolling.
    for visible in (ODDS, "text=How the target metric could turn out", "text=Win rate", "text=Sales reps"):
        assert page.locator(visible).first.bounding_box()["y"] < PROJECTOR["height"], visible
    page.screenshot(path=artifacts / "simulator_page.png")

    thumb = page.get_by_role("slider", name="Win rate").last  # the range's upper handle
    thumb.focus()
    for _ in range(40):
        thumb.press("ArrowRight")
    expect(page.locator(ODDS)).not_to_have_text(before, timeout=30_000)
    wait_until_idle(page)
    assert page.inner_text(ODDS) != before
    page.screenshot(path=artifacts / "simulator_page_after_slider.png")


def test_scenario_csv_downloads_and_opens_again_with_the_same_odds(page, app_url, tmp_path):
    open_app(page, app_url)
    odds = page.inner_text(ODDS)
    with page.expect_download() as download:
        page.get_by_role("button", name="Scenario CSV (with results)").click()
    saved = tmp_path / "scenario.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == 1
    assert odds_text(float(rows[0]["hit_probability"])) == odds

    page.get_by_text("Open a scenario CSV").click()
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("stFileUploaderDropzone").click()
    chooser.value.set_files(str(saved))
    page.wait_for_selector("text=Opened 1 scenario from scenario", timeout=30_000)
    wait_until_idle(page)
    assert page.inner_text(ODDS) == odds


def test_inputs_that_move_together_in_the_sidebar(page, app_url, artifacts):
    open_app(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("These move together").click()
    slider = sidebar.get_by_role("slider", name="Visits & visit → lead rate")
    slider.scroll_into_view_if_needed()
    slider.focus()
    for _ in range(5):  # 0 -> -0.5: more visits from broader ads convert worse
        slider.press("ArrowLeft")
    page.wait_for_selector("text=Traffic and visit-to-lead rate move opposite ways: -0.5", timeout=30_000)
    wait_until_idle(page)
    assert page.get_by_test_id("stMain").get_by_text("move opposite ways").is_visible()
    # The whole control on screen, as a manager sees it on a projector.
    sidebar.get_by_text("These move together").evaluate("e => e.scrollIntoView({block: 'start'})")
    last = sidebar.get_by_role("slider", name="Lead → qualified & win rate")
    assert last.bounding_box()["y"] < PROJECTOR["height"]
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=artifacts / "moving_together.png")
    assert "correlations=traffic_mean~visit_to_lead=-0.5" in unquote(page.url)  # the share link carries it


def test_a_channels_spend_typed_in_the_editor_moves_the_odds(page, app_url, artifacts):
    open_app(page, app_url)
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name="Four channels: Q3 deals +20%", exact=True).click()  # not a saved copy
    page.wait_for_selector("text=Lead channels (4)", timeout=60_000)
    wait_until_idle(page)
    before = page.inner_text(ODDS)
    page.get_by_text("Lead channels (4)").click()
    wait_until_idle(page)
    table = page.get_by_test_id("stDataFrame").first
    table.locator("canvas").first.wait_for(state="visible", timeout=30_000)  # the grid drawn, under load too
    grid = table.bounding_box()
    # The grid is a canvas: select Website's name (first row, under a 35 px header), walk with the keys to Paid
    # search's "Spend a month ($)", one row down and five columns right, open it with Enter and type over it.
    # Keys pressed before the grid holds the focus are lost (seen on a loaded machine: Website's spend, which
    # moves nothing, was typed over instead), and on a loaded machine a click can land while the grid is still
    # being laid out and leave the focus outside it (CI, 2026-11-30): click until the grid holds the focus.
    for _attempt in range(10):
        page.mouse.click(grid["x"] + 60, grid["y"] + 35 + 17)
        try:
            page.wait_for_function(GRID_FOCUSED, timeout=3_000)
            break
        except PlaywrightTimeoutError:
            grid = table.bounding_box()  # measured again: the page may have moved under the first click
    page.wait_for_function(GRID_FOCUSED, timeout=3_000)
    page.keyboard.press("ArrowDown")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    editor = page.locator("input.gdg-input")  # the grid's cell editor, drawn over the cell
    expect(editor).to_be_visible(timeout=30_000)
    editor.fill("40000")
    editor.press("Enter")
    expect(page.locator(ODDS)).not_to_have_text(before, timeout=60_000)
    assert float(page.inner_text(ODDS).rstrip("%")) > float(before.rstrip("%"))  # more spend: better odds
    assert "spend%3D40000" in page.url or "spend=40000" in unquote(page.url)  # the share link carries it
    screenshot_once_shown(page, "Lead channels (4)", artifacts / "channels_editor.png")
    screenshot_once_shown(page, "Lead channels, months 7–9", artifacts / "channels.png")


def test_what_would_it_take_and_the_breakdown_page(page, app_url, artifacts):
    open_app(page, app_url)
    page.get_by_role("button", name="Work it out").click()
    screenshot_once_shown(page, "Which lever moves the odds most", artifacts / "what_would_it_take_tornado.png")
    screenshot_once_shown(page, "What would it take?", artifacts / "what_would_it_take.png")

    page.goto(f"{app_url}/goal_breakdown")
    screenshot_once_shown(page, "add up to the annual goal", artifacts / "goal_breakdown.png")


def test_the_results_panels_own_controls_rerun_only_their_part(page, app_url):
    # What the server sends after each action, as raw websocket frames: a whole-page run sends the sidebar's
    # inputs again, a fragment's run only its own elements, and a download that changes nothing sends nothing.
    frames = []
    # A lambda, not frames.append: Playwright marks each handler it wraps, and a built-in method can't be marked.
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(frame)))
    open_app(page, app_url)

    def sent_during(action) -> bytes:
        frames.clear()
        action()
        # The answer starts a moment after the action (a text field commits on blur), and the page looks idle
        # before it: wait until no frame has come for a second (a download that reruns nothing sends none).
        quiet_polls = 0
        for _poll in range(240):  # at most a minute
            count = len(frames)
            page.wait_for_timeout(250)
            quiet_polls = quiet_polls + 1 if len(frames) == count else 0
            if quiet_polls == 4:
                break
        wait_until_idle(page)
        return received()

    def received() -> bytes:
        return b"".join(f if isinstance(f, bytes) else f.encode() for f in frames)

    note = page.get_by_role("textbox", name="Note")
    typed = sent_during(lambda: (note.fill("agreed with finance"), note.press("Tab")))
    assert b"Save to library" in typed  # the panel ran again
    assert b"Win rate" not in typed  # the rest of the page did not
    assert b"Chance to hit target" not in typed
    with page.expect_download():
        downloaded = sent_during(lambda: page.get_by_role("button", name="Scenario CSV (with results)").click())
    assert b"Save to library" not in downloaded
    assert b"Win rate" not in downloaded
    thumb = page.get_by_role("slider", name="Win rate").last
    frames.clear()
    thumb.focus()
    thumb.press("ArrowRight")
    # The slider sends its value after a short debounce, so "idle" can be seen before the rerun starts: wait for
    # the rerun's frames themselves (a page that never reran fails here, after the timeout).
    for _ in range(120):
        moved = received()
        if b"Chance to hit target" in moved:
            break
        page.wait_for_timeout(500)
    assert b"Win rate" in moved  # an input reruns the whole page
    assert b"Chance to hit target" in moved


def test_the_brief_downloads_as_a_one_page_pdf(page, app_url, artifacts):
    open_app(page, app_url)
    with page.expect_download(timeout=120_000) as download:  # made on the click: the chart and the levers
        page.get_by_role("button", name="One-page brief (PDF)").click()
    path = artifacts / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.endswith("_brief.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    assert b"/Count 1" in path.read_bytes()  # one page


def test_save_reload_and_compare(page, app_url, artifacts):
    open_app(page, app_url)
    name = "Browser plan – План"
    page.get_by_role("textbox", name="Save as").fill(name)
    page.get_by_role("textbox", name="Save as").press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Save to library").click()
    page.wait_for_selector("text=Saved", timeout=30_000)
    # The save panel reruns by itself, but a save reruns the whole page, so the picker lists it at once.
    picker = page.get_by_role("combobox", name="Scenario")
    expect(picker).to_have_value(re.compile("^Browser plan"), timeout=30_000)

    page.reload()
    page.wait_for_selector(ODDS, timeout=60_000)
    page.goto(f"{app_url}/library")
    page.wait_for_selector("text=Saved in", timeout=60_000)
    wait_until_idle(page)
    expect(page.get_by_text(name).first).to_be_visible(timeout=30_000)

    page.goto(f"{app_url}/compare")
    screenshot_once_shown(page, "The target metric in each scenario", artifacts / "compare.png")
    screenshot_once_shown(page, "What differs", artifacts / "compare_what_differs.png")


def test_calibrate_page(page, app_url, artifacts):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/calibrate")
    page.wait_for_selector("text=No problems found", timeout=60_000)
    page.get_by_role("button", name="Run the backtest").click()
    screenshot_once_shown(page, "Calibration: forecast odds", artifacts / "calibrate.png")


def test_subscription_mode_shows_the_recurring_revenue_figures(page, app_url, artifacts):
    open_app(page, app_url)
    page.get_by_text("Subscription: each won deal becomes a paying customer").click()
    wait_until_idle(page)
    for label, value in (("Customers today", "200"), ("Their MRR today ($ per month)", "100000")):
        box = page.get_by_role("spinbutton", name=label)
        box.fill(value)
        box.press("Enter")
        wait_until_idle(page)
    expect(page.locator("[data-testid='stMetric']:has-text('NRR, months')")).not_to_contain_text(
        "no value", timeout=30_000
    )
    # The heading at the top of the screen, so the figures and both charts under it are in the picture.
    page.get_by_text("Recurring revenue: medians of the trials").evaluate(
        "e => e.scrollIntoView({block: 'start'})"
    )
    screenshot_once_shown(page, "Recurring revenue: medians of the trials", artifacts / "subscription.png")


def test_weekly_review_page_on_the_sample(page, app_url, artifacts):
    page.set_viewport_size(PROJECTOR)
    page.goto(f"{app_url}/weekly_review")
    page.wait_for_selector("[data-testid='stMetric']:has-text('Chance to hit the goal')", timeout=60_000)
    page.wait_for_selector(CHARTS, timeout=60_000)
    # What a manager sees first at 1366x768: the chance, the pace and the coverage, without scrolling.
    for visible in ("text=Chance to hit the goal", "text=a week needed for the rest", "text=Coverage:"):
        assert page.locator(visible).first.bounding_box()["y"] < PROJECTOR["height"], visible
    screenshot_once_shown(page, "Chance to hit the goal", artifacts / "weekly_review.png")
    screenshot_once_shown(page, "The deals that matter", artifacts / "weekly_review_deals.png")
    # Next week's review, against this one saved: the chance moved, and the odds over the weeks are charted.
    page.get_by_role("textbox", name="The goal's name").fill("Q1 deals (browser test)")
    page.get_by_role("textbox", name="The goal's name").press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name=re.compile("^Save this review")).click()
    page.wait_for_selector("text=Saved the review of 9 Feb 2026", timeout=30_000)
    # The date box is masked as typed: pick the day on the calendar it opens, as a manager would.
    page.locator("[data-testid='stDateInput']", has_text="Review date").locator("input").focus()
    page.locator("[aria-label='Monday, February 16, 2026']").click()
    page.wait_for_selector("text=points since 9 Feb", timeout=60_000)
    page.wait_for_selector("text=Chance to hit the goal at each review", timeout=60_000)
    screenshot_once_shown(page, "The odds week by week", artifacts / "weekly_review_trend.png")
