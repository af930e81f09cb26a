"""The vectorized batch path: agreement with a plain NumPy reference, edge values, bad input."""

from __future__ import annotations

import itertools
import json
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aecalc.batch import engine as batch
from aecalc.batch import threads
from aecalc.batch.engine import ACTIVATIONS, forward_batch
from aecalc.errors import InputError
from aecalc.nets.activations import ACTIVATIONS as ACTIVATION_REGISTRY

Array = np.ndarray


# A straightforward reference: fresh temporaries, textbook formulas, one layer at a time.
def _ref_act(name: str, t: Array) -> Array:
    if name == "sigmoid":
        with np.errstate(over="ignore"):
            return 1.0 / (1.0 + np.exp(-t))
    if name == "tanh":
        return np.tanh(t)
    if name == "relu":
        return np.where(t > 0, t, 0.0)
    if name == "leaky_relu":
        return np.where(t > 0, t, 0.01 * t)
    if name == "elu":
        return np.where(t > 0, t, np.exp(np.minimum(t, 0.0)) - 1.0)
    if name == "linear":
        return t
    assert name == "softmax"
    e = np.exp(t - t.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def reference(weights: list[Array], biases: list[Array], acts: list[str], x: Array) -> Array:
    h = np.atleast_2d(x)
    for w, b, name in zip(weights, biases, acts, strict=True):
        h = _ref_act(name, h @ w.T + b)
    return h


def random_net(rng: np.random.Generator, sizes: list[int]) -> tuple[list[Array], list[Array]]:
    weights = [rng.standard_normal((b, a)) for a, b in itertools.pairwise(sizes)]
    biases = [rng.standard_normal(b) for b in sizes[1:]]
    return weights, biases


@st.composite
def nets(draw: st.DrawFn) -> tuple[list[int], list[str], int, int]:
    d = draw(st.integers(1, 6))
    hidden = draw(st.lists(st.integers(1, 6), min_size=0, max_size=3))
    sizes = [d, *hidden, d]
    acts = draw(
        st.lists(st.sampled_from(ACTIVATIONS), min_size=len(sizes) - 1, max_size=len(sizes) - 1)
    )
    n = draw(st.integers(1, 9))
    seed = draw(st.integers(0, 2**32 - 1))
    return sizes, acts, n, seed


@settings(max_examples=60, deadline=None)
@given(nets())
def test_matches_reference_on_random_nets(case: tuple[list[int], list[str], int, int]) -> None:
    sizes, acts, n, seed = case
    rng = np.random.default_rng(seed)
    weights, biases = random_net(rng, sizes)
    x = rng.standard_normal((n, sizes[0]))
    result = forward_batch(weights, biases, acts, x, top=3)
    expected = reference(weights, biases, acts, x)
    np.testing.assert_allclose(result.x_hat, expected, rtol=1e-12, atol=1e-300)
    errors = ((expected - x) ** 2).mean(axis=1)
    np.testing.assert_allclose(result.errors, errors, rtol=1e-10, atol=1e-300)
    assert result.mean_error == pytest.approx(errors.mean(), rel=1e-10)
    assert result.min_error == pytest.approx(errors.min(), rel=1e-10)
    assert result.max_error == pytest.approx(errors.max(), rel=1e-10)
    assert result.architecture == tuple(sizes)
    assert result.activations == tuple(acts)
    assert [i for i, _ in result.top] == list(np.argsort(-result.errors, kind="stable")[:3])


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("strategy", ["halves", "split", "single"])
def test_chunked_and_threaded_paths_agree(
    name: str, strategy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many chunks, ragged last chunk, both two-thread strategies and the one-thread path."""
    monkeypatch.setattr(batch, "CHUNK_ROWS", 64)
    monkeypatch.setattr(batch, "STRATEGY", strategy)
    if strategy == "single":
        monkeypatch.setattr(threads, "helper_pool", lambda: None)
    rng = np.random.default_rng(7)
    weights, biases = random_net(rng, [12, 9, 5, 9, 12])
    x = rng.standard_normal((1001, 12))
    result = forward_batch(weights, biases, name, x)
    expected = reference(weights, biases, [name] * 4, x)
    np.testing.assert_allclose(result.x_hat, expected, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(result.errors, ((expected - x) ** 2).mean(axis=1), rtol=1e-10)


def test_sigmoid_bit_for_bit_with_the_textbook_formula() -> None:
    rng = np.random.default_rng(3)
    weights, biases = random_net(rng, [30, 20, 8, 20, 30])
    x = rng.random((300, 30))
    result = forward_batch(weights, biases, "sigmoid", x)
    h = x
    for w, b in zip(weights, biases, strict=True):
        h = 1.0 / (1.0 + np.exp(-(h @ w.T + b)))
    assert np.max(np.abs(result.x_hat - h) / np.abs(h)) <= 1e-13


def test_float32_path() -> None:
    rng = np.random.default_rng(11)
    weights, biases = random_net(rng, [16, 8, 4, 8, 16])
    x = rng.random((200, 16))
    result = forward_batch(weights, biases, ["tanh", "relu", "elu", "sigmoid"], x, dtype="float32")
    assert result.x_hat.dtype == np.float32
    assert result.dtype == "float32"
    assert result.errors.dtype == np.float64
    expected = reference(weights, biases, ["tanh", "relu", "elu", "sigmoid"], x)
    np.testing.assert_allclose(result.x_hat, expected, rtol=1e-4, atol=1e-6)
    same = forward_batch(weights, biases, "sigmoid", x, dtype=np.float32)
    assert same.x_hat.dtype == np.float32


def test_softmax_is_shift_invariant_and_sums_to_one() -> None:
    rng = np.random.default_rng(5)
    weights, biases = random_net(rng, [6, 4, 6])
    x = rng.standard_normal((50, 6))
    base = forward_batch(weights, biases, ["tanh", "softmax"], x)
    shifted_biases = [biases[0], biases[1] + 1000.0]  # adds the same constant to every logit
    shifted = forward_batch(weights, shifted_biases, ["tanh", "softmax"], x)
    np.testing.assert_allclose(shifted.x_hat, base.x_hat, rtol=1e-12)
    np.testing.assert_allclose(base.x_hat.sum(axis=1), 1.0, rtol=1e-14)


def test_softmax_of_huge_logits_does_not_overflow() -> None:
    h = np.array([[1000.0, 1000.0, -1000.0], [1e6, 0.0, 1e6 - 1.0]])
    # e^(−2000) underflowing to 0 is the right answer; overflow or invalid would be a bug.
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        ACTIVATION_REGISTRY["softmax"].in_place(h)
    np.testing.assert_allclose(h[0], [0.5, 0.5, 0.0])
    np.testing.assert_allclose(
        h[1], [1 / (1 + np.exp(-1.0)), 0.0, np.exp(-1.0) / (1 + np.exp(-1.0))]
    )


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_huge_pre_activations_raise_no_floating_point_errors(name: str) -> None:
    """σ(±1000) is exactly 1 and 0; no overflow/underflow warning may escape (any activation)."""
    x = np.array([[1.0, -1.0], [-1.0, 1.0]])
    weights = [np.eye(2) * 1000.0]
    biases = [np.zeros(2)]
    with np.errstate(all="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        result = forward_batch(weights, biases, name, x)
    expected = reference(weights, biases, [name], x)
    np.testing.assert_allclose(result.x_hat, expected, rtol=1e-15)
    if name == "sigmoid":
        assert result.x_hat.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_per_sample_errors_against_a_target_and_top_list() -> None:
    weights = [np.eye(3)]
    biases = [np.zeros(3)]
    x = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [3.0, 0.0, 0.0], [0.0, 3.0, 0.0]])
    target = np.zeros((4, 3))
    result = forward_batch(weights, biases, "linear", x, target=target, top=3)
    assert result.errors.tolist() == [0.0, 14 / 3, 3.0, 3.0]
    assert result.top == ((1, 14 / 3), (2, 3.0), (3, 3.0))  # ties: lower index first
    assert result.against == "target"
    assert result.mse == pytest.approx(np.mean(x**2))
    assert forward_batch(weights, biases, "linear", x, top=0).top == ()
    assert len(forward_batch(weights, biases, "linear", x, top=99).top) == 4
    assert forward_batch(weights, biases, "linear", x).max_error == 0.0  # identity reconstructs


def test_target_with_another_width() -> None:
    weights = [np.ones((2, 3))]
    result = forward_batch(weights, [np.zeros(2)], "linear", [1.0, 2.0, 3.0], target=[6.0, 5.0])
    assert result.x_hat.tolist() == [[6.0, 6.0]]
    assert result.errors.tolist() == [0.5]
    assert result.output_dim == 2
    assert result.input_dim == 3


def test_one_sample_as_a_vector_and_inputs_untouched() -> None:
    rng = np.random.default_rng(2)
    weights, biases = random_net(rng, [3, 2, 3])
    x = rng.standard_normal(3)
    copies = [w.copy() for w in weights], [b.copy() for b in biases], x.copy()
    result = forward_batch(weights, biases, "sigmoid", x)
    assert result.x_hat.shape == (1, 3)
    assert result.n_samples == 1
    for before, after in zip(copies[0] + copies[1], weights + biases, strict=True):
        assert np.array_equal(before, after)
    assert np.array_equal(copies[2], x)


def test_as_json_is_small_and_serializable() -> None:
    rng = np.random.default_rng(4)
    weights, biases = random_net(rng, [5, 3, 5])
    x = rng.random((40, 5))
    result = forward_batch(weights, biases, ["relu", "sigmoid"], x, top=2)
    data = result.as_json()
    text = json.dumps(data)
    assert len(text) < 1000
    assert data["shape"] == [40, 5]
    assert data["architecture"] == [5, 3, 5]
    assert data["activations"] == ["relu", "sigmoid"]
    assert data["dtype"] == "float64"
    errors = data["errors"]
    assert isinstance(errors, dict)
    assert errors["mean"] == pytest.approx(result.errors.mean())
    assert data["top"] == [{"index": i, "error": e} for i, e in result.top]
    assert data["loss"] == {"mse": pytest.approx(np.mean((result.x_hat - x) ** 2))}


BadCall = Callable[[], object]
W2 = [np.zeros((2, 3)), np.zeros((3, 2))]
B2 = [np.zeros(2), np.zeros(3)]


@pytest.mark.parametrize(
    ("call", "argument", "words"),
    [
        (lambda: forward_batch(W2, B2, "swish", np.zeros((1, 3))), "--act", "unknown activation 'swish'"),
        (lambda: forward_batch(W2, B2, ["relu"] * 3, np.zeros((1, 3))), "--act", "3 activations but the net has 2"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((1, 4))), "--x", "4 values per sample but W1 is 2×3"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((0, 3))), "--x", "non-empty"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((2, 2, 3))), "--x", "2×2×3"),
        (lambda: forward_batch(W2[:1], B2[:1], "relu", np.zeros((1, 3))), "--x", "the net outputs 2"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((2, 3)), target=np.zeros((2, 2))), "--target", "is 2×2 but the output is 2×3"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((1, 3)), dtype="float16"), "--dtype", "float64 or float32"),
        (lambda: forward_batch(W2, B2, "relu", np.zeros((1, 3)), top=-1), "--top", "0 or more"),
        (lambda: forward_batch([np.zeros((2, 3)), np.zeros((3, 4))], B2, "relu", np.zeros((1, 3))), "--model", "W2 is 3×4 but W1 is 2×3"),
        (lambda: forward_batch(W2, [np.zeros(2), np.zeros(2)], "relu", np.zeros((1, 3))), "--model", "b2 has shape 2 but W2 is 3×2"),
        (lambda: forward_batch(W2, B2[:1], "relu", np.zeros((1, 3))), "--model", "2 weight matrices but 1 bias"),
        (lambda: forward_batch([], [], "relu", np.zeros((1, 3))), "--model", "no layers"),
        (lambda: forward_batch([np.zeros(3)], [np.zeros(3)], "relu", np.zeros((1, 3))), "--model", "W1 must be a non-empty 2-D matrix"),
    ],
)  # fmt: skip
def test_bad_input_names_the_argument(call: BadCall, argument: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.argument == argument
    assert words in caught.value.problem
    assert "\n" not in str(caught.value)


def test_blas_thread_count_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    from threadpoolctl import threadpool_info

    if threads.blas_controller() is None:
        pytest.skip("no BLAS library threadpoolctl can control in this NumPy build")

    def blas_threads() -> list[int]:
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = blas_threads()
    monkeypatch.setattr(batch, "CHUNK_ROWS", 32)
    rng = np.random.default_rng(9)
    weights, biases = random_net(rng, [8, 4, 8])
    seen: list[list[int]] = []
    original = batch._Engine.run

    def spy(self: object, starts: object, chunk: int, pool: object) -> None:
        seen.append(blas_threads())
        original(self, starts, chunk, pool)  # type: ignore[arg-type]

    monkeypatch.setattr(batch._Engine, "run", spy)
    forward_batch(weights, biases, "sigmoid", rng.random((300, 8)))
    if threads.helper_pool() is not None:
        assert [1] * len(before) in seen  # one BLAS thread while the two threads run
    assert blas_threads() == before


def test_without_blas_control_the_split_strategy_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_ROWS", 32)
    monkeypatch.setattr(threads, "blas_controller", lambda: None)
    used: list[object] = []
    original = batch._split

    def spy(block: Array, work: Callable[[Array], None], pool: object) -> None:
        used.append(pool)
        original(block, work, pool)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_split", spy)
    rng = np.random.default_rng(10)
    weights, biases = random_net(rng, [8, 4, 8])
    x = rng.random((300, 8))
    result = forward_batch(weights, biases, "sigmoid", x)
    np.testing.assert_allclose(
        result.x_hat, reference(weights, biases, ["sigmoid"] * 2, x), rtol=1e-13
    )
    if threads.helper_pool() is not None:
        assert any(pool is not None for pool in used)


def test_out_array_receives_the_reconstructions() -> None:
    rng = np.random.default_rng(12)
    weights, biases = random_net(rng, [6, 3, 6])
    x = rng.random((70, 6))
    out = np.full((70, 6), np.nan, dtype=np.float32)
    result = forward_batch(weights, biases, "tanh", x, dtype="float32", out=out)
    assert result.x_hat is out
    np.testing.assert_allclose(
        out, reference(weights, biases, ["tanh"] * 2, x), rtol=1e-5, atol=1e-6
    )
    with pytest.raises(ValueError, match="out must be 70×6 float64"):
        forward_batch(weights, biases, "tanh", x, out=out)
