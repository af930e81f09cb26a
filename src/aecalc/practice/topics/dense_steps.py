"""The steps of a dense net's worked solution — forward (W·h, + b, the activation) and backward
(∂L/∂x̂, δ, Wᵀδ, ∂L/∂W, the update) — each computable again from given values of the steps
before it.

Every ``recompute`` here is the core's own operation on the given values: the vector operations
of :class:`aecalc.nets.arith.Arith` (``product``, ``plus``, ``activate``, ``vjp``, ``back``,
``outer``, ``step``) in exact rational arithmetic, on the layers :func:`aecalc.nets.forward.layers_in`
builds, and the loss gradient of :data:`aecalc.nets.losses.LOSSES` — what
:func:`aecalc.nets.dense.forward` and :func:`~aecalc.nets.dense.backward` run layer after layer,
here run one step at a time from a student's own values. The true values come from the core's
pass (:func:`~aecalc.nets.forward.run_forward`, :func:`~aecalc.nets.backprop.backprop_step`).

Two ways of naming a layer: *written* (the forward topic, the notes' F1 example) — ``W_e·x``,
then ``W_e·x + b_e`` only where the bias is not zero, then ``z`` — and *compact* (the backprop
topic) — ``a1 = W1·x + b1``, then ``h1``. A linear layer has no activation step: its output is
its last step (``x̂ = W_d·z``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aecalc.practice.answers.expected import Expected, Slip
from aecalc.practice.answers.slips import KnownSlip
from aecalc.practice.answers.steps import Given, Step, Values
from aecalc.practice.topics import solution as shared
from aecalc.record import Record

if TYPE_CHECKING:
    from aecalc.nets.arith import Arith
    from aecalc.nets.dense import Dense
    from aecalc.nets.forward import LayerPass
    from aecalc.nets.gradient_step import BackpropResult
    from aecalc.nets.network import Network

TRANSPOSED = KnownSlip(
    "Wᵀ used for W", "W is units out × units in: unit i of W·h is row i of W times h."
)
ACT_EARLY = KnownSlip(
    "activation applied in the W·h step",
    "W·h is the weighted sum; the activation comes after the bias is added.",
)
NO_BIAS = KnownSlip("bias not added", "the pre-activation is W·h + b.")
ACT_FORGOTTEN = KnownSlip("activation forgotten", "a layer's output is act(W·h + b).")
ACT_PRIME = KnownSlip("act′ forgotten", "δ includes the activation's derivative act′(a).")
BACK_UNTRANSPOSED = KnownSlip(
    "W·δ for Wᵀ·δ", "the gradient goes back through Wᵀ: ∂L/∂h_j = Σₖ W[k,j]·δ[k]."
)
HALF_SSE_GRADIENT = KnownSlip(
    "½-SSE gradient for MSE",
    "MSE = (1/n)Σ(x̂ − t)² has ∂L/∂x̂ = (2/n)(x̂ − t); x̂ − t is the gradient of ½Σ(x̂ − t)².",
)
SLIPS: tuple[KnownSlip, ...] = (
    TRANSPOSED,
    ACT_EARLY,
    NO_BIAS,
    ACT_FORGOTTEN,
    ACT_PRIME,
    BACK_UNTRANSPOSED,
    HALF_SSE_GRADIENT,
)
"""The slips these steps name (the topics list them in their entries, for ``--stats``)."""


class LayerNames(Record):
    """What one layer's steps are called: the step feeding it (None: the given x), its last
    step before the activation (the pre-activation, or W·h where there is no bias), and its
    output."""

    before: str | None
    pre: str
    output: str
    has_pre_step: bool


def _rational() -> Arith:
    from aecalc.nets.arith import RATIONAL

    return RATIONAL


def exact(values: Sequence[Any]) -> Values:
    """Core values (Fractions, SymPy) as the Fractions a working carries."""
    return tuple(shared.fraction(v) for v in values)


def _vector(values: Sequence[Any], slips: Sequence[Slip] = ()) -> Expected:
    expected = shared.vector(values)
    return shared.keep(expected, list(slips))


def _scalar(value: Any, slips: Sequence[Slip] = ()) -> Expected:
    return shared.keep(shared.scalar(value), list(slips))


def _slip(known: KnownSlip, why: str, values: Sequence[Any], vector: bool = True) -> Slip:
    return Slip(known.name, why, shared.vector(values) if vector else shared.scalar(values[0]))


def with_values(expected: Expected, true: Expected) -> Expected:
    """``true``'s values (the core's own, exact where exact) with ``expected``'s slips."""
    return shared.keep(true, list(expected.slips))


