"""The programs ``--emit`` writes, one writer per framework: the imports, the model and a check.

A :class:`Program` is what every writer needs — the layer calls in order (each written by its
entry of the framework's table, with a comment giving its output shape and its count), the
input and output shapes and the totals — and each framework's writer lays it out as code a
student runs: PyTorch's ``nn.Sequential(...)`` with a check that prints the output shape and
``sum(p.numel() for p in model.parameters())``, Keras' ``keras.Sequential([...])`` with
``model.summary()``. Tied weights need code of their own (:class:`Tied`): a small
``nn.Module`` whose decoder uses the encoder's matrices transposed, or a Keras layer that does
the same.
"""

from __future__ import annotations

import textwrap

from aecalc.nets.conv.shapes import Shape, is_flat
from aecalc.record import Record

INDENT = "    "
WIDTH = 88


class Line(Record):
    """One layer call (or ``# encoder`` where ``code`` is empty and ``comment`` names a part)."""

    code: str
    comment: str = ""


class Program(Record):
    """What a writer lays out."""

    command: str
    headline: str
    lines: tuple[Line, ...]
    input_shape: Shape
    output_shape: Shape
    learnable: int
    non_trainable: int


class Tied(Record):
    """A dense autoencoder with tied weights: the encoder's sizes (input first) and biases."""

    command: str
    headline: str
    sizes: tuple[int, ...]
    bias: bool
    comments: tuple[str, ...]  # one per encoder layer, then one per decoder layer
    learnable: int


def _docstring(command: str, headline: str, check: str) -> list[str]:
    written = textwrap.fill(f"Written by aecalc ({command}).", width=WIDTH, break_on_hyphens=False)
    return [f'"""{headline}', "", written, check, '"""', ""]


def _items(lines: tuple[Line, ...], indent: str) -> list[str]:
    out = []
    for line in lines:
        if not line.code:
            out.append(f"{indent}# {line.comment}")
        else:
            comment = f"  # {line.comment}" if line.comment else ""
            out.append(f"{indent}{line.code},{comment}")
    return out


def _channels_first(shape: Shape) -> str:
    dims = (1, shape[0]) if is_flat(shape) else (1, shape[2], shape[0], shape[1])
    return "(" + ", ".join(str(d) for d in dims) + ")"


def pytorch_program(program: Program) -> str:
    size = _channels_first(program.input_shape)
    check = (
        f"Run it: PyTorch's parameters() hold {program.learnable:,} learnable values, as aecalc "
        f"counts;\ntorchinfo.summary(model, input_size={size}) lists them layer by layer."
    )
    text = _docstring(program.command, program.headline, check)
    text += ["import torch", "from torch import nn", "", "model = nn.Sequential("]
    text += _items(program.lines, INDENT)
    text += [")", "", "", 'if __name__ == "__main__":']
    text += [
        f"{INDENT}x = torch.rand{size}",
        f"{INDENT}print(tuple(model(x).shape))  # {_channels_first(program.output_shape)}",
        f"{INDENT}print(sum(p.numel() for p in model.parameters()))  # {program.learnable}",
    ]
    if program.non_trainable:
        text += [
            f"{INDENT}buffers = model.named_buffers()  # batch norm's running mean and variance",
            f'{INDENT}print(sum(b.numel() for n, b in buffers if "running" in n))'
            f"  # {program.non_trainable}",
        ]
    return "\n".join(text) + "\n"


def keras_program(program: Program) -> str:
    total = program.learnable + program.non_trainable
    check = f'Run it: model.summary() prints "Total params: {total:,}"' + (
        f" ({program.learnable:,} trainable + {program.non_trainable:,} non-trainable)."
        if program.non_trainable
        else ", as aecalc counts."
    )
    text = _docstring(program.command, program.headline, check)
    text += ["import keras", "from keras import layers", "", "model = keras.Sequential("]
    text += [f"{INDENT}[", f"{INDENT * 2}keras.Input(shape={_shape(program.input_shape)}),"]
    text += _items(program.lines, INDENT * 2)
    text += [f"{INDENT}]", ")", "", "", 'if __name__ == "__main__":']
    text += [f"{INDENT}model.summary()  # Total params: {total:,}"]
    return "\n".join(text) + "\n"


def _shape(shape: Shape) -> str:
    return f"({shape[0]},)" if is_flat(shape) else "(" + ", ".join(map(str, shape)) + ")"


