"""The benchmarks' verdicts: the interval a timed row prints, and when it calls a target shown.

Every speed claim in docs/benchmarks.md rests on this arithmetic, so it is tested like code.
"""

from __future__ import annotations

import math

import pytest

from benchmarks.common import Row, _order_statistic


def _below(rounds: int, k: int) -> float:
    """P(Binomial(rounds, 1/2) < k): the chance the median lies below the k-th smallest ratio."""
    return sum(math.comb(rounds, i) for i in range(k)) / (1 << rounds)


@pytest.mark.parametrize("rounds", range(1, 41))
def test_the_rank_is_the_widest_that_keeps_95_percent(rounds: int) -> None:
    k = _order_statistic(rounds)
    if k is None:
        assert _below(rounds, 1) > 0.025  # even the extremes leave the median outside too often
        return
    assert _below(rounds, k) <= 0.025 < _below(rounds, k + 1)


def test_twenty_rounds_use_the_sixth_from_each_end() -> None:
    assert _order_statistic(20) == 6
    ours = [1.0 + i / 100 for i in range(20)]  # ratios 1.00 .. 1.19 against a baseline of 1
    row = Row("ours", "theirs", ours, [1.0] * 20, "ms", 1.2)
    assert row.interval == pytest.approx((1.05, 1.14))


def _row(ratios: list[float], target: float | None = 1.0) -> Row:
    return Row("ours", "theirs", ratios, [1.0] * len(ratios), "ms", target)


def test_an_interval_under_the_target_shows_it() -> None:
    assert _row([0.90 + i / 1000 for i in range(20)]).verdict == "yes"


def test_an_interval_over_the_target_shows_it_missed() -> None:
    assert _row([1.05 + i / 1000 for i in range(20)]).verdict == "NO"


def test_an_interval_across_the_target_is_undecided_whatever_the_median_says() -> None:
    row = _row([0.95 + i / 200 for i in range(20)])  # median 0.9975: under the target
    assert row.met
    assert row.verdict == "undecided"


def test_too_few_rounds_fall_back_on_the_median() -> None:
    assert _row([0.9, 0.95, 1.1, 0.97, 0.99]).interval is None
    assert _row([0.9, 0.95, 1.1, 0.97, 0.99]).verdict == "yes"
    assert _row([1.1, 1.05, 0.9, 1.2, 1.3]).verdict == "NO"


def test_a_row_without_a_target_is_not_judged() -> None:
    assert _row([5.0] * 20, target=None).verdict == "none"
