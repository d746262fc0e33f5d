"""Deployment for a team: two app replicas on loopback, configured by environment variables, one PostgreSQL.

Each replica is a real `streamlit run app.py` server (its own process, caches and sessions), as behind a proxy;
a scenario saved in a real browser through one is listed on the other's Library page.
"""

import pytest
from playwright.sync_api import expect

from tests.conftest import new_database, streamlit_server
from tests.test_browser import open_app, wait_until_idle

pytestmark = pytest.mark.browser
#: The shipped .streamlit/config.toml says 2 MB: the environment variable must win over the file.
UPLOAD_MB = "7"


@pytest.fixture
def two_replicas(postgres_server):
    """Two app servers sharing one library database, configured by environment variables only."""
    environment = {
        "FUNNEL_LIBRARY_URL": new_database(postgres_server),
        "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": UPLOAD_MB,
    }
    with streamlit_server(environment) as (first, _), streamlit_server(environment) as (second, _):
        yield first, second


def test_a_scenario_saved_through_one_replica_is_listed_by_the_other(page, two_replicas):
    first, second = two_replicas
    name = "Team plan – saved on replica one"
    open_app(page, first)
    page.get_by_role("textbox", name="Save as").fill(name)
    page.get_by_role("textbox", name="Save as").press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="Save to library").click()
    page.wait_for_selector(f"text=Saved '{name}'", timeout=30_000)

    page.goto(f"{second}/library")
    page.wait_for_selector("text=Saved in postgresql", timeout=60_000)
    wait_until_idle(page)
    # Visible text only: the table's grid also keeps its cells in a hidden accessible copy.
    expect(page.locator(f"text={name} >> visible=true").first).to_be_visible(timeout=30_000)
    expect(page.locator(f"text={UPLOAD_MB}MB per file >> visible=true").first).to_be_visible()
