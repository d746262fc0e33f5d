"""The result columns of an exported scenario row: the odds, the verdict and the percentiles after the inputs.

The rows a run exports carry its results (:func:`~simulator.files.scenario_csv.write_scenarios`); reading
ignores them and recomputes identical ones. The engine column says which engine computed them
(:func:`~simulator.files.scenario_csv.recomputed_results_note`).
"""

from __future__ import annotations

from simulator.analysis.targets import PERCENTILES, TargetResult
from simulator.analysis.windows import WINDOW_FIGURES
from simulator.engine.funnel import ENGINE_VERSION

#: The result column that says which engine computed the results (absent: engine 1).
ENGINE_COLUMN = "engine_version"


def result_columns() -> list[str]:
    """Headers of the result columns that exported rows carry after the inputs."""
    stages = [f"{name}_p{p}" for name in WINDOW_FIGURES for p in PERCENTILES]
    return [
        ENGINE_COLUMN,
        "target_threshold",
        "hit_probability",
        "hit_probability_standard_error",
        "verdict",
        "commit",
        "most_likely",
        "best_case",
        *stages,
    ]


def result_row(answer: TargetResult) -> dict[str, object]:
    """The result columns of one evaluated scenario."""
    row = {
        ENGINE_COLUMN: ENGINE_VERSION,
        "target_threshold": answer.threshold,
        "hit_probability": answer.probability,
        "hit_probability_standard_error": answer.standard_error,
        "verdict": answer.verdict.value,
        "commit": answer.commit,
        "most_likely": answer.most_likely,
        "best_case": answer.best_case,
    }
    for metric, values in answer.percentiles.items():
        row.update({f"{metric}_p{p}": value for p, value in zip(PERCENTILES, values, strict=False)})
    return row
