"""What a PyTorch ``forward`` may call instead of a layer module, read as the same tokens.

``F.max_pool2d(x, 2)`` is ``pool2:valid`` as ``nn.MaxPool2d(2)`` is, ``F.interpolate(x,
scale_factor=2)`` is ``up2``, ``torch.flatten(x, 1)`` and ``x.flatten(1)`` are ``flatten``,
``x.view(x.size(0), -1)`` is ``flatten`` and ``x.view(-1, C, H, W)`` is ``reshape:HxWxC``;
``F.relu`` and the other activation functions have no parameters. Each entry is its module's
entry with the function's own signature (the tensor first, or no tensor for a method).
:data:`BRANCHES` are the calls that join two tensors (``torch.cat``): not a chain of layers.
"""

from __future__ import annotations

from typing import ClassVar

from aecalc.nets.code.layer import Arguments, CodeLayer, Read, reshape_token
from aecalc.nets.code.pytorch import Activation, AvgPool2d, Flatten, MaxPool2d, Upsample
from aecalc.nets.code.source import fail
from aecalc.nets.conv.shapes import Pair


class MaxPoolFunction(MaxPool2d):
    __slots__ = ()
    names = ("max_pool2d",)
    signature = ("input", "kernel_size", "stride", "padding", "dilation", "ceil_mode")


class AvgPoolFunction(AvgPool2d):
    __slots__ = ()
    names = ("avg_pool2d",)
    signature = ("input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad")


class Interpolate(Upsample):
    __slots__ = ()
    names = ("interpolate", "upsample")
    signature = ("input", "size", "scale_factor", "mode", "align_corners")


class FlattenFunction(Flatten):
    """``torch.flatten(x, 1)`` and ``x.flatten(1)``: both flatten the batch axis too by default."""

    __slots__ = ()
    names: ClassVar[tuple[str, ...]] = ("flatten",)
    signature: ClassVar[tuple[str, ...]] = ("input", "start_dim", "end_dim")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        if args.whole("start_dim", 0, minimum=-9) != 1:
            raise fail(
                args.line,
                f"{args.what} without start_dim=1 flattens the batch axis too: write "
                "torch.flatten(x, 1)",
            )
        return super().read(args, pads)


class FlattenMethod(FlattenFunction):
    __slots__ = ()
    signature = ("start_dim", "end_dim")


class View(CodeLayer):
    """``x.view(x.size(0), -1)`` is flatten; ``x.view(-1, C, H, W)`` is ``reshape:HxWxC``."""

    __slots__ = ()
    names = ("view", "reshape")
    signature = ("batch", "a", "b", "c")

    def read(self, args: Arguments, pads: Pair | None) -> Read:
        sizes = [name for name in ("a", "b", "c") if args.given(name)]
        if len(sizes) == 1:
            args.whole("a", minimum=-1)
            return Read("flatten")
        if len(sizes) == 3:
            c, h, w = (args.whole(name) for name in sizes)
            return Read(reshape_token(h, w, c))
        raise fail(
            args.line,
            f"{args.what}: aecalc reads a view to (batch, N) or (batch, C, H, W)",
        )


class ActivationFunction(Activation):
    __slots__ = ()
    names = (
        "relu", "relu6", "leaky_relu", "sigmoid", "tanh", "elu", "selu", "celu", "gelu", "silu",
        "mish", "softplus", "softmax", "log_softmax", "hardtanh", "dropout", "dropout2d",
    )  # fmt: skip


FUNCTIONS: dict[str, CodeLayer] = {
    name: entry
    for entry in (
        MaxPoolFunction(),
        AvgPoolFunction(),
        Interpolate(),
        FlattenFunction(),
        ActivationFunction(),
    )
    for name in entry.names
}
METHODS: dict[str, CodeLayer] = {"view": View(), "reshape": View(), "flatten": FlattenMethod()}
#: functions that join branches: a model that calls them is not a chain of layers
BRANCHES = ("cat", "concat", "concatenate", "stack", "add")
