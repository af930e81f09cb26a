"""Parameter counts and kinds: the seed questions and invariants that would catch a wrong count."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecalc import classify, count_params
from aecalc.errors import InputError


def test_q1_output_layer_matches_input() -> None:
    result = count_params([10, 4])
    assert result.architecture == (10, 4, 10)
    assert result.architecture[-1] == 10


def test_q2_vanilla_8_3_8() -> None:
    result = count_params([8, 3, 8])
    assert [layer.params for layer in result.layers] == [27, 32]
    assert (result.encoder_params, result.decoder_params, result.total_params) == (27, 32, 59)


def test_q3_stacked_mirrored() -> None:
    result = count_params([10, 8, 4])
    assert result.architecture == (10, 8, 4, 8, 10)
    assert result.encoder_params == 124
    assert result.decoder_params == 130
    assert result.total_params == 254
    assert result.total_weights == 224
    assert result.total_biases == 30
    assert result.code_size == 4
    assert result.compression_ratio == Fraction(5, 2)
    assert result.classification is not None
    assert result.classification.kind == "undercomplete"


def test_q4_overcomplete() -> None:
    assert classify(50, 80).kind == "overcomplete"


def test_equal_sizes_depend_on_convention() -> None:
    assert classify(2, 2).kind == "overcomplete"
    strict = classify(2, 2, "strict")
    assert strict.kind == "complete"
    assert "identity" in strict.reason
    assert strict.other_kind == "overcomplete"


def test_tied_9_5_9() -> None:
    assert count_params([9, 5, 9]).total_params == 104
    assert count_params([9, 5, 9], tied=True).total_params == 59


def test_reference_sizes() -> None:
    assert count_params([784, 128, 32]).total_params == 209_968
    assert count_params([784, 512, 256, 128, 32]).total_params == 1_141_296
    assert count_params([784, 128, 32]).compression_ratio == Fraction(784, 32)


def test_huge_counts_stay_exact() -> None:
    result = count_params([1_000_000, 1_000_000])
    assert result.total_params == 2 * 10**12 + 2 * 10**6
    assert result.bytes_at(8) == 8 * result.total_params


def test_ten_thousand_layers() -> None:
    sizes = [3 + i % 5 for i in range(10_000)]
    result = count_params(sizes, mode="mirror")
    assert len(result.layers) == 2 * (len(sizes) - 1)


def test_as_given_feed_forward_is_not_an_error() -> None:
    result = count_params([10, 8, 4, 1], mode="as_given")
    assert not result.is_autoencoder
    assert result.classification is None
    assert result.total_params == 88 + 36 + 5
    assert "not an autoencoder" in result.interpretation
    assert result.encoder_params == 124
    assert result.decoder_params == 5


def test_code_layer_split() -> None:
    assert count_params([8, 3, 8]).code_index == 1
    assert count_params([10, 6, 3, 6, 10]).code_index == 2
    assert count_params([10, 6, 4, 3, 10], mode="as_given").code_index == 3


def test_mirror_of_a_whole_net() -> None:
    assert count_params([8, 3, 8], mode="mirror").architecture == (8, 3, 8, 3, 8)


def test_refusals() -> None:
    with pytest.raises(InputError, match="--tied"):
        count_params([10, 8, 4, 1], mode="as_given", tied=True)
    with pytest.raises(InputError, match="at least two sizes"):
        count_params([10])
    with pytest.raises(InputError, match="at least 1"):
        count_params([10, 0])


encoders = st.lists(st.integers(1, 2000), min_size=2, max_size=8)


@given(encoders)
def test_mirroring_doubles_the_weights(encoder: list[int]) -> None:
    whole = count_params(encoder, mode="mirror")
    half_weights = sum(a * b for a, b in itertools.pairwise(encoder))
    assert whole.total_weights == 2 * half_weights
    assert whole.encoder_params + whole.decoder_params == whole.total_params


@given(encoders)
def test_no_bias_removes_the_widths_after_the_input(encoder: list[int]) -> None:
    with_bias = count_params(encoder)
    without = count_params(encoder, bias=False)
    assert with_bias.total_params - without.total_params == sum(with_bias.architecture[1:])


@given(encoders)
def test_tied_removes_the_decoder_weights(encoder: list[int]) -> None:
    untied = count_params(encoder, mode="mirror")
    tied = count_params(encoder, mode="mirror", tied=True)
    decoder_weights = sum(x.weights for x in untied.layers if x.part == "decoder")
    assert untied.total_params - tied.total_params == decoder_weights
    assert tied.encoder_params == untied.encoder_params


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_classify_rules(n_in: int, hidden: int) -> None:
    notes = classify(n_in, hidden).kind
    strict = classify(n_in, hidden, "strict").kind
    assert notes == ("overcomplete" if hidden >= n_in else "undercomplete")
    assert strict == (
        "overcomplete" if hidden > n_in else "complete" if hidden == n_in else "undercomplete"
    )
