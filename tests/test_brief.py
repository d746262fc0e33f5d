"""The scenario brief: one A4 landscape page whose text says the target, the odds and the verdict; its PNG; the
command line that writes it; briefs made from several threads at once; and the comparison brief."""

import csv
import io
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from simulator import Metric, Range, Scenario, Target, simulate
from simulator.analysis.compare import compare
from simulator.analysis.levers import heading
from simulator.analysis.summaries import summarize
from simulator.analysis.what_would_it_take import what_would_it_take
from simulator.cli import main
from simulator.files.file_names import file_stem
from simulator.files.scenario_csv import read_scenarios, write_scenarios
from simulator.model.target import Direction
from simulator.report.brief import scenario_brief
from simulator.report.comparison_brief import comparison_brief
from simulator.report.formats import odds_text
from tests.conftest import missing

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "sample_data" / "scenarios.csv"
A4_LANDSCAPE = (841.89, 595.28)  # points
MADE = date(2026, 3, 2)
TRIALS = 2000  # fewer than the samples' 20,000, to keep the tests quick


def samples(trials: int = TRIALS) -> list[Scenario]:
    return [replace(s, trials=trials) for s in read_scenarios(SAMPLE)]


def page_text(pdf: bytes) -> tuple[int, tuple[float, float], str]:
    """Page count, page 1's size in points and its text, read back by PDFium."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        return len(document), tuple(page.get_size()), page.get_textpage().get_text_bounded()
    finally:
        document.close()


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces as single spaces, as a sentence is read."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def briefs():
    """Each sample at 2,000 trials with its summary and brief, made without what it would take."""
    made = []
    for scenario in samples():
        summary = summarize(simulate(scenario))
        made.append((scenario, summary, scenario_brief(scenario, summary=summary, made=MADE, dpi=100)))
    return made


@pytest.mark.parametrize("index", range(5))
def test_brief_is_one_a4_landscape_page_with_the_target_odds_and_verdict(briefs, index):
    scenario, summary, brief = briefs[index]
    pages, size, text = page_text(brief.pdf)
    assert pages == 1
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    text = one_line(text)
    assert scenario.target.describe() in text
    assert scenario.name in text
    assert f"Chance to hit target {odds_text(summary.answer.probability)} " in text
    assert summary.answer.verdict.value in text
    assert f"± {summary.answer.standard_error * 100:.1f} pts standard error ({TRIALS:,} trials)" in text
    assert MADE.isoformat() in text
    assert f"--trials {TRIALS} --seed {scenario.seed}" in text
    assert "Not worked out for this brief" in text  # no what-it-would-take was given
    assert f"--seed {scenario.seed} --out DIR" in text  # the brief's own command, with no confidence


@pytest.mark.parametrize("index", range(5))
def test_png_is_the_page_at_the_chosen_dpi(briefs, index):
    image = Image.open(io.BytesIO(briefs[index][2].png))
    assert image.format == "PNG"
    assert image.size == pytest.approx((A4_LANDSCAPE[0] * 100 / 72, A4_LANDSCAPE[1] * 100 / 72), abs=1)
    # Not a blank page: a title in dark ink on white.
    assert image.convert("L").getextrema()[0] < 50


def test_pdftoppm_renders_the_brief(briefs, tmp_path):
    if shutil.which("pdftoppm") is None:
        missing("poppler's pdftoppm is not installed: apt-get install -y poppler-utils")
    path = tmp_path / "brief.pdf"
    path.write_bytes(briefs[0][2].pdf)
    done = subprocess.run(
        ["pdftoppm", "-r", "36", "-png", path, tmp_path / "page"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.glob("page*.png")] == ["page-1.png"]  # one page, nothing more
    with Image.open(tmp_path / "page-1.png") as page:
        assert page.size == pytest.approx((A4_LANDSCAPE[0] / 2, A4_LANDSCAPE[1] / 2), abs=1)


def test_levers_and_what_it_would_take_come_from_the_tornado_and_goal_seek():
    scenario = samples(1000)[0]
    answer = what_would_it_take(scenario, 0.7)
    brief = scenario_brief(scenario, summary=summarize(simulate(scenario)), what_it_would_take=answer, made=MADE)
    text = one_line(page_text(brief.pdf)[2])
    top = answer.swings[0]
    assert (
        f"{heading(top.lever)} {top.low_label} → {top.high_label} {top.odds_low:.0%} → {top.odds_high:.0%}" in text
    )
    assert "What it would take for 70%, one lever at a time" in text
    assert all(heading(r.lever) in text for r in answer.requirements)
    assert "--confidence 70 --out DIR" in text
    assert "Not worked out" not in text


def test_the_command_on_the_brief_reproduces_its_odds(briefs, tmp_path, monkeypatch):
    scenario, summary, brief = briefs[2]
    text = one_line(page_text(brief.pdf)[2])
    command = re.search(r"python -m simulator (run .*? --seed \d+)", text).group(1).split()
    monkeypatch.chdir(tmp_path)
    (tmp_path / f"{file_stem(scenario.name)}.csv").write_text(write_scenarios([scenario]), encoding="utf-8")
    assert main([*command, "--out", str(tmp_path / "out")]) == 0
    with open(tmp_path / "out" / "summary.csv", encoding="utf-8") as file:
        row = next(csv.DictReader(file))
    assert float(row["hit_probability"]) == pytest.approx(summary.answer.probability, abs=1e-9)


def test_cyrillic_names_are_written_with_the_font_that_ships_with_matplotlib():
    scenario = Scenario(name="Продажи: третий квартал", trials=300)
    brief = scenario_brief(scenario, summary=summarize(simulate(scenario)), made=MADE)
    assert "Продажи: третий квартал" in page_text(brief.pdf)[2]
    assert brief.stem == "Продажи__третий_квартал"


def test_a_ceiling_target_has_no_goal_seek_and_says_so(tmp_path, capsys):
    ceiling = Scenario(
        name="CAC/ceiling",
        trials=300,
        target=Target(metric=Metric.CAC, direction=Direction.AT_MOST, value=5000, deadline_month=3),
    )
    same_stem = replace(ceiling, name="CAC:ceiling")
    source = tmp_path / "two.csv"
    source.write_text(write_scenarios([ceiling, same_stem]), encoding="utf-8")
    assert main(["brief", str(source), "--out", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["CAC_ceiling.pdf", "CAC_ceiling.png", "CAC_ceiling_2.pdf", "CAC_ceiling_2.png"]
    assert "Not worked out" in page_text((tmp_path / "out" / "CAC_ceiling.pdf").read_bytes())[2]
    assert "Wrote" in capsys.readouterr().out


def test_cli_writes_a_pdf_and_a_png_per_sample(tmp_path, capsys):
    assert main(["brief", str(SAMPLE), "--out", str(tmp_path), "--trials", "2000"]) == 0
    out = capsys.readouterr().out
    for scenario in read_scenarios(SAMPLE):
        pdf, png = tmp_path / f"{file_stem(scenario.name)}.pdf", tmp_path / f"{file_stem(scenario.name)}.png"
        assert f"Wrote {pdf} and {png}" in out
        pages, _, text = page_text(pdf.read_bytes())
        assert pages == 1
        assert scenario.target.describe() in one_line(text)
        assert Image.open(png).format == "PNG"


@pytest.mark.parametrize("confidence", ["0", "100", "eighty"])
def test_bad_confidence_exits_2_with_one_line(confidence, tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["brief", str(SAMPLE), "--confidence", confidence, "--out", str(tmp_path)])
    assert stopped.value.code == 2
    assert "is not a percentage between 1 and 99" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_briefs_made_at_once_from_threads_match_those_made_one_at_a_time(briefs):
    """The server makes briefs for several sessions at once: no brief may take another's chart, text or page."""
    jobs = [(scenario, summary) for scenario, summary, _ in briefs[:2]] * 3
    alone = [scenario_brief(s, summary=m, made=MADE, dpi=100) for s, m in jobs]
    start = threading.Barrier(len(jobs))

    def make(job):
        start.wait()  # all at once
        return scenario_brief(job[0], summary=job[1], made=MADE, dpi=100)

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        together = list(pool.map(make, jobs))
    assert alone[0].png != alone[1].png  # two different briefs, so a mix-up would show
    assert [b.png for b in together] == [b.png for b in alone]
    assert [page_text(b.pdf)[2] for b in together] == [page_text(b.pdf)[2] for b in alone]


