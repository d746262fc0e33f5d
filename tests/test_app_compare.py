"""The compare page through the router: the scenario edited on the simulator page is "X (edited)", never a second
"X", and a table shows the inputs that set the compared scenarios apart (issue 10)."""

import re

from tests.test_app import start
from ui.library import ON_SIMULATOR


def compare_page(at):
    at.switch_page("views/compare.py").run()
    assert not at.exception
    return at


def shown(markdown: str) -> str:
    """Markdown as the reader sees it: user text is escaped on the page."""
    return re.sub(r"\\(.)", r"\1", markdown)


def differs_table(at):
    """The "What differs" table: the last one on the page."""
    return at.dataframe[-1].value if len(at.dataframe) > 1 else None


def test_the_untouched_scenario_keeps_its_name_and_nothing_differs():
    at = start()
    name = at.selectbox(key="picker").value
    at = compare_page(at)
    picked = at.multiselect(key="compare_picked")
    picked.set_value([ON_SIMULATOR, name]).run()
    assert not at.exception
    assert list(at.dataframe[0].value["Scenario"]) == [name, name]
    assert differs_table(at) is None
    assert any(m.value.startswith("Nothing: the scenarios have the same inputs") for m in at.markdown)


def test_an_edited_scenario_is_named_edited_and_its_change_is_shown():
    at = start()
    name = at.selectbox(key="picker").value
    low, high = at.slider(key="win_rate").value
    at.slider(key="win_rate").set_value((low + 6, high + 6)).run()
    at = compare_page(at)
    at.multiselect(key="compare_picked").set_value([name, ON_SIMULATOR]).run()
    assert not at.exception
    edited = f"{name} (edited)"
    assert list(at.dataframe[0].value["Scenario"]) == [name, edited]
    sentences = [shown(m.value) for m in at.markdown if "the odds" in m.value]
    assert any(f"{edited} raises the odds" in s and s.rstrip(".").endswith(f"against {name}") for s in sentences)
    table = differs_table(at)
    assert list(table.columns) == ["Input", name, edited]
    assert list(table["Input"]) == ["Win rate"]
    before, after = table.iloc[0][name], table.iloc[0][edited]
    assert before != after
    assert before.endswith("%")
    assert after.endswith("%")
    # A rerun of the cached comparison draws the same tables.
    at.run()
    assert not at.exception
    assert differs_table(at).equals(table)


def test_scenarios_with_different_inputs_list_only_those_inputs():
    at = compare_page(start())
    options = [o for o in at.multiselect(key="compare_picked").options if o != ON_SIMULATOR]
    at.multiselect(key="compare_picked").set_value(options[:2]).run()
    assert not at.exception
    table = differs_table(at)
    assert table is not None
    assert len(table) >= 1
    assert list(table.columns) == ["Input", *options[:2]]
    for _, row in table.iterrows():
        assert row[options[0]] != row[options[1]]