def step(
    name: str,
    true: Expected,
    depends: tuple[str, ...],
    recompute: Callable[[Given], Expected],
    given: Given,
    *,
    aliases: tuple[str, ...] = (),
    how: str = "",
) -> Step:
    """A step with the core's true values and, as its slips, its ``recompute``'s at the true
    ``given``; a step that ``depends`` on no earlier step is not worked again from one."""
    expected = with_values(recompute(given), true)
    return Step(name, expected, depends, recompute if depends else None, aliases, 1, how)


def forward_steps(
    network: Network,
    passes: Sequence[LayerPass],
    outputs: Sequence[str],
    *,
    written: bool,
    aliases: Sequence[tuple[str, ...]] = (),
    forgotten: Sequence[KnownSlip] = (),
) -> tuple[list[Step], list[LayerNames]]:
    """The forward pass's steps, layer by layer (``outputs``: each layer's output name;
    ``aliases``: other names for it; ``forgotten``: the slip named when a layer's activation
    is left out, :data:`ACT_FORGOTTEN` where not given), and each layer's step names."""
    from aecalc.nets.forward import layers_in

    layers = layers_in(_rational(), network)
    x = exact(passes[0].inputs)
    steps: list[Step] = []
    names: list[LayerNames] = []
    truth: dict[str, Values] = {}

    def add(made: Step) -> Step:
        steps.append(made)
        truth[made.name] = made.truth
        return made

    before: str | None = None
    for index, (spec, layer, p) in enumerate(zip(network.layers, layers, passes, strict=True)):
        h = "x" if before is None else before
        w, b = spec.weight_name, spec.bias_name
        out = outputs[index]
        out_aliases = tuple(aliases[index]) if index < len(aliases) else ()
        forgot = forgotten[index] if index < len(forgotten) else ACT_FORGOTTEN
        biased = any(v != 0 for v in spec.bias)
        feeds = () if before is None else (before,)

        def fed(given: Given, before: str | None = before) -> Values:
            return x if before is None else given[before]

        sum_text = f"{w}·{h} + {b}" if biased else f"{w}·{h}"
        if written:
            weighted = shared.vector(p.weighted)
            last = add(step(f"{w}·{h}", weighted, feeds, _product(layer, fed), truth))
            if biased:
                pre = shared.vector(p.pre_activation)
                last = add(step(sum_text, pre, (last.name,), _plus(layer, last.name), truth))
        else:
            last = add(
                step(
                    f"a{index + 1}",
                    shared.vector(p.pre_activation),
                    feeds,
                    _affine(layer, fed),
                    truth,
                    aliases=(sum_text, f"z{index + 1}"),
                    how=sum_text,
                )
            )
        if layer.act.name == "linear":  # no activation step: the output is the last step
            steps.pop()
            del truth[last.name]
            add(
                Step(
                    out,
                    last.expected,
                    last.depends,
                    last.recompute,
                    (*out_aliases, last.name, *last.aliases),
                    1,
                    last.how or last.name,
                )
            )
            names.append(LayerNames(before, out, out, False))
        else:
            add(
                step(
                    out,
                    shared.vector(p.activation),
                    (last.name,),
                    _activation(layer, last.name, forgot),
                    truth,
                    aliases=out_aliases,
                    how=f"{layer.act.symbol}({last.name})",
                )
            )
            names.append(LayerNames(before, last.name, out, True))
        before = out
    return steps, names


def _square_transpose(weights: Any) -> Any | None:
    """Wᵀ, where W is square and not symmetric (so Wᵀ·h is a different, typable slip)."""
    transposed = tuple(zip(*weights, strict=True))
    if len(weights) != len(weights[0]) or transposed == tuple(weights):
        return None
    return transposed


