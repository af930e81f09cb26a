"""Spec readers, one per topic: a problem file's ``[solve]`` table → that topic's spec record.

Each reader is named in :mod:`aecalc.practice.topics` (``reader``) and checks its
fields one by one with :mod:`aecalc.practice.fields`, raising
:class:`~aecalc.practice.fields.FieldError` on the first one that is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from fractions import Fraction

from aecalc.nets import activations, losses
from aecalc.practice.fields import (
    FieldError,
    boolean,
    choice,
    items,
    matrix,
    number,
    vector,
    whole,
)
from aecalc.practice.specs import (
    BackpropSpec,
    ClassifySpec,
    ConvParamsSpec,
    ForwardSpec,
    LossSpec,
    ParamsSpec,
    PenaltySpec,
)
from aecalc.values.parse import Vector

PARAMS_QUANTITIES = (
    "total",
    "encoder",
    "decoder",
    "weights",
    "biases",
    "output_units",
    "compression_ratio",
    "input_nodes_with_bias",
)
FORWARD_QUANTITIES = ("x_hat", "z", "loss")
LOSSES = losses.NAMES
LOG_BASES = losses.LOG_BASES
REDUCTIONS = losses.REDUCTIONS
BACKPROP_QUANTITIES = ("w_new", "b_new", "delta", "grad_w", "loss")
BACKPROP_LOSSES = ("half-sse", "mse", "bce")
PENALTY_KINDS = ("sparse-kl", "vae-kl")
CONV_QUANTITIES = ("total", "encoder", "layer_params", "output_shape", "code_size")
ACTIVATIONS = activations.NAMES
MAX_LAYER = 10**7


def params(data: Mapping[str, object]) -> ParamsSpec:
    """``kind = "params"``: layer sizes and the count asked for."""
    sizes = data.get("sizes")
    if not isinstance(sizes, list) or len(sizes) < 2:
        raise FieldError("solve.sizes", "must be a list of at least two layer sizes")
    parsed = tuple(whole(s, "solve.sizes", 1, MAX_LAYER) for s in sizes)
    mode = choice(data, "mode", ("auto", "mirror", "as_given"), "auto")
    return ParamsSpec(
        sizes=parsed,
        quantity=choice(data, "quantity", PARAMS_QUANTITIES, "total"),
        mode="auto" if mode == "auto" else "mirror" if mode == "mirror" else "as_given",
        tied=boolean(data, "tied", False),
        bias=boolean(data, "bias", True),
    )


def classify(data: Mapping[str, object]) -> ClassifySpec:
    """``kind = "classify"``: input and hidden sizes, and the convention."""
    convention = choice(data, "convention", ("notes", "strict"), "notes")
    return ClassifySpec(
        input=whole(data.get("input"), "solve.input", 1, MAX_LAYER),
        hidden=whole(data.get("hidden"), "solve.hidden", 1, MAX_LAYER),
        convention="notes" if convention == "notes" else "strict",
    )


def loss(data: Mapping[str, object]) -> LossSpec:
    """``kind = "loss"``: a loss of xhat against x."""
    x = vector(data, "x")
    xhat = vector(data, "xhat")
    assert x is not None and xhat is not None
    if len(x) != len(xhat):
        raise FieldError("solve.xhat", f"has {len(xhat)} values but x has {len(x)}")
    name = choice(data, "loss", LOSSES, "mse")
    return LossSpec(
        loss=name,
        x=x,
        xhat=xhat,
        log=choice(data, "log", LOG_BASES, "ln"),
        reduction=choice(data, "reduction", REDUCTIONS, default_reduction(name)),
    )


def default_reduction(loss: str) -> str:
    """½ Σ is the half sum of squares by definition; MSE and BCE take the mean."""
    return "sum" if loss == "half-sse" else "mean"


def forward(data: Mapping[str, object]) -> ForwardSpec:
    """``kind = "forward"``: a vanilla pass (x, we, wd, optional be, bd, act, quantity, loss…)."""
    x = vector(data, "x")
    assert x is not None
    we = matrix(data, "we")
    wd = matrix(data, "wd")
    be = vector(data, "be", required=False)
    bd = vector(data, "bd", required=False)
    if len(we[0]) != len(x):
        raise FieldError("solve.we", f"has {len(we[0])} columns but x has {len(x)} values")
    if len(wd[0]) != len(we):
        raise FieldError("solve.wd", f"has {len(wd[0])} columns but W_e has {len(we)} rows")
    if len(wd) != len(x):
        raise FieldError("solve.wd", f"has {len(wd)} rows but x has {len(x)} values")
    if be is not None and len(be) != len(we):
        raise FieldError("solve.be", f"has {len(be)} values but W_e has {len(we)} rows")
    if bd is not None and len(bd) != len(wd):
        raise FieldError("solve.bd", f"has {len(bd)} values but W_d has {len(wd)} rows")
    act = data.get("act", "sigmoid")
    names = [act, act] if isinstance(act, str) else act
    if not isinstance(names, list) or len(names) != 2 or any(n not in ACTIVATIONS for n in names):
        raise FieldError(
            "solve.act", f"must be one activation or a list of two, from {', '.join(ACTIVATIONS)}"
        )
    loss = choice(data, "loss", LOSSES, "bce")
    return ForwardSpec(
        x=x,
        we=we,
        wd=wd,
        be=be,
        bd=bd,
        act=(str(names[0]), str(names[1])),
        quantity=choice(data, "quantity", FORWARD_QUANTITIES, "x_hat"),
        loss=loss,
        log=choice(data, "log", LOG_BASES, "ln"),
        reduction=choice(data, "reduction", REDUCTIONS, default_reduction(loss)),
    )


def backprop(data: Mapping[str, object]) -> BackpropSpec:
    """``kind = "backprop"``: one gradient step and the entry asked for."""
    x = vector(data, "x")
    assert x is not None
    weights = tuple(matrix({"weights": w}, "weights") for w in items(data, "weights"))
    biases: tuple[Vector, ...] = ()
    if "biases" in data:
        biases = tuple(
            v for b in items(data, "biases") if (v := vector({"biases": b}, "biases")) is not None
        )
        if len(biases) != len(weights):
            raise FieldError(
                "solve.biases", f"has {len(biases)} vectors for {len(weights)} weight matrices"
            )
    previous = len(x)
    for index, w in enumerate(weights, start=1):
        if len(w[0]) != previous:
            raise FieldError(
                "solve.weights",
                f"matrix {index} has {len(w[0])} columns but its input has {previous} values",
            )
        if biases and len(biases[index - 1]) != len(w):
            raise FieldError(
                "solve.biases",
                f"vector {index} has {len(biases[index - 1])} values, not {len(w)}",
            )
        previous = len(w)
    target = vector(data, "target", required=False)
    if target is not None and len(target) != previous:
        raise FieldError("solve.target", f"has {len(target)} values but the output has {previous}")
    act = data.get("act", "sigmoid")
    if not isinstance(act, str) or any(a.strip() not in ACTIVATIONS for a in act.split(",")):
        raise FieldError("solve.act", f"must name activations from {', '.join(ACTIVATIONS)}")
    lr = number(data, "lr", Fraction(1, 2))
    if lr <= 0:
        raise FieldError("solve.lr", "must be > 0")
    quantity = choice(data, "quantity", BACKPROP_QUANTITIES, "w_new")
    layer = whole(data.get("layer", len(weights)), "solve.layer", 1, len(weights))
    w = weights[layer - 1]
    return BackpropSpec(
        weights=weights,
        x=x,
        biases=biases,
        target=target,
        act=act,
        loss=choice(data, "loss", BACKPROP_LOSSES, "half-sse"),
        lr=lr,
        quantity=quantity,
        layer=layer,
        row=whole(data.get("row", 1), "solve.row", 1, len(w)),
        col=whole(data.get("col", 1), "solve.col", 1, len(w[0])),
    )


def penalty(data: Mapping[str, object]) -> PenaltySpec:
    """``kind = "penalty"``: a sparse-KL or VAE-KL value."""
    name = choice(data, "penalty", PENALTY_KINDS, "sparse-kl")
    weight = number(data, "weight", Fraction(1))
    if weight < 0:
        raise FieldError("solve.weight", "must be ≥ 0")
    if name == "sparse-kl":
        rho = number(data, "rho", Fraction(1, 20))
        if not 0 < rho < 1:
            raise FieldError("solve.rho", "must lie strictly between 0 and 1")
        rho_hat = vector(data, "rho_hat")
        assert rho_hat is not None
        if not all(0 < r < 1 for r in rho_hat):
            raise FieldError("solve.rho_hat", "every value must lie strictly between 0 and 1")
        return PenaltySpec(penalty=name, rho=rho, rho_hat=rho_hat, weight=weight)
    mu = vector(data, "mu")
    logvar = vector(data, "logvar")
    assert mu is not None and logvar is not None
    if len(mu) != len(logvar):
        raise FieldError("solve.logvar", f"has {len(logvar)} values but mu has {len(mu)}")
    return PenaltySpec(penalty=name, mu=mu, logvar=logvar, weight=weight)


def conv(data: Mapping[str, object]) -> ConvParamsSpec:
    """``kind = "conv"``: a convolutional autoencoder's counts or a layer's output shape."""
    shape = data.get("input")
    if not isinstance(shape, str) or not re.fullmatch(r"\d+x\d+x\d+", shape.strip()):
        raise FieldError("solve.input", 'must be a shape such as "28x28x1"')
    layers = items(data, "layers")
    if not all(isinstance(token, str) and token.strip() for token in layers):
        raise FieldError("solve.layers", 'must be a list of layer tokens such as "conv3x3:16"')
    return ConvParamsSpec(
        input=shape.strip(),
        layers=tuple(str(token).strip() for token in layers),
        quantity=choice(data, "quantity", CONV_QUANTITIES, "total"),
        layer=whole(data.get("layer", 1), "solve.layer", 1, len(layers)),
    )
