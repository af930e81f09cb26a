"""The slips a practice solver names are the core called with one option changed; the numbers
below are worked by hand."""

from __future__ import annotations

from fractions import Fraction

from aecalc.nets.conv.correlate import ConvSpec, convolve
from aecalc.nets.conv.maps import Map
from aecalc.nets.conv.pooling import PoolSpec, pool
from aecalc.nets.conv.transpose import TransposeSpec, transpose


def grid(rows: list[list[int]]) -> Map:
    return tuple(tuple(Fraction(v) for v in row) for row in rows)


X = grid([[2, 5, -3, 0], [0, 6, 0, -4], [-1, -3, 0, 2], [5, 0, 0, 3]])
K = grid([[-2, 0], [4, 6]])


def test_each_conv_slip_is_one_option_changed() -> None:
    spec = ConvSpec(padding=(1, 1), stride=(2, 2), bias=(Fraction(1),), act="relu")
    right = convolve((X,), ((K,),), spec).output[0]
    # by hand, with the ring of zeros: the window at (0, 0) holds 0, 0 / 0, 2 → 2·6 = 12, + 1
    assert right[0][0] == 13
    flipped = convolve((X,), ((K,),), spec.changed(flip=True)).output[0]
    # the kernel turned: [[6, 4], [0, −2]] on the same window → 2·(−2) + 1 = −3 → ReLU 0
    assert flipped[0][0] == 0
    no_padding = convolve((X,), ((K,),), spec.changed(padding=(0, 0))).output[0]
    assert no_padding[0][0] == 33  # 32 + 1, the brief's first cell with the bias
    no_stride = convolve((X,), ((K,),), spec.changed(stride=(1, 1))).output[0]
    assert len(no_stride) == 5  # 4 + 2 − 2 + 1
    no_bias = convolve((X,), ((K,),), spec.changed(bias=())).output[0]
    assert no_bias[0][0] == 12
    no_relu = convolve((X,), ((K,),), spec.changed(act=None)).output[0]
    assert min(v for row in no_relu for v in row) < 0 <= min(v for row in right for v in row)


def test_overlaps_kept_last_instead_of_added() -> None:
    x = grid([[0, 1], [2, 3]])
    summed = transpose((x,), ((x,),), TransposeSpec()).output[0]
    last = transpose((x,), ((x,),), TransposeSpec().changed(overlaps="last")).output[0]
    assert summed[1][1] == 4  # 0·3 + 1·2 + 2·1 + 3·0
    assert last[1][1] == 0  # only the last placed product, 3·0


def test_a_pool_moved_by_the_wrong_stride() -> None:
    x = grid([[1, 3, 2, 1], [4, 6, 5, 0], [7, 2, 9, 8], [1, 0, 3, 4]])
    right = pool((x,), PoolSpec()).output[0]
    slip = pool((x,), PoolSpec().changed(stride=(1, 1))).output[0]
    assert right == grid([[6, 5], [7, 9]])
    assert slip == grid([[6, 6, 5], [7, 9, 9], [7, 9, 9]])  # overlapping windows, by hand
