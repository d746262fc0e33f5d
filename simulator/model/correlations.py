"""Inputs that move together: rank correlations between drawn inputs, applied by a Gaussian copula.

Each uncertain input of a trial is drawn by pushing a standard-normal score through its own quantile
function (:mod:`simulator.model.distributions`). Correlating the scores, and nothing else, makes the
inputs move together while each keeps exactly its own 90% range: every correlated score is still
exactly N(0, 1), and the quantile functions are monotone, so the rank (Spearman) correlation of two
inputs is the rank correlation of their scores whatever their ranges.

For normal scores, a rank correlation ``rho_s`` needs the Pearson correlation
``rho = 2 sin(pi rho_s / 6)`` (K. Pearson 1907; W. H. Kruskal, "Ordinal measures of association",
JASA 53, 1958: ``rho_s = (6 / pi) arcsin(rho / 2)`` for a bivariate normal). The Pearson matrix of
the inputs named in any pair (a pair not given is 0, independent) must be positive semi-definite;
its factor ``L`` (``L @ L.T`` is the matrix, each row of unit length) maps independent scores to
correlated ones.

A set of correlations is written in a CSV cell or a share link as
``traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3``; empty text is no correlation.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from simulator.i18n import N_, _, number_text
from simulator.model.checks import InputError

#: The inputs that may be correlated (the names of the engine's trial scores) with their names in plain
#: words (English, marked for translation: :func:`input_label` translates them). Their order is the canonical
#: order of pairs; the first input of a set keeps its own score.
CORRELATED_INPUTS: dict[str, str] = {
    "traffic_mean": N_("traffic"),
    "visit_to_lead": N_("visit-to-lead rate"),
    "lead_to_qualified": N_("lead-to-qualified rate"),
    "win_rate": N_("win rate"),
}

#: Separates the pairs of the text form, the two inputs of a pair, and a pair from its value.
PAIR_SEPARATOR, NAME_SEPARATOR, VALUE_SEPARATOR = ";", "~", "="

# An eigenvalue of the Pearson matrix above -this is rounding of a semi-definite matrix (say three
# inputs at rank correlation 1), below it the correlations contradict each other.
_EIGENVALUE_TOLERANCE = 1e-10

_TEXT_FORM = N_("pairs written input~input=number and separated by ';', e.g. 'traffic_mean~visit_to_lead=-0.5'")


def spearman_to_pearson(rank_correlation: float) -> float:
    """Pearson correlation of two standard-normal scores whose rank correlation is `rank_correlation`.

    Parameters
    ----------
    rank_correlation : float
        Spearman's rank correlation, in [-1, 1].

    Returns
    -------
    float
        ``2 sin(pi rank_correlation / 6)`` (Kruskal 1958).

    Examples
    --------
    >>> round(spearman_to_pearson(0.5), 4)
    0.5176
    """
    return 2 * math.sin(math.pi * rank_correlation / 6)


def input_label(name: str) -> str:
    """An input's name in plain words in the run's language (``"win rate"``); an input not in the table reads as
    its name."""
    return _(CORRELATED_INPUTS[name]) if name in CORRELATED_INPUTS else name.replace("_", " ")


class Pair(NamedTuple):
    """The rank correlation of two inputs.

    Attributes
    ----------
    first, second : str
        The inputs, in the order of the allowed names.
    rank_correlation : float
        Spearman's rank correlation, in [-1, 1].
    """

    first: str
    second: str
    rank_correlation: float

    @property
    def text(self) -> str:
        """The pair as written in a file: ``"traffic_mean~visit_to_lead=-0.5"``."""
        return f"{self.first}{NAME_SEPARATOR}{self.second}{VALUE_SEPARATOR}{self.rank_correlation!r}"

    @property
    def short_label(self) -> str:
        """The pair in a few words, for messages: ``"traffic~visit-to-lead rate -0.5"``."""
        return f"{_short(self.first, self.second)} {_value(self.rank_correlation)}"

    @property
    def label(self) -> str:
        """The pair in words a manager reads: ``"Traffic and visit-to-lead rate move opposite ways: -0.5"``."""
        first, second = input_label(self.first), input_label(self.second)
        if self.rank_correlation > 0:
            # TRANSLATORS: e.g. "Lead-to-qualified rate and win rate move together: 0.3".
            text = _("{first} and {second} move together: {value}")
        elif self.rank_correlation < 0:
            # TRANSLATORS: e.g. "Traffic and visit-to-lead rate move opposite ways: -0.5".
            text = _("{first} and {second} move opposite ways: {value}")
        else:
            # TRANSLATORS: e.g. "Traffic and win rate are independent: 0".
            text = _("{first} and {second} are independent: {value}")
        return text.format(
            first=f"{first[:1].upper()}{first[1:]}", second=second, value=_value(self.rank_correlation)
        )


@dataclass(frozen=True, kw_only=True)
class Correlations:
    """Rank (Spearman) correlations between pairs of drawn inputs; none means independent inputs.

    Parameters
    ----------
    pairs : iterable of (str, str, float)
        ``(first, second, rank_correlation)`` triples. Each value is in [-1, 1], both ends allowed: 1 makes
        two inputs rise and fall in lockstep (the same rank in every trial), -1 mirror images. Two
        different allowed inputs per pair, no pair twice (in either order). A pair not given is 0.
        Stored as a tuple of :class:`Pair` in a canonical order (the inputs of a pair, then the pairs,
        in the order of `allowed`), so two sets that say the same thing are equal.
    allowed : tuple of str, optional
        The input names that may be correlated; :data:`CORRELATED_INPUTS` by default. Not part of
        equality: two sets with the same pairs are equal.

    Raises
    ------
    InputError
        For an unknown input, an input paired with itself, a pair given twice, a value that is not a
        number in [-1, 1], or correlations that cannot all hold at once (the implied correlation
        matrix is not positive semi-definite): the message names the pairs and what is allowed.

    Examples
    --------
    >>> c = Correlations(pairs=[("win_rate", "lead_to_qualified", 0.3), ("traffic_mean", "visit_to_lead", -0.5)])
    >>> c.to_text()
    'traffic_mean~visit_to_lead=-0.5;lead_to_qualified~win_rate=0.3'
    >>> rng = np.random.default_rng(42)
    >>> scores = {name: rng.standard_normal(100_000) for name in (*CORRELATED_INPUTS, "revenue")}
    >>> moved = c.correlate(scores)
    >>> moved["revenue"] is scores["revenue"]
    True
    >>> from scipy import stats
    >>> round(float(stats.spearmanr(moved["traffic_mean"], moved["visit_to_lead"]).statistic), 2)
    -0.5
    """

    pairs: tuple[Pair, ...] = ()
    allowed: tuple[str, ...] = field(default=tuple(CORRELATED_INPUTS), compare=False, repr=False)

    def __post_init__(self) -> None:
        order = {name: position for position, name in enumerate(self.allowed)}
        pairs = [_checked_pair(item, order) for item in self.pairs]
        seen: set[tuple[str, str]] = set()
        for pair in pairs:
            if (pair.first, pair.second) in seen:
                raise InputError(
                    "correlations",
                    pair.text,
                    # TRANSLATORS: {first} and {second} are input names as written in a file (traffic_mean).
                    _("each pair at most once: {first} and {second} are given twice").format(
                        first=pair.first, second=pair.second
                    ),
                )
            seen.add((pair.first, pair.second))
        pairs.sort(key=lambda pair: (order[pair.first], order[pair.second]))
        # Frozen, but normalised once here so that equal sets compare and hash equal.
        object.__setattr__(self, "pairs", tuple(pairs))
        self._check_consistent()

    @classmethod
    def from_text(cls, text: str, *, allowed: tuple[str, ...] = tuple(CORRELATED_INPUTS)) -> Correlations:
        """Read the text form of a CSV cell or share link; empty text is no correlation.

        Parameters
        ----------
        text : str
            Pairs ``first~second=value`` separated by ``;``; blanks around the parts and empty pieces
            are ignored.
        allowed : tuple of str, optional
            The input names that may be correlated.

        Returns
        -------
        Correlations

        Raises
        ------
        InputError
            Naming the piece that cannot be read and the form that is allowed, or as the constructor.

        Examples
        --------
        >>> Correlations.from_text(" win_rate ~ lead_to_qualified = 0.3 ;").pairs
        (Pair(first='lead_to_qualified', second='win_rate', rank_correlation=0.3),)
        """
        pairs = []
        for piece in text.split(PAIR_SEPARATOR):
            if not piece.strip():
                continue
            names, equals, value = piece.partition(VALUE_SEPARATOR)
            first, tilde, second = names.partition(NAME_SEPARATOR)
            if not (equals and tilde):
                raise InputError("correlations", piece.strip(), _(_TEXT_FORM))
            first, second, value = first.strip(), second.strip(), value.strip()
            try:
                number = float(value)
            except ValueError:
                raise InputError(f"correlations.{first}~{second}", value, _("a number between -1 and 1")) from None
            pairs.append((first, second, number))
        return cls(pairs=tuple(pairs), allowed=allowed)

    def to_text(self) -> str:
        """The text form read by :meth:`from_text`; ``""`` when there is no pair."""
        return PAIR_SEPARATOR.join(pair.text for pair in self.pairs)

    def labels(self) -> list[str]:
        """Each pair in words a manager reads (see :attr:`Pair.label`), for the app."""
        return [pair.label for pair in self.pairs]

    @property
    def names(self) -> tuple[str, ...]:
        """The inputs the copula moves (those in a pair with a non-zero value), in order of first mention."""
        return _mentioned(pair for pair in self.pairs if pair.rank_correlation != 0)

    @property
    def is_independent(self) -> bool:
        """True when no pair has a non-zero correlation: :meth:`correlate` returns the scores untouched."""
        return not self.names

    def pearson_matrix(self) -> np.ndarray:
        """Pearson correlation matrix of the scores of :attr:`names` (unlisted pairs 0), shape ``(k, k)``."""
        return _pearson_matrix(self.names, self.pairs)

    def factor(self) -> np.ndarray:
        """A factor ``L`` of :meth:`pearson_matrix`: ``L @ L.T`` is the matrix and every row has length 1.

        Cholesky (lower triangular: the first input keeps its own score) when the matrix is positive
        definite; otherwise, for a semi-definite matrix (a correlation of +-1, or inputs that pin down a
        third one), the eigen-decomposition with rounding negatives set to 0.
        """
        matrix = self.pearson_matrix()
        try:
            lower = np.linalg.cholesky(matrix)
        except np.linalg.LinAlgError:
            values, vectors = np.linalg.eigh(matrix)
            lower = vectors * np.sqrt(np.clip(values, 0, None))
        # Unit rows keep every correlated score exactly N(0, 1) despite rounding in the factorisation.
        return lower / np.linalg.norm(lower, axis=1, keepdims=True)

    def correlate(self, scores: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Correlate independent standard-normal scores; each stays exactly N(0, 1).

        Parameters
        ----------
        scores : mapping of str to ndarray
            Independent N(0, 1) scores per input, all of one shape (e.g. ``(trials,)``); it must hold
            every input of :attr:`names` and may hold others.

        Returns
        -------
        dict of str to ndarray
            The same keys. The scores of :attr:`names` are new arrays of the same shape and dtype, with
            the requested rank correlations; every other array is the one given (all of them when the
            set is independent, so a run without correlations is bit-identical to one without this
            step). Deterministic; costs O(trials x k^2) for k moved inputs.
        """
        moved = dict(scores)
        names = self.names
        if not names:
            return moved
        stacked = np.stack([scores[name] for name in names])
        correlated = np.tensordot(self.factor(), stacked, axes=1).astype(stacked.dtype, copy=False)
        moved.update(zip(names, correlated, strict=True))
        return moved

    def _check_consistent(self) -> None:
        """Raise when the correlations cannot all hold: name the fewest inputs whose pairs contradict."""
        names = _mentioned(self.pairs)
        if _is_semidefinite(_pearson_matrix(names, self.pairs)):
            return
        given = {frozenset(pair[:2]): pair for pair in self.pairs}
        # Any two inputs are consistent, so the smallest contradiction has three or more.
        for size in range(3, len(names) + 1):
            for group in itertools.combinations(names, size):
                if _is_semidefinite(_pearson_matrix(group, self.pairs)):
                    continue
                known = [
                    given[frozenset(key)] for key in itertools.combinations(group, 2) if frozenset(key) in given
                ]
                unknown = [key for key in itertools.combinations(group, 2) if frozenset(key) not in given]
                pieces = [pair.short_label for pair in known]
                # TRANSLATORS: {pair} is two inputs, e.g. "traffic~win rate", then the value 0 they are taken at.
                not_given = _("{pair} 0 (not given: independent)")
                pieces += [not_given.format(pair=_short(*key)) for key in unknown]
                if unknown:
                    # TRANSLATORS: {pairs} lists pairs of inputs and their values, e.g. "traffic~win rate 0.9,
                    # traffic~visit-to-lead rate 0.9"; {last} is the last pair.
                    allowed = _(
                        "correlations that can all hold at once, but these contradict each other: {pairs} and "
                        "{last} cannot all hold; lower one of them, or set a pair that is not given"
                    )
                else:
                    # TRANSLATORS: {pairs} lists pairs of inputs and their values, e.g. "traffic~win rate 0.9,
                    # traffic~visit-to-lead rate 0.9"; {last} is the last pair.
                    allowed = _(
                        "correlations that can all hold at once, but these contradict each other: {pairs} and "
                        "{last} cannot all hold; lower one of them"
                    )
                raise InputError(
                    "correlations", self.to_text(), allowed.format(pairs=", ".join(pieces[:-1]), last=pieces[-1])
                )


