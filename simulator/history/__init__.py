"""A team's record: CRM history files read, ranges fitted, targets judged, re-forecasts and backtests."""

from simulator.history.backtest import Backtest, backtest
from simulator.history.channel_fit import ChannelFit, fit_channels
from simulator.history.fit import RATES, Fit, fit, weights
from simulator.history.fitted_table import fitted_channel_rows, fitted_rows
from simulator.history.judge import Judgement, judge, judge_target
from simulator.history.reader import CHANNEL_REQUIRED, REQUIRED, History, HistoryError, Problem, read_history
from simulator.history.reforecast import Actuals, Reforecast, reforecast, typical_actuals
from simulator.history.sample import (
    channel_history_frame,
    channel_history_scenario,
    engine_history,
    with_customer_base,
)
from simulator.history.subscription_fit import SubscriptionFit, fit_subscription, subscription_rows

__all__ = [
    "CHANNEL_REQUIRED",
    "RATES",
    "REQUIRED",
    "Actuals",
    "Backtest",
    "ChannelFit",
    "Fit",
    "History",
    "HistoryError",
    "Judgement",
    "Problem",
    "Reforecast",
    "SubscriptionFit",
    "backtest",
    "channel_history_frame",
    "channel_history_scenario",
    "engine_history",
    "fit",
    "fit_channels",
    "fit_subscription",
    "fitted_channel_rows",
    "fitted_rows",
    "judge",
    "judge_target",
    "read_history",
    "reforecast",
    "subscription_rows",
    "typical_actuals",
    "weights",
    "with_customer_base",
]