def test_the_report_uses_no_pyplot_and_no_streamlit():
    code = (
        "import sys, simulator.report; "
        "assert 'matplotlib.pyplot' not in sys.modules and 'streamlit' not in sys.modules, sorted(sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_comparison_brief_shows_each_scenario_and_the_paired_differences():
    first = samples(1000)[0]
    better = replace(first, name="Better win rate", win_rate=Range(0.22, 0.30))
    comparison = compare([first, better])
    brief = comparison_brief(comparison, made=MADE, dpi=72)
    pages, size, text = page_text(brief.pdf)
    text = one_line(text)
    assert pages == 1
    assert size == pytest.approx(A4_LANDSCAPE, abs=1)
    assert f"Target for all: {first.target.describe()}" in text
    change, error = comparison.differences[0]
    assert change > 0  # a better win rate, so a mix-up of the two would show
    assert f"Better win rate {odds_text(comparison.summaries[1].answer.probability)} ± " in text
    assert f"+{change * 100:.1f} ± {error * 100:.1f} pts" in text
    assert comparison.sentences()[0] in text
    assert "Win rate 18%–26% 22%–30%" in text  # what differs, and nothing else
    assert "Traffic" not in text.split("What differs")[1]
    assert Image.open(io.BytesIO(brief.png)).size == pytest.approx((842, 595), abs=1)


def test_an_arabic_name_is_shaped_and_reads_right_to_left():
    scenario = replace(Scenario(trials=500), name="خطة الربع")
    brief = scenario_brief(scenario, summary=summarize(simulate(scenario)), made=date(2026, 1, 5))
    page = pypdfium2.PdfDocument(brief.pdf)[0]
    characters = page.get_textpage()
    start = characters.get_text_range().index("خطة")  # the letters come back in reading order
    lefts = [characters.get_charbox(start + k)[0] for k in range(3)]
    assert lefts[0] > lefts[1] > lefts[2]  # each letter to the left of the one before: right to left
