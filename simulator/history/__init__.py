"""A team's record: CRM history files read, ranges fitted, targets judged, re-forecasts and backtests."""

from simulator.history.backtest import Backtest, backtest
from simulator.history.fit import RATES, Fit, fit, weights
from simulator.history.fitted_table import fitted_rows
from simulator.history.judge import Judgement, judge
from simulator.history.reader import REQUIRED, History, HistoryError, Problem, read_history
from simulator.history.reforecast import Actuals, Reforecast, reforecast, typical_actuals
from simulator.history.sample import engine_history

__all__ = [
    "RATES",
    "REQUIRED",
    "Actuals",
    "Backtest",
    "Fit",
    "History",
    "HistoryError",
    "Judgement",
    "Problem",
    "Reforecast",
    "backtest",
    "engine_history",
    "fit",
    "fitted_rows",
    "judge",
    "read_history",
    "reforecast",
    "typical_actuals",
    "weights",
]