def _product(layer: Dense, fed: Callable[[Given], Values]) -> Callable[[Given], Expected]:
    """W·h from the given h; its slips: Wᵀ·h, and the activation applied already."""

    def recompute(given: Given) -> Expected:
        ar = _rational()
        h = fed(given)
        weighted = ar.product(layer.weights, h)
        slips = [
            _slip(
                ACT_EARLY,
                f"W·h is the weighted sum; {layer.act.symbol}(W·h + b) is the layer's output.",
                ar.activate(layer.act, ar.plus(weighted, layer.bias))[0],
            )
        ]
        transposed = _square_transpose(layer.weights)
        if transposed is not None:
            slips.append(_slip(TRANSPOSED, TRANSPOSED.meaning, ar.product(transposed, h)))
        return _vector(weighted, slips)

    return recompute


def _plus(layer: Dense, product: str) -> Callable[[Given], Expected]:
    """W·h + b from the given W·h."""

    def recompute(given: Given) -> Expected:
        return _vector(_rational().plus(given[product], layer.bias))

    return recompute


def _affine(layer: Dense, fed: Callable[[Given], Values]) -> Callable[[Given], Expected]:
    """a = W·h + b from the given h; its slips: the bias not added, Wᵀ used."""

    def recompute(given: Given) -> Expected:
        ar = _rational()
        h = fed(given)
        weighted = ar.product(layer.weights, h)
        slips = [_slip(NO_BIAS, NO_BIAS.meaning, weighted)]
        transposed = _square_transpose(layer.weights)
        if transposed is not None:
            slips.append(
                _slip(
                    TRANSPOSED, TRANSPOSED.meaning, ar.plus(ar.product(transposed, h), layer.bias)
                )
            )
        return _vector(ar.plus(weighted, layer.bias), slips)

    return recompute


def _activation(layer: Dense, pre: str, forgotten: KnownSlip) -> Callable[[Given], Expected]:
    """act(a) from the given a; its slip: the activation left out (a itself)."""

    def recompute(given: Given) -> Expected:
        ar = _rational()
        a = given[pre]
        out, _why = ar.activate(layer.act, a)
        why = f"{layer.act.symbol} turns the pre-activation into the layer's output."
        return _vector(out, [_slip(forgotten, why, a)])

    return recompute


# ---------------------------------------------------------------- backward


def backward_steps(
    network: Network,
    result: BackpropResult,
    names: Sequence[LayerNames],
    *,
    down_to: int,
    unit: int | None = None,
) -> tuple[list[Step], str]:
    """∂L/∂x̂, then per layer from the last down to layer ``down_to`` (1-based) δ and, between
    layers, Wᵀδ; with ``unit`` (1-based) only that unit's δ at layer ``down_to`` (the answer
    asked for); and the name of layer ``down_to``'s δ step. A linear layer's δ is its ∂L/∂h
    (act′ = 1): no step of its own, the step before it takes its name as another."""
    from aecalc.nets.forward import layers_in
    from aecalc.nets.losses import LOSSES

    ar = _rational()
    layers = layers_in(ar, network)
    loss = LOSSES[result.loss_name]
    target = exact(result.target)
    n = len(target)
    truth: dict[str, Values] = {}
    for own, grad in zip(names, result.layers, strict=True):
        if own.has_pre_step:
            truth[own.pre] = exact(grad.pre_activation)
        truth[own.output] = exact(grad.output)
    out = names[-1].output
    gradient = f"∂L/∂{out}"

    def d_output(given: Given) -> Expected:
        h = given[out]
        values = tuple(loss.grad(ar, hi, ti, n) for hi, ti in zip(h, target, strict=True))
        slips = []
        if loss.name == "mse":
            half = LOSSES["half-sse"]
            halves = tuple(half.grad(ar, hi, ti, n) for hi, ti in zip(h, target, strict=True))
            slips.append(_slip(HALF_SSE_GRADIENT, HALF_SSE_GRADIENT.meaning, halves))
        return _vector(values, slips)

    plain = out.replace("x̂", "xhat")
    steps = [
        step(
            gradient,
            shared.vector(result.dl_dxhat),
            (out,),
            d_output,
            truth,
            aliases=(f"dL/d{plain}", f"∂E/∂{out}", f"dE/d{plain}", "g"),
            how=loss.gradient.split(" = ", 1)[-1].replace("_i", ""),
        )
    ]
    truth[gradient] = steps[-1].truth
    upstream = gradient
    for number in range(len(layers), down_to - 1, -1):
        i = number - 1
        own, layer, grad = names[i], layers[i], result.layers[i]
        asked = unit is not None and number == down_to
        if layer.act.name == "linear" and not asked:  # δ = ∂L/∂h: the step before is δ too
            last = steps[-1]
            steps[-1] = Step(
                last.name,
                last.expected,
                last.depends,
                last.recompute,
                (*last.aliases, f"δ{number}", f"delta{number}"),
                last.marks,
                last.how,
            )
            name = last.name
        else:
            name = f"δ{number}[{unit}]" if asked else f"δ{number}"
            true = (
                shared.scalar(grad.delta[unit - 1])
                if unit and asked
                else (shared.vector(grad.delta))
            )
            made = step(
                name,
                true,
                (upstream, own.output, *((own.pre,) if own.has_pre_step else ())),
                _delta(layer, upstream, own, unit if asked else None),
                truth,
                aliases=(name.replace("δ", "delta"),),
                how=f"{upstream} ⊙ {layer.act.symbol}′({own.pre})",
            )
            steps.append(made)
            truth[name] = made.truth
        if number == down_to:
            return steps, name
        below = names[i - 1].output
        back = f"W{number}ᵀδ{number}"
        made = step(
            back,
            shared.vector(grad.delta_below or ()),
            (name,),
            _back(layer, name),
            truth,
            aliases=(f"∂L/∂{below}", f"dL/d{below}", f"∂E/∂{below}", f"W{number}^Tδ{number}"),
        )
        steps.append(made)
        truth[back] = made.truth
        upstream = back
    raise ValueError(f"layer {down_to} is not in the net")


