"""Which qualified opportunities the team works each month: a first-in, first-out queue.

Each month the team has the capacity of the scenario (new hires ramping up).
Capacity is counted in millionths of an opportunity so that fractions add up
exactly: capacity left unused carries over to the next month, up to just under
one opportunity, so half an opportunity per month works one every two months
while a team that sat idle cannot bank whole opportunities for later. With that
cap the opportunities worked by any month never fall when any month's capacity
or any month's new opportunities rise (checked in tests/test_work_queue.py).
"""

from __future__ import annotations

import numba
import numpy as np

#: Capacity is counted in these units, so 0.1 opportunity a month adds up to exactly 1 in ten months.
UNITS_PER_OPPORTUNITY = 1_000_000
#: A month's capacity above this many opportunities is no cap (and keeps the units inside int64).
UNLIMITED = 1e12


def work_within_capacity(qualified: np.ndarray, capacity: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Opportunities worked per month and those still waiting at its end.

    Parameters
    ----------
    qualified : ndarray of int64, shape ``(months, trials)``
        New qualified opportunities per month.
    capacity : list of float
        Opportunities the team can work in each month (``inf``: no cap).

    Returns
    -------
    worked, backlog : ndarray of int64, shape ``(months, trials)``

    Examples
    --------
    >>> worked, _ = work_within_capacity(np.full((12, 1), 5), [0.5] * 12)
    >>> int(worked.sum())
    6
    """
    if all(c > UNLIMITED for c in capacity):
        return qualified, np.zeros_like(qualified)
    worked = np.empty_like(qualified)
    backlog = np.empty_like(qualified)
    waiting = np.zeros(qualified.shape[1], dtype=qualified.dtype)
    carried = np.zeros(qualified.shape[1], dtype=np.int64)
    for month, month_capacity in enumerate(capacity):
        available = waiting + qualified[month]
        if month_capacity > UNLIMITED:
            worked[month] = available
            carried[:] = 0
        else:
            credit = carried + round(month_capacity * UNITS_PER_OPPORTUNITY)
            whole = credit // UNITS_PER_OPPORTUNITY
            np.minimum(available, whole, out=worked[month])
            # Full use carries the fraction left; running out of work carries just under one.
            carried = np.where(worked[month] == whole, credit % UNITS_PER_OPPORTUNITY, UNITS_PER_OPPORTUNITY - 1)
        waiting = available - worked[month]
        backlog[month] = waiting
    return worked, backlog


def worked_by_channel(qualified: np.ndarray, worked: np.ndarray) -> np.ndarray:
    """Each channel's share of the opportunities worked per month, first in, first out.

    The queue takes the opportunities in the order they arrive: month by month and, within a month,
    channel by channel. Without a capacity limit every opportunity is worked in its own month.

    Parameters
    ----------
    qualified : ndarray of int64, shape ``(channels, months, trials)``
        New qualified opportunities of each channel per month.
    worked : ndarray of int64, shape ``(months, trials)``
        Opportunities worked per month (:func:`work_within_capacity` of the channels' sum).

    Returns
    -------
    ndarray of int64, shape ``(channels, months, trials)``

    Examples
    --------
    >>> qualified = np.array([[[3], [0]], [[2], [1]]])  # channel A: 3 then 0; channel B: 2 then 1
    >>> worked_by_channel(qualified, np.array([[4], [2]]))[:, :, 0].tolist()  # A's 3 and one of B's first
    [[3, 0], [1, 2]]
    """
    if np.array_equal(worked, qualified.sum(axis=0)):
        return qualified
    out = np.zeros_like(qualified)
    _split_in_arrival_order(qualified, worked, out)
    return out


@numba.njit(nogil=True, cache=True)
def _split_in_arrival_order(qualified, worked, out):
    channels, months, trials = qualified.shape
    for trial in range(trials):
        arrival, channel, left = 0, 0, qualified[0, 0, trial]
        for month in range(months):
            need = worked[month, trial]
            while need > 0:
                while left == 0:  # the next channel's opportunities, or the next month's first
                    channel += 1
                    if channel == channels:
                        channel, arrival = 0, arrival + 1
                    left = qualified[channel, arrival, trial]
                take = min(need, left)
                out[channel, month, trial] += take
                left -= take
                need -= take
