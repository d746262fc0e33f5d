"""A goal's weekly reviews, kept in the scenario library so the odds can be followed week by week.

Each review is the odds of hitting a goal in flight ("35 won deals by 31 Mar 2026"), as computed on its review
date. A goal has at most one review a day: saving it again for the same date replaces it, since a review re-run
the same day is the same week's review. The functions take a :class:`~simulator.store.library.ScenarioLibrary`
and run in its transactions, retried like its other changes; the table is
:data:`~simulator.store.schema.reviews_table`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from simulator.i18n import N_, _, number_text
from simulator.model.checks import InputError, check_number
from simulator.model.review import REVIEW_FIGURES
from simulator.store.errors import LibraryError
from simulator.store.library import ScenarioLibrary
from simulator.store.schema import MAX_NAME_LENGTH, reviews_table


@dataclass(frozen=True, kw_only=True)
class SavedReview:
    """A goal's review on one date: the goal, what was banked, and the odds of hitting it.

    The values are checked when the review is saved (:func:`save_review`), not when it is made, so that a review
    read back is never refused.

    Attributes
    ----------
    goal_name : str
        The goal reviewed; its reviews are kept together under this name.
    review_date : datetime.date
        The day of the review.
    figure : str
        What the goal counts: ``"deals"`` (won deals) or ``"revenue"``.
    goal, banked : float
        The period's goal, and what it had already won at the review, in the figure's units.
    odds : float
        The chance of hitting the goal, between 0 and 1.
    standard_error : float
        The Monte Carlo standard error of `odds`.
    trials : int
        The trials the odds were computed from.
    saved_at : datetime or None
        When it was saved (UTC); None for a review not saved yet.
    """

    goal_name: str
    review_date: date
    figure: str
    goal: float
    banked: float
    odds: float
    standard_error: float
    trials: int
    saved_at: datetime | None = None


def save_review(library: ScenarioLibrary, review: SavedReview) -> SavedReview:
    """Save `review`, replacing the goal's review of the same date, if any.

    Returns
    -------
    SavedReview
        The review as saved, with the time it was saved.

    Raises
    ------
    LibraryError
        When a value is not allowed (the message names the field), or the database refused.

    Examples
    --------
    >>> library = ScenarioLibrary("sqlite://")
    >>> review = SavedReview(
    ...     goal_name="35 won deals by 31 Mar 2026", review_date=date(2026, 3, 10), figure="deals",
    ...     goal=35, banked=21, odds=0.62, standard_error=0.005, trials=10_000,
    ... )
    >>> save_review(library, review).odds
    0.62
    >>> from dataclasses import replace
    >>> again = save_review(library, replace(review, odds=0.64))  # re-run the same day: it replaces the first
    >>> [r.odds for r in reviews_of(library, "35 won deals by 31 Mar 2026")]
    [0.64]
    """
    _check(review)
    values = {
        "figure": str(review.figure),
        "goal": float(review.goal),
        "banked": float(review.banked),
        "odds": float(review.odds),
        "standard_error": float(review.standard_error),
        "trials": int(review.trials),
    }

    def work(connection: Connection) -> SavedReview:
        now = datetime.now(UTC)
        key = _key(review.goal_name, review.review_date)
        changed = connection.execute(reviews_table.update().where(key).values(**values, saved_at=now))
        if changed.rowcount == 0:
            # Another session inserting the same review at once meets the unique key: a lost race, tried again,
            # and then this update finds its row.
            connection.execute(
                reviews_table.insert().values(
                    goal_name=review.goal_name, review_date=review.review_date, **values, saved_at=now
                )
            )
        return _saved(connection.execute(sa.select(reviews_table).where(key)).one())

    # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
    return library.write_with(N_("save the review"), work)


def reviews_of(library: ScenarioLibrary, goal_name: str) -> list[SavedReview]:
    """The reviews of the goal called `goal_name`, by date; none for a goal never reviewed."""

    def work(connection: Connection) -> list[SavedReview]:
        query = sa.select(reviews_table).where(reviews_table.c.goal_name == goal_name)
        return [_saved(row) for row in connection.execute(query.order_by(reviews_table.c.review_date))]

    # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
    return library.read_with(N_("read the reviews"), work)


def goal_names(library: ScenarioLibrary) -> list[str]:
    """The names of the goals with a saved review, in order."""

    def work(connection: Connection) -> list[str]:
        return list(connection.execute(sa.select(reviews_table.c.goal_name).distinct()).scalars())

    # Sorted here, not by the database: PostgreSQL orders text by its locale, SQLite by code point.
    return sorted(library.read_with(N_("read the reviews"), work))


def delete_review(library: ScenarioLibrary, goal_name: str, review_date: date) -> None:
    """Remove the review of the goal called `goal_name` on `review_date`."""

    def work(connection: Connection) -> None:
        deleted = connection.execute(reviews_table.delete().where(_key(goal_name, review_date)))
        if deleted.rowcount == 0:  # never saved, or another session deleted it first
            # TRANSLATORS: {goal} is the goal's name, quoted; {day} a date written year-month-day.
            message = _("There is no review of {goal} on {day} saved.")
            raise LibraryError(message.format(goal=repr(goal_name), day=review_date.isoformat()))

    # TRANSLATORS: an action, completing "Cannot ...: the scenario library cannot be reached".
    library.write_with(N_("delete the review"), work)


def previous_review(reviews: Iterable[SavedReview], review_date: date) -> SavedReview | None:
    """The latest of a goal's `reviews` before `review_date`, to say how the odds moved since; None if none.

    Examples
    --------
    >>> weeks = [
    ...     SavedReview(goal_name="Q1", review_date=date(2026, 3, day), figure="deals", goal=35, banked=banked,
    ...                 odds=odds, standard_error=0.005, trials=10_000)
    ...     for day, banked, odds in [(3, 18, 0.55), (10, 21, 0.62)]
    ... ]
    >>> previous_review(weeks, date(2026, 3, 17)).odds, previous_review(weeks, date(2026, 3, 10)).odds
    (0.62, 0.55)
    >>> previous_review(weeks, date(2026, 3, 3)) is None
    True
    """
    # Strictly before: the review of the day itself (saved, or being made again) is not "last week".
    earlier = [review for review in reviews if review.review_date < review_date]
    return max(earlier, key=lambda review: review.review_date, default=None)


def _check(review: SavedReview) -> None:
    """Refuse a review the library should not keep, in the words the app uses for any value not allowed."""
    try:
        _check_goal_name(review.goal_name)
        # A datetime is a date too, but its time would be lost, and it cannot be compared with the dates read back.
        if not isinstance(review.review_date, date) or isinstance(review.review_date, datetime):
            raise InputError("review_date", review.review_date, _("a date"))
        if review.figure not in REVIEW_FIGURES:
            raise InputError(
                "figure", review.figure, _("one of: {choices}").format(choices=", ".join(REVIEW_FIGURES))
            )
        for name in ("goal", "banked"):
            check_number(name, getattr(review, name), low=0, allowed=_("a number, 0 or more"))
        for name in ("odds", "standard_error"):
            check_number(name, getattr(review, name), low=0, high=1, allowed=_("a number between 0 and 1"))
        check_number("trials", review.trials, low=1, integer=True, allowed=_("a whole number, 1 or more"))
    except InputError as error:
        # TRANSLATORS: {problem} says which value is not allowed and what is.
        raise LibraryError(_("The review was not saved: {problem}.").format(problem=error)) from None


def _check_goal_name(name: object) -> None:
    if not isinstance(name, str) or not name.strip():
        raise InputError("goal_name", name, _("a name that is not blank"))
    if len(name) > MAX_NAME_LENGTH:
        allowed = _("at most {most} characters (this one has {count})")
        raise InputError(
            "goal_name", name, allowed.format(most=number_text(MAX_NAME_LENGTH), count=number_text(len(name)))
        )


def _key(goal_name: str, review_date: date):
    return sa.and_(reviews_table.c.goal_name == goal_name, reviews_table.c.review_date == review_date)


def _saved(row) -> SavedReview:
    return SavedReview(
        goal_name=row.goal_name,
        review_date=row.review_date,
        figure=row.figure,
        goal=row.goal,
        banked=row.banked,
        odds=row.odds,
        standard_error=row.standard_error,
        trials=row.trials,
        # SQLite hands back naive datetimes: they were written in UTC.
        saved_at=row.saved_at if row.saved_at.tzinfo else row.saved_at.replace(tzinfo=UTC),
    )
