"""Nothing is translated when a module is imported: a server imports each module once, in whichever language its
first session speaks, and a word translated then would stay in that language for every later session."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DUMP = """
import dataclasses, enum, importlib, json, pkgutil, sys
from simulator.i18n import set_language
set_language(sys.argv[1])
import simulator, ui
names = [
    module.name
    for package in (simulator, ui)
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
]
for name in names:
    if not name.endswith("__main__"):
        importlib.import_module(name)

def strings(value, depth=0):
    if isinstance(value, str):
        return [value]
    if depth > 2 or isinstance(value, type):
        return []
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k, depth + 1) + strings(v, depth + 1)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [s for item in value for s in strings(item, depth + 1)]
    if dataclasses.is_dataclass(value):
        return [s for field in dataclasses.fields(value) for s in strings(getattr(value, field.name), depth + 1)]
    return []

print(json.dumps({
    f"{module}.{name}": sorted(map(str, strings(value)))
    for module in sorted(names) if module in sys.modules
    for name, value in vars(sys.modules[module]).items() if not name.startswith("__")
}))
"""


def module_strings(code: str) -> dict[str, list[str]]:
    run = subprocess.run(
        [sys.executable, "-c", DUMP, code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=600
    )
    return json.loads(run.stdout)


def test_the_modules_hold_the_same_words_imported_in_any_language():
    english = module_strings("en")
    for code in ("es", "ar"):
        other = module_strings(code)
        changed = sorted(name for name in english if english[name] != other.get(name))
        assert changed == [], f"translated at import in {code}: {changed}"
