"""Project rules that code can check."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_simulator_never_imports_streamlit():
    code = (
        "import sys, simulator, simulator.cli, simulator.files.scenario_csv, simulator.bench; "
        "assert 'streamlit' not in sys.modules, 'streamlit was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_legacy_global_random_state():
    for path in (ROOT / "simulator").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "np.random.seed" not in text
        assert "np.random.rand" not in text