def _mentioned(pairs: Iterable[Pair]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for pair in pairs for name in (pair.first, pair.second)))


def _short(first: str, second: str) -> str:
    return f"{input_label(first)}~{input_label(second)}"


def _value(rank_correlation: float) -> str:
    """A correlation in a sentence, with the decimals it has (``-0.5``, ``0.35``) in the locale's digits."""
    text = f"{rank_correlation:g}"
    return text if "e" in text else number_text(rank_correlation, len(text.partition(".")[2]))


def _checked_pair(item: Iterable[object], order: Mapping[str, int]) -> Pair:
    """One ``(first, second, value)`` as a :class:`Pair` in canonical order, or an :class:`InputError`."""
    first, second, value = item
    text = f"{first}{NAME_SEPARATOR}{second}"
    for name in (first, second):
        if name not in order:
            # TRANSLATORS: {inputs} are input names as written in a file (traffic_mean, win_rate), {name} the one
            # given.
            allowed = _("a pair of inputs among {inputs}; {name} is not one")
            raise InputError("correlations", text, allowed.format(inputs=", ".join(order), name=repr(name)))
    if first == second:
        raise InputError("correlations", text, _("a pair of two different inputs"))
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not -1 <= value <= 1:
        # NaN fails the comparison too.
        raise InputError(f"correlations.{text}", value, _("a number between -1 and 1"))
    if order[first] > order[second]:
        first, second = second, first
    return Pair(first, second, float(value))


def _pearson_matrix(names: tuple[str, ...], pairs: Iterable[Pair]) -> np.ndarray:
    position = {name: index for index, name in enumerate(names)}
    matrix = np.eye(len(names))
    for pair in pairs:
        if pair.first in position and pair.second in position:
            i, j = position[pair.first], position[pair.second]
            matrix[i, j] = matrix[j, i] = spearman_to_pearson(pair.rank_correlation)
    return matrix


def _is_semidefinite(matrix: np.ndarray) -> bool:
    return matrix.size == 0 or bool(np.linalg.eigvalsh(matrix)[0] >= -_EIGENVALUE_TOLERANCE)