def _delta(
    layer: Dense, upstream: str, own: LayerNames, unit: int | None
) -> Callable[[Given], Expected]:
    """δ = g ⊙ act′(a) from the given g, h and a (the core's vector-Jacobian product; ``unit``,
    1-based: that unit's δ alone); its slip: act′ left out (δ = g)."""

    def recompute(given: Given) -> Expected:
        ar = _rational()
        h = given[own.output]
        a = given[own.pre] if own.has_pre_step else h
        g = given[upstream]
        delta, _primes = ar.vjp(layer.act, a, h, g)
        if unit is None:
            return _vector(delta, [_slip(ACT_PRIME, ACT_PRIME.meaning, g)])
        forgot = _slip(ACT_PRIME, ACT_PRIME.meaning, (g[unit - 1],), vector=False)
        return _scalar(delta[unit - 1], [forgot])

    return recompute


def _back(layer: Dense, delta: str) -> Callable[[Given], Expected]:
    """Wᵀδ from the given δ; its slip: W·δ (W not transposed), where that differs."""

    def recompute(given: Given) -> Expected:
        ar = _rational()
        d = given[delta]
        slips = []
        transposed = _square_transpose(layer.weights)
        if transposed is not None:
            slips.append(
                _slip(BACK_UNTRANSPOSED, BACK_UNTRANSPOSED.meaning, ar.back(transposed, d))
            )
        return _vector(ar.back(layer.weights, d), slips)

    return recompute


def weight_gradient(
    delta: str, before: str | None, x: Values, row: int, col: int
) -> Callable[[Given], Expected]:
    """∂L/∂W[r,c] = δ[r]·h[c] from the given δ and h (the core's outer product δ·hᵀ; ``x`` is
    the layer's input where it is the given x, ``before`` None)."""

    def recompute(given: Given) -> Expected:
        h = x if before is None else given[before]
        return _scalar(_rational().outer(given[delta], h)[row - 1][col - 1])

    return recompute


def updated(
    old: Fraction,
    lr: Fraction,
    gradient: str,
    index: int,
    slips: Callable[[Fraction], list[Slip]],
) -> Callable[[Given], Expected]:
    """w − η·g from the given g (element ``index`` of the step ``gradient``; the core's update
    step); ``slips(g)``: the usual wrong updates."""

    def recompute(given: Given) -> Expected:
        g = given[gradient][index]
        return _scalar(_rational().step((old,), lr, (g,))[0], slips(g))

    return recompute
