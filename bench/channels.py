"""What lead channels cost the engine: one channel against four, and against the scenario without channels.

    python bench/channels.py [--trials 100000] [--months 12] [--runs 7]

On the engine's benchmark funnel (simulator/bench.py: capacity cap, a 1.5-month cycle that varies, open
pipeline, revenue) prints the median wall time of ``simulate`` over several runs of:

* the scenario without channels (its one channel, "All traffic", from the traffic fields);
* one channel: the same traffic as an explicit organic visits channel (streams of its own);
* four channels of somewhat more qualified opportunities in all: a website (organic visits), paid search
  (paid leads with a ceiling), social (paid visits with a ceiling) and events (paid leads, spent in one month);

and the ratios four / one and one / none, measured in the same run, the three timed in turn. Figures vary
with the machine and its load: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from simulator.bench import BENCH_SCENARIO
from simulator.engine.funnel import simulate
from simulator.model.channels import Channel, ChannelKind, ChannelUnit, SpendChange
from simulator.model.distributions import Range

#: The benchmark's traffic as one explicit channel.
ONE_CHANNEL = (
    Channel(
        name="Website",
        volume=BENCH_SCENARIO.traffic,
        growth=BENCH_SCENARIO.traffic_growth,
        spend=BENCH_SCENARIO.marketing_spend,
        visit_to_lead=BENCH_SCENARIO.visit_to_lead,
        lead_to_qualified=BENCH_SCENARIO.lead_to_qualified,
    ),
)
#: Four channels: about 56 qualified opportunities a month in all against the benchmark's 46, and the cap of 44
#: worked a month binds in both, so the sales team closes about as many.
FOUR_CHANNELS = (
    Channel(
        name="Website",
        volume=Range(2000.0, 3000.0),
        growth=0.01,
        spend=3000.0,
        visit_to_lead=Range(0.025, 0.035),
        lead_to_qualified=Range(0.25, 0.35),
    ),
    Channel(
        name="Paid search",
        kind=ChannelKind.PAID,
        unit=ChannelUnit.LEADS,
        spend=6000.0,
        cost_per=Range(60.0, 100.0),
        most_per_month=150.0,
        lead_to_qualified=Range(0.25, 0.35),
    ),
    Channel(
        name="Social",
        kind=ChannelKind.PAID,
        unit=ChannelUnit.VISITS,
        spend=3000.0,
        cost_per=Range(1.5, 2.5),
        most_per_month=3000.0,
        visit_to_lead=Range(0.015, 0.025),
        lead_to_qualified=Range(0.2, 0.4),
    ),
    Channel(
        name="Events",
        kind=ChannelKind.PAID,
        unit=ChannelUnit.LEADS,
        spend=0.0,
        spend_changes=(SpendChange(9, 9, 10_000.0),),
        cost_per=Range(80.0, 120.0),
        lead_to_qualified=Range(0.3, 0.5),
    ),
)


def four_channels(months: int) -> tuple[Channel, ...]:
    """:data:`FOUR_CHANNELS`, the event held in the horizon's last month when the horizon ends before month 9."""
    *others, events = FOUR_CHANNELS
    month = min(9, months)
    return (*others, replace(events, spend_changes=(SpendChange(month, month, 10_000.0),)))


def interleaved_medians(work: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time of each of `work`, timed in turn `runs` times, so a change in the machine's load falls
    on all of them alike; each is called once first, untimed (compiling, caches)."""
    for call in work.values():
        call()
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(runs):
        for name, call in work.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    target = replace(BENCH_SCENARIO.target, deadline_month=min(BENCH_SCENARIO.target.deadline_month, args.months))
    base = replace(BENCH_SCENARIO, trials=args.trials, horizon_months=args.months, target=target)
    scenarios = {
        "no channels": base,
        "one channel": replace(base, channels=ONE_CHANNEL),
        "four channels": replace(base, channels=four_channels(args.months)),
    }
    qualified = {name: float(simulate(scenario).qualified.mean()) for name, scenario in scenarios.items()}
    seconds = interleaved_medians(
        {name: lambda s=scenario: simulate(s, rng=1) for name, scenario in scenarios.items()}, args.runs
    )

    print(
        f"simulate(), {args.trials:,} trials x {args.months} months (capacity cap, 1.5-month cycle +-30%, "
        f"open pipeline, revenue), median of {args.runs} runs"
    )
    for name in scenarios:
        print(f"  {name:14} {seconds[name] * 1000:7.0f} ms   {qualified[name]:5.1f} qualified a month on average")
    print(f"  four / one:    {seconds['four channels'] / seconds['one channel']:5.2f} x")
    print(f"  one / none:    {seconds['one channel'] / seconds['no channels']:5.2f} x")


if __name__ == "__main__":
    main()
