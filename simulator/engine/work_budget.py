"""The work budget: a run the server cannot afford is refused before it starts, with what to lower.

A shared link, a file, a typed value or a caller of the library is untrusted input, and one run must not
hold a shared server for hours or ask for more memory than it has. :func:`check_work` estimates, from the
inputs alone, what :func:`~simulator.engine.funnel.simulate` would do, and raises
:class:`~simulator.model.checks.InputError` naming the field to lower when a run would exceed:

* **trials**: :func:`simulator.settings.max_trials` (``FUNNEL_MAX_TRIALS``, by default 1,000,000). The result
  holds every figure for every trial and month, about :data:`BYTES_PER_TRIAL_MONTH` bytes each at the peak of
  a run and its summary, so this bounds memory: a million trials of 24 months is about 1.9 GB;
* **visits in a month**: :data:`MAX_VISITS_PER_MONTH`, checked at the highest mean traffic a trial can draw
  (:data:`Z_CEILING` standard deviations up) grown for the horizon: counts beyond stay exact but take far longer,
  and past 2**63 they would not fit;
* **opportunities**: :data:`MAX_OPPORTUNITIES` worked or open, all trials together, since each one is
  simulated on its own (won or lost, its cycle, its size);
* **actual deals' sizes**: :data:`MAX_ACTUAL_SIZES`, when a re-forecast's actuals give won deals without their
  revenue, so that every trial draws each deal's size.

Examples
--------
>>> from simulator.model.scenario import Scenario
>>> check_work(Scenario(trials=20_000))
>>> check_work(Scenario(trials=5_000_000, horizon_months=24))
Traceback (most recent call last):
...
simulator.model.checks.InputError: trials = 5000000 is not allowed: it must be at most 1,000,000, this server's maximum (FUNNEL_MAX_TRIALS); 5,000,000 trials x 24 months would hold about 9.6 GB of memory
"""  # noqa: E501

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from simulator.i18n import _, number_text
from simulator.model.channels import Channel, ChannelUnit
from simulator.model.checks import InputError
from simulator.model.distributions import Z95, amount_quantile, lognormal_parameters
from simulator.model.scenario import Scenario
from simulator.model.subscription import RevenueMode
from simulator.settings import MAX_TRIALS_VARIABLE, max_trials

if TYPE_CHECKING:  # the engine never imports the history layer at run time
    from simulator.history.reforecast import Actuals

#: Opportunities closed one by one in one run, at most (under half a minute of work here; a million trials
#: of the SaaS sample are 1.4 billion), so that a typed value or a shared link cannot hold a server for hours.
MAX_OPPORTUNITIES = 5_000_000_000
#: Mean visits in one month of one trial, at most: a trillion, far above any website's, where exact counts take
#: a few microseconds each (3 us at 1e14 here; at 4e15 thirty times that, and past 2**63 they overflow).
MAX_VISITS_PER_MONTH = 10**12
#: Standard deviations above the middle of its range that a trial's mean traffic is checked at: a normal score
#: above 8 comes once in 1.6e15 draws, so no run meets one.
Z_CEILING = 8.0
#: Memory of one trial-month at the peak of a run and its summary (measured: 2.0 GB for a million trials of
#: 24 months, 0.42 GB for 100,000).
BYTES_PER_TRIAL_MONTH = 80
#: ... and of each channel's figures (five numbers of eight bytes), when the scenario has channels.
BYTES_PER_CHANNEL = 40
#: ... and of the customer base in subscription mode (customers, churned and MRR: three numbers of eight bytes).
BYTES_PER_SUBSCRIPTION = 24
#: Sizes of actual won deals drawn in one run, all trials together, at most: about 1 GB at the peak (four
#: numbers of eight bytes each), what a million trials of a year's result hold.
MAX_ACTUAL_SIZES = 30_000_000


def check_work(scenario: Scenario, actuals: Actuals | None = None) -> None:
    """Raise :class:`InputError` when a run of `scenario` would be beyond the work budget.

    Parameters
    ----------
    scenario : Scenario
        The inputs, trials and horizon included.
    actuals : Actuals, optional
        A re-forecast's results so far, as :func:`~simulator.engine.funnel.simulate` takes them.

    Raises
    ------
    InputError
        Naming the field to lower first (``trials``, ``traffic.high`` or ``actuals.won``) and, in what is
        allowed, the other inputs that would do as well.
    """
    _check_trials(scenario)
    _check_visits(scenario)
    _check_opportunities(scenario)
    if actuals is not None:
        _check_actual_sizes(scenario, actuals)


def _check_trials(scenario: Scenario) -> None:
    most = max_trials()
    if scenario.trials > most:
        per_trial_month = BYTES_PER_TRIAL_MONTH + BYTES_PER_CHANNEL * len(scenario.channels)
        if scenario.revenue_mode is RevenueMode.SUBSCRIPTION:
            per_trial_month += BYTES_PER_SUBSCRIPTION
        memory = scenario.trials * scenario.horizon_months * per_trial_month
        raise InputError(
            "trials",
            scenario.trials,
            # TRANSLATORS: {variable} is the name of the server's setting (FUNNEL_MAX_TRIALS), as it is; {memory}
            # is a size such as "9.6 GB".
            _(
                "at most {most}, this server's maximum ({variable}); {trials} trials x {months} months would "
                "hold about {memory} of memory"
            ).format(
                most=number_text(most),
                variable=MAX_TRIALS_VARIABLE,
                trials=number_text(scenario.trials),
                months=number_text(scenario.horizon_months),
                memory=_bytes(memory),
            ),
        )


