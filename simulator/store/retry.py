"""One library operation as one transaction, tried again a few times when it only lost a race.

Sessions that change the library at once collide: two pick the same free name " (2)", PostgreSQL reports a
deadlock or a serialization failure, SQLite is busy. Each of these is recognised by its error code
(:func:`~simulator.store.errors.lost_a_race`) and the whole transaction runs again after a short random pause,
so that the colliding sessions spread out; the transaction re-reads the library, so a name saved meanwhile is
then refused as already saved, and "keep both" picks the next free number. Only when every attempt loses, or
the error is of another kind, does the user see a :class:`~simulator.store.errors.LibraryError`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from simulator.store.errors import library_error, lost_a_race, reason

#: How many times an operation runs before a lost race reaches the user.
ATTEMPTS = 6
#: The first pause's upper bound, in seconds; it doubles with every attempt, up to :data:`MAX_PAUSE`.
FIRST_PAUSE = 0.02
MAX_PAUSE = 0.5

logger = logging.getLogger(__name__)
Result = TypeVar("Result")


def pause(attempt: int) -> float:
    """A random pause before attempt ``attempt + 1``: "full jitter", uniform up to an exponentially growing cap.

    Examples
    --------
    >>> 0 <= pause(0) <= FIRST_PAUSE and 0 <= pause(10) <= MAX_PAUSE
    True
    """
    # Not the simulation's randomness: colliding sessions must draw different pauses, so no seed.
    return random.uniform(0, min(MAX_PAUSE, FIRST_PAUSE * 2**attempt))


def run_with_retries(
    opener: Callable[[], object], work: Callable[[Connection], Result], doing: str, where: str
) -> Result:
    """``work(connection)`` inside ``opener()`` (``engine.begin`` or ``engine.connect``), retried on lost races.

    Parameters
    ----------
    opener : callable
        Returns a context manager that yields a connection and commits (or rolls back) on exit.
    work : callable
        The operation; it may raise :class:`~simulator.store.errors.LibraryError`, which rolls back and
        reaches the caller at once.
    doing, where : str
        What the operation does ("save the scenario") and the library's address, for the message.

    Raises
    ------
    LibraryError
        When the database refused (see :func:`~simulator.store.errors.library_error`) or `work` did.
    """
    attempt = 0
    while True:
        try:
            with opener() as connection:
                return work(connection)
        except SQLAlchemyError as error:
            if attempt == ATTEMPTS - 1 or not lost_a_race(error):
                raise library_error(error, doing, where) from None
            logger.info("Retrying to %s after a lost race (attempt %d): %s", doing, attempt + 1, reason(error))
            time.sleep(pause(attempt))
            attempt += 1
