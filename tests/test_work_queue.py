"""The capacity queue: fractions carried over, never more than the capacity, monotone in capacity and arrivals."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from simulator.engine.work_queue import work_within_capacity

capacities = st.lists(
    st.sampled_from([0.0, 0.25, 0.4, 0.5, 0.6, 1.0, 1.5, 2.3, 7.0, float("inf")]), min_size=6, max_size=6
)
arrivals = st.lists(st.integers(0, 5), min_size=6, max_size=6)


def worked_by_month(qualified, capacity):
    worked, backlog = work_within_capacity(np.array(qualified, dtype=np.int64)[:, None], list(capacity))
    return np.cumsum(worked[:, 0]), backlog[:, 0]


def test_half_an_opportunity_a_month_works_six_a_year():
    worked, _ = work_within_capacity(np.full((12, 1), 5, dtype=np.int64), [0.5] * 12)
    assert worked[:, 0].tolist() == [0, 1] * 6


def test_an_idle_team_banks_less_than_one_opportunity():
    # Capacity 3 a month, nothing to do in months 1-2: month 3 still works at most 3 of 10.
    worked, backlog = work_within_capacity(np.array([[0], [0], [10]], dtype=np.int64), [3.0, 3.0, 3.0])
    assert worked[:, 0].tolist() == [0, 0, 3]
    assert backlog[:, 0].tolist() == [0, 0, 7]


@given(qualified=arrivals, capacity=capacities)
def test_never_more_than_the_capacity_so_far_nor_the_opportunities(qualified, capacity):
    worked, backlog = worked_by_month(qualified, capacity)
    total_capacity = np.cumsum(capacity)
    assert (worked <= np.floor(total_capacity + 1e-9)).all()
    assert (worked + backlog == np.cumsum(qualified)).all()


@given(
    qualified=arrivals, capacity=capacities, month=st.integers(0, 5), more=st.sampled_from([0.1, 0.25, 0.5, 1.0])
)
def test_more_capacity_in_any_month_never_works_fewer_by_any_month(qualified, capacity, month, more):
    raised = list(capacity)
    raised[month] += more
    assert (worked_by_month(qualified, raised)[0] >= worked_by_month(qualified, capacity)[0]).all()


@given(qualified=arrivals, capacity=capacities, month=st.integers(0, 5), more=st.integers(1, 3))
def test_more_opportunities_in_any_month_never_work_fewer_by_any_month(qualified, capacity, month, more):
    raised = list(qualified)
    raised[month] += more
    assert (worked_by_month(raised, capacity)[0] >= worked_by_month(qualified, capacity)[0]).all()
