"""The one registry of layer tokens, and the parser that reads a token through it.

Each entry of :data:`RULES` is one layer kind (:class:`~aecalc.nets.conv.rule.LayerRule`):
its grammar, shape rule, parameter rule, multiply-add rule and mirror rule. Help texts and
errors derive from the table.

Kernels, strides, paddings, output paddings and dilations may differ per axis (``s2x1``: 2 down,
1 across). Layers that cannot be expressed (groups, rectangular pools, 1-D or 3-D layers) are
refused with an error that names the token and says it is not supported, rather than the
generic "not a layer token".
"""

from __future__ import annotations

import re

from aecalc.errors import InputError
from aecalc.nets.conv.kernels import ConvRule, ConvTRule
from aecalc.nets.conv.plain import (
    AvgPoolRule,
    BatchNormRule,
    DenseRule,
    DropoutRule,
    FlattenRule,
    PoolRule,
    ReshapeRule,
    UpRule,
)
from aecalc.nets.conv.rule import NO_BIAS, LayerRule, LayerToken, without_bias
from aecalc.nets.conv.shapes import refuse_unicode_digits

RULES: dict[str, LayerRule] = {
    rule.kind: rule
    for rule in (
        ConvRule(),
        ConvTRule(),
        PoolRule(),
        AvgPoolRule(),
        UpRule(),
        BatchNormRule(),
        DropoutRule(),
        FlattenRule(),
        DenseRule(),
        ReshapeRule(),
    )
}

TOKEN_HELP = (
    "use "
    + ", ".join(rule.usage for rule in RULES.values())
    + "; e.g. conv3x3s2p1:16, conv3x3s2x1p1x0d2:16, convT3x3s2p1o1:16, pool2:same; "
    + f"{NO_BIAS} after a conv, convT or dense token leaves its biases out"
)
MAX_TOKEN = 80
_NO_BIAS = re.compile(NO_BIAS + "$", re.IGNORECASE)  # conv3x3:16:nobias, dense:8:nobias

_KERNEL = r"^(?:conv|convt|conv_?transpose|deconv)"
_LAYER_WORD = (
    r"^(?:conv|convt|conv_?transpose|deconv|(?:max|avg|average)?pool(?:ing)?|up(?:sample)?)"
)
_NOT_SUPPORTED = "is not supported (aecalc counts plain 2-D layers)"
_ONE_OR_THREE_D = re.compile(_LAYER_WORD + r"_?[13]d", re.IGNORECASE | re.ASCII)
_UNSUPPORTED: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.ASCII), message)
    for pattern, message in (
        (_LAYER_WORD + r"_?2d", "drop the '2d': every layer here is 2-D (e.g. conv3x3:16)"),
        (_LAYER_WORD + r"[0-9]+[x×][0-9]+[x×][0-9]+", f"a 3-D kernel {_NOT_SUPPORTED}"),
        (
            r"group|depthwise|separable|^dw|^sep|" + _KERNEL + r"[0-9][^:]*g[0-9]",
            f"a grouped, depthwise or separable convolution {_NOT_SUPPORTED}",
        ),
        (
            _KERNEL + r"[0-9][^:]*[spod](?:il)?(?:[0-9]+,|\()",
            "write a per-axis stride, padding or dilation as HxW: s2x1, p1x0, d2x1",
        ),
        (
            r"^(?:max|avg|average)?pool[0-9][^:]*s[0-9]+[x×,]",
            f"a per-axis pool stride {_NOT_SUPPORTED}",
        ),
        (
            r"^conv[0-9][^:]*o[0-9]",
            "output padding oO belongs to a transpose convolution (convT3x3s2p1o1:16), "
            "not a convolution",
        ),
        (r"^(?:max|avg|average)?pool[0-9]+[x×][0-9]", f"a rectangular pool {_NOT_SUPPORTED}"),
        (
            r"^(?:max|avg|average)?pool[0-9][^:]*p[0-9]",
            "explicit pool padding is not supported: write poolK:same or poolK:valid",
        ),
    )
)


def _name(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:30]) + "…"


def parse_layer(token: str, position: int) -> LayerToken:
    """One layer token; ``position`` (1-based) names it in errors.

    >>> parse_layer("convT3x3s2p1o1:16", 1).output_padding, parse_layer("pool2:same", 2).layer
    ((1, 1), 'pool2:same')
    """
    text = token.strip()
    argument = f"layer {position} {_name(text)}"
    if not text:
        raise InputError(f"layer {position}", f"an empty token ({TOKEN_HELP})")
    if len(text) > MAX_TOKEN:
        raise InputError(argument, f"a token of {len(text):,} characters is too long")
    refuse_unicode_digits(text, argument)
    if _ONE_OR_THREE_D.match(text):  # conv3d2 is a 3-D layer, not a dilation (write conv3x3d2)
        raise InputError(
            argument,
            f"a 1-D or 3-D layer {_NOT_SUPPORTED} (a dilation follows a KxK kernel: conv3x3d2:16)",
        )
    body = _NO_BIAS.sub("", text)
    for rule in RULES.values():
        if match := rule.grammar.fullmatch(body):
            spec = rule.build(match, text, argument)
            if body == text:
                return spec
            if not rule.takes_bias:
                raise InputError(argument, f"a {rule.name} has no biases to leave out")
            return without_bias(spec)
    for pattern, message in _UNSUPPORTED:
        if pattern.search(text):
            raise InputError(argument, message)
    lower = text.lower()
    if lower.startswith(("conv", "deconv")) and ":" not in text:
        raise InputError(
            argument, f"a convolution needs its filter count after ':', e.g. {text}:16"
        )
    for rule in sorted(RULES.values(), key=lambda r: -len(r.kind)):
        if lower.startswith(rule.kind.lower()):
            raise InputError(argument, f"not a {rule.name} token: write {rule.usage}")
    raise InputError(argument, f"not a layer token ({TOKEN_HELP})")
