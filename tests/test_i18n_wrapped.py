"""No English the catalogues cannot see: a page's text given to Streamlit as a bare string or an f-string is never
extracted, so it would stay English in every language."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Streamlit calls whose first argument, or label/help/caption/placeholder, is text a manager reads.
TEXT_CALLS = {
    "button", "caption", "checkbox", "code", "data_editor", "date_input", "download_button", "error", "expander",
    "file_uploader", "form_submit_button", "header", "info", "markdown", "metric", "multiselect", "number_input",
    "page_link", "pills", "popover", "radio", "segmented_control", "select_slider", "selectbox", "slider",
    "spinner", "subheader", "success", "tabs", "text", "text_area", "text_input", "title", "toast", "toggle",
    "warning", "write", "link_button", "status", "TextColumn", "NumberColumn", "CheckboxColumn", "SelectboxColumn",
    "DateColumn", "Column", "ProgressColumn", "LinkColumn",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "caption", "placeholder", "title", "value_label"}
LETTERS = re.compile(r"[A-Za-z]{2,}")
#: Streamlit's markup that is not words: icons (":material/hub:") and colours (":red[...]").
MARKUP = re.compile(r":material/[a-z_]+:|:[a-z]+\[")


def _literal_text(node: ast.AST) -> str:
    """The English a node writes itself: a string's letters, or an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(part.value for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):  # "a" + "b"
        return _literal_text(node.left) + " " + _literal_text(node.right)
    return ""


def _bare_texts(path: Path) -> list[str]:
    return _bare_texts_under(path, ROOT)


def _bare_texts_under(path: Path, root: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in TEXT_CALLS or getattr(node.func.value, "id", "") in ("logger", "logging"):
            continue
        arguments = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for argument in arguments:
            text = MARKUP.sub(" ", _literal_text(argument))
            # Markdown-only strings ("---", "#####") and CSS are not words.
            if LETTERS.search(text) and not text.lstrip().startswith("<style"):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {text[:70]!r}")
    return found


PAGE_FILES = [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").glob("*.py"))]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda path: path.name)
def test_a_pages_text_goes_through_the_catalogues(path):
    assert _bare_texts(path) == []


def _raised_bare(path: Path) -> list[str]:
    """``raise InputError("...")`` with English the catalogues cannot see."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            if name == "InputError":
                for argument in node.exc.args[1:] + [k.value for k in node.exc.keywords if k.arg == "allowed"]:
                    if LETTERS.search(_literal_text(argument)):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "simulator").rglob("*.py")), ids=lambda path: str(path.relative_to(ROOT))
)
def test_a_refusal_of_the_model_is_said_in_the_catalogues_words(path):
    assert _raised_bare(path) == []


def test_the_checks_find_bare_text(tmp_path):
    page = tmp_path / "page.py"
    page.write_text('st.button("Save")\nst.caption(f"{n} deals")\nst.markdown(f"##### {x}")\nst.info(_("Ok"))\n')
    assert [line.split(": ", 1)[1] for line in _bare_texts_under(page, tmp_path)] == ["'Save'", "' deals'"]