def pytorch_tied(tied: Tied) -> str:
    pairs = list(zip(tied.sizes, tied.sizes[1:], strict=False))
    n = len(pairs)
    check = f"Run it: PyTorch's parameters() hold {tied.learnable:,} learnable values, as aecalc counts."
    text = _docstring(tied.command, tied.headline, check)
    text += ["import torch", "from torch import nn", "", ""]
    text += [
        "class TiedAutoencoder(nn.Module):",
        f'{INDENT}"""Tied weights: each decoder layer multiplies by its encoder twin\'s weight '
        "matrix,",
        f"{INDENT}transposed (W_d = W_eᵀ), and adds only its own biases."
        + ('"""' if tied.bias else ' Here no layer has biases."""'),
        "",
        f"{INDENT}def __init__(self):",
        f"{INDENT * 2}super().__init__()",
        f"{INDENT * 2}self.encoder = nn.ModuleList(",
        f"{INDENT * 3}[",
    ]
    bias = "" if tied.bias else ", bias=False"
    for (a, b), comment in zip(pairs, tied.comments, strict=False):
        text.append(f"{INDENT * 4}nn.Linear({a}, {b}{bias}),  # {comment}")
    text += [f"{INDENT * 3}]", f"{INDENT * 2})"]
    if tied.bias:
        text += [f"{INDENT * 2}self.decoder_biases = nn.ParameterList(", f"{INDENT * 3}["]
        for (a, _), comment in zip(reversed(pairs), tied.comments[n:], strict=False):
            text.append(f"{INDENT * 4}nn.Parameter(torch.zeros({a})),  # {comment}")
        text += [f"{INDENT * 3}]", f"{INDENT * 2})"]
    decode = (
        "zip(reversed(self.encoder), self.decoder_biases)"
        if tied.bias
        else "zip(reversed(self.encoder), [None] * len(self.encoder))"
    )
    text += [
        "",
        f"{INDENT}def forward(self, x):",
        f"{INDENT * 2}for layer in self.encoder:",
        f"{INDENT * 3}x = torch.relu(layer(x))",
        f"{INDENT * 2}last = len(self.encoder) - 1",
        f"{INDENT * 2}for i, (layer, bias) in enumerate({decode}):",
        f"{INDENT * 3}x = nn.functional.linear(x, layer.weight.t(), bias)",
        f"{INDENT * 3}x = torch.sigmoid(x) if i == last else torch.relu(x)",
        f"{INDENT * 2}return x",
        "",
        "",
        "model = TiedAutoencoder()",
        "",
        "",
        'if __name__ == "__main__":',
        f"{INDENT}x = torch.rand(1, {tied.sizes[0]})",
        f"{INDENT}print(tuple(model(x).shape))  # (1, {tied.sizes[0]})",
        f"{INDENT}print(sum(p.numel() for p in model.parameters()))  # {tied.learnable}",
    ]
    return "\n".join(text) + "\n"


def keras_tied(tied: Tied) -> str:
    pairs = list(zip(tied.sizes, tied.sizes[1:], strict=False))
    n = len(pairs)
    check = (
        f'Run it: model.summary() prints "Total params: {tied.learnable:,}", as aecalc counts. '
        "Its rows\nshow each DenseTranspose with its twin's kernel again; the total counts that "
        "kernel once."
    )
    text = _docstring(tied.command, tied.headline, check)
    text += ["import keras", "from keras import layers", "", ""]
    text += [
        "class DenseTranspose(layers.Layer):",
        f'{INDENT}"""A dense layer without a kernel of its own: it multiplies by another Dense '
        "layer's",
        f'{INDENT}kernel, transposed (tied weights, W_d = W_eᵀ), and adds only its own biases."""',
        "",
        f"{INDENT}def __init__(self, dense, use_bias=True, **kwargs):",
        f"{INDENT * 2}super().__init__(**kwargs)",
        f"{INDENT * 2}self.dense = dense",
        f"{INDENT * 2}self.use_bias = use_bias",
        "",
        f"{INDENT}def build(self, input_shape):",
        f"{INDENT * 2}if self.use_bias:",
        f"{INDENT * 3}units = self.dense.kernel.shape[0]",
        f'{INDENT * 3}self.bias = self.add_weight(shape=(units,), initializer="zeros", name="bias")',
        "",
        f"{INDENT}def call(self, inputs):",
        f"{INDENT * 2}outputs = keras.ops.matmul(inputs, keras.ops.transpose(self.dense.kernel))",
        f"{INDENT * 2}return outputs + self.bias if self.use_bias else outputs",
        "",
        "",
    ]
    bias = "" if tied.bias else ", use_bias=False"
    for i, ((_, b), comment) in enumerate(zip(pairs, tied.comments, strict=False)):
        text.append(f"encoder_{i + 1} = layers.Dense({b}{bias})  # {comment}")
    text += [
        "model = keras.Sequential(",
        f"{INDENT}[",
        f"{INDENT * 2}keras.Input(shape=({tied.sizes[0]},)),",
    ]
    for i in range(n):
        text += [f"{INDENT * 2}encoder_{i + 1},", f"{INDENT * 2}layers.ReLU(),"]
    for j, comment in enumerate(tied.comments[n:]):
        twin = n - j
        use = "" if tied.bias else ", use_bias=False"
        text.append(f"{INDENT * 2}DenseTranspose(encoder_{twin}{use}),  # {comment}")
        text.append(
            f'{INDENT * 2}layers.Activation("sigmoid"),'
            if j == n - 1
            else f"{INDENT * 2}layers.ReLU(),"
        )
    text += [f"{INDENT}]", ")", "", "", 'if __name__ == "__main__":']
    text += [f"{INDENT}model.summary()  # Total params: {tied.learnable:,}"]
    return "\n".join(text) + "\n"