def _volume(channel: Channel, months: int, z: float, *, mean: bool = False) -> np.ndarray:
    """A channel's mean visits or leads each month at score `z` of its drawn input (inf beyond floats).

    An organic channel's volume at `z`, or its mean over trials when `mean` and that is higher (a lognormal's
    mean is above its middle); a paid channel's at the cost per unit of score ``-z`` (cheaper is more).
    """
    drawn = channel.drawn_range
    with np.errstate(over="ignore", divide="ignore"):
        level = float(amount_quantile(drawn, np.array(z if channel.cost_per is None else -z)))
        if mean and channel.cost_per is None and not drawn.is_known:
            mu, sigma = lognormal_parameters(drawn)
            level = max(level, float(np.exp(mu + sigma**2 / 2)))
        return channel.mean_volume(np.array([level]), months)[:, 0]


def _check_visits(scenario: Scenario) -> None:
    for channel in scenario.funnel_channels():
        volume = _volume(channel, scenario.horizon_months, Z_CEILING)
        if volume.max() <= MAX_VISITS_PER_MONTH:
            continue
        month = int(np.argmax(volume > MAX_VISITS_PER_MONTH)) + 1
        if not scenario.channels:
            field, value, fix = "traffic.high", scenario.traffic.high, _("lower the traffic")
        elif channel.cost_per is None:
            field, value, fix = channel.field("volume.high"), channel.volume.high, _("lower the volume")
        else:
            field, value, fix = (
                channel.field("cost_per.low"),
                channel.cost_per.low,
                _("lower the spend, raise the cost"),
            )
        if channel.unit is ChannelUnit.VISITS:
            # TRANSLATORS: {fix} is "lower the traffic", "lower the volume" or "lower the spend, raise the cost".
            allowed = _(
                "such that a trial's mean visits stay under {most} a month (here they pass it by month {month}, "
                "at the top of the range): {fix}, narrow its range, or lower its growth or the horizon"
            )
        else:
            # TRANSLATORS: {fix} is "lower the traffic", "lower the volume" or "lower the spend, raise the cost".
            allowed = _(
                "such that a trial's mean leads stay under {most} a month (here they pass it by month {month}, "
                "at the top of the range): {fix}, narrow its range, or lower its growth or the horizon"
            )
        most = number_text(MAX_VISITS_PER_MONTH)
        raise InputError(field, value, allowed.format(most=most, month=number_text(month), fix=fix))


def _check_opportunities(scenario: Scenario) -> None:
    """The estimate takes the high end of every rate and the mean volume the trials draw (its range's high end
    when that is higher): the open pipeline plus, each month, the smaller of the capacity and the qualified
    opportunities, times the trials."""
    qualified = np.zeros(scenario.horizon_months)
    for channel in scenario.funnel_channels():
        rates = channel.lead_to_qualified.high * (channel.visit_to_lead.high if channel.visit_to_lead else 1.0)
        if rates:
            qualified = qualified + _volume(channel, scenario.horizon_months, Z95, mean=True) * rates
    worked = float(np.minimum(qualified, scenario.capacity_by_month()).sum())
    opportunities = (scenario.open_pipeline + worked) * scenario.trials
    if opportunities > MAX_OPPORTUNITIES:
        raise InputError(
            "trials",
            scenario.trials,
            _(
                "few enough that trials x opportunities per trial stays under {most} (here about {estimate}, as "
                "every opportunity is simulated one by one): lower the trials, the traffic or its growth, the "
                "rates or the open pipeline, or set a capacity per rep"
            ).format(most=number_text(MAX_OPPORTUNITIES), estimate=_about(opportunities)),
        )


def _check_actual_sizes(scenario: Scenario, actuals: Actuals) -> None:
    won = actuals.per_month("won")
    if won is None or actuals.per_month("revenue") is not None:
        return  # no deal's size is drawn
    sizes = sum(won) * scenario.trials
    if sizes > MAX_ACTUAL_SIZES:
        raise InputError(
            "actuals.won",
            sum(won),
            _(
                "few enough that actual won deals x trials stays under {most} (here {estimate}), as each trial "
                "draws the size of every actual deal whose revenue is not given: give the revenue of the months "
                "done, or lower the trials"
            ).format(most=number_text(MAX_ACTUAL_SIZES), estimate=_about(sizes)),
        )


def _about(number: float) -> str:
    """A big figure in a sentence: in full up to a quadrillion, beyond in powers of ten (``7.2e+28``)."""
    return number_text(number) if number < 1e15 else f"{number:.2g}"


def _bytes(size: float) -> str:
    """A memory size in a sentence: ``"19 MB"``, ``"9.6 GB"``."""
    if size >= 1e9:
        # TRANSLATORS: a memory size in gigabytes.
        return _("{size} GB").format(size=number_text(size / 1e9, 1))
    # TRANSLATORS: a memory size in megabytes.
    return _("{size} MB").format(size=number_text(size / 1e6))
