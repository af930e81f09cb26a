"""Shapes, parameters and multiply-adds of 13 conv autoencoder models, from PyTorch and Keras 3.

Standalone: neither the aecalc package nor its tests import this script. Its output is frozen in
``tests/data/conv_frameworks.json``; the tests compare aecalc against that file and never run this.

Every model is built in PyTorch (``torch.nn``) and, where Keras 3 imports, in Keras 3 as well (JAX
backend). Nothing is trained: each model runs once on a batch of one, in eval mode. Per layer the
script records the output shape, the learnable and non-trainable parameter counts, the products
computed per ``torch.utils.flop_counter.FlopCounterMode`` (MACs = FLOPs / 2) and torchinfo's
"mult-adds". Where Keras runs, its per-layer output shapes, trainable and non-trainable counts and
``model.count_params()`` must equal PyTorch's, or the script stops with an error and writes nothing.

How to run it (a virtual environment outside the repository; the versions the frozen file used)::

    python3 -m venv /tmp/fwvenv && . /tmp/fwvenv/bin/activate
    pip install torch==2.13.0 torchinfo==1.8.0      # the CPU wheel of torch 2.13.0 (+cpu)
    pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2   # optional; numpy 2.4.6 came with them
    python bench/frameworks/conv_figures.py         # from the repository root; writes the JSON

Options: ``--output PATH`` writes elsewhere, ``--check`` compares with the frozen file instead of
writing it (exit 1 when they differ), ``--no-keras`` runs PyTorch only. The script sets
``KERAS_BACKEND=jax`` unless the environment already names a backend. Without Keras, each model's
``keras_total_params`` is PyTorch's trainable + non-trainable count, and a note says so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from dataclasses import dataclass
from math import prod
from pathlib import Path
from typing import Any

import torch
import torchinfo
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

REPO = Path(__file__).resolve().parents[2]
FROZEN = REPO / "tests" / "data" / "conv_frameworks.json"

# A Keras layer is made from the keras.layers module once Keras has imported (it is optional).
KerasMaker = Callable[[Any], Any]


@dataclass(frozen=True)
class Layer:
    """One row of the table: the aecalc token and the same layer in both frameworks."""

    token: str
    torch_layer: nn.Module
    keras_layer: KerasMaker
    activation: str | None = None  # applied after the layer, not a row of its own


@dataclass(frozen=True)
class Model:
    name: str
    description: str
    input: tuple[int, ...]  # [H, W, C] (channels last) or [N] for a flat vector
    layers: tuple[Layer, ...]
    expected_total_params: int | None = None


# ---------------------------------------------------------------- layer helpers (both frameworks)


def _conv_token(kind: str, k: int, f: int, s: int, p: int | None, o: int = 0) -> str:
    return (
        f"{kind}{k}x{k}"
        + (f"s{s}" if s != 1 else "")
        + (f"p{p}" if p is not None else "")
        + (f"o{o}" if o else "")
        + f":{f}"
    )


def _keras_padding(k: int, p: int | None) -> str:
    """Keras has 'same' and 'valid' only: explicit P must be one of them in shape."""
    if p is None or p == (k - 1) // 2:
        return "same"
    if p == 0:
        return "valid"
    raise ValueError(f"padding {p} for kernel {k} has no Keras padding mode")


def conv(
    c_in: int, f: int, k: int = 3, s: int = 1, p: int | None = None, act: str | None = "relu"
) -> Layer:
    """convKxK[sS][pP]:F. No P: "same" (PyTorch padding='same', stride 1 only)."""
    padding: int | str = "same" if p is None else p
    if p is None and s != 1:
        raise ValueError("PyTorch has padding='same' for stride 1 only: give P")
    mode = _keras_padding(k, p)
    return Layer(
        _conv_token("conv", k, f, s, p),
        nn.Conv2d(c_in, f, k, stride=s, padding=padding),
        lambda kl: kl.Conv2D(f, k, strides=s, padding=mode, activation=act),
        act,
    )


def conv_t(
    c_in: int,
    f: int,
    k: int = 3,
    s: int = 1,
    p: int | None = None,
    o: int = 0,
    act: str | None = "relu",
) -> Layer:
    """convTKxK[sS][pP][oO]:F. No P: "same" (output H·S); PyTorch then pads (K-1)/2, o = S-1."""
    pad = (k - 1) // 2 if p is None else p
    out_pad = s - 1 if p is None else o
    mode = _keras_padding(k, p)
    if mode == "same" and out_pad != s - 1:
        raise ValueError("Keras 'same' transpose conv gives H·S: output padding must be S-1")
    return Layer(
        _conv_token("convT", k, f, s, p, o),
        nn.ConvTranspose2d(c_in, f, k, stride=s, padding=pad, output_padding=out_pad),
        lambda kl: kl.Conv2DTranspose(f, k, strides=s, padding=mode, activation=act),
        act,
    )


def pool(k: int, padding: str | None = None) -> Layer:
    """poolK (K divides H), poolK:same (ceil, = PyTorch ceil_mode), poolK:valid (floor)."""
    token = f"pool{k}" + (f":{padding}" if padding else "")
    return Layer(
        token,
        nn.MaxPool2d(k, ceil_mode=padding == "same"),
        lambda kl: kl.MaxPooling2D(k, padding=padding or "valid"),
    )


def avgpool(k: int) -> Layer:
    return Layer(f"avgpool{k}", nn.AvgPool2d(k), lambda kl: kl.AveragePooling2D(k))


def up(k: int) -> Layer:
    return Layer(
        f"up{k}",
        nn.Upsample(scale_factor=k, mode="nearest"),
        lambda kl: kl.UpSampling2D(k),
    )


def bn2d(c: int) -> Layer:
    return Layer("bn", nn.BatchNorm2d(c), lambda kl: kl.BatchNormalization())


def bn1d(n: int) -> Layer:
    return Layer("bn", nn.BatchNorm1d(n), lambda kl: kl.BatchNormalization())


def dropout(rate: float) -> Layer:
    return Layer(f"dropout:{rate}", nn.Dropout(rate), lambda kl: kl.Dropout(rate))


def flatten() -> Layer:
    return Layer("flatten", nn.Flatten(), lambda kl: kl.Flatten())


def dense(n_in: int, n: int, act: str | None = "relu") -> Layer:
    return Layer(f"dense:{n}", nn.Linear(n_in, n), lambda kl: kl.Dense(n, activation=act), act)


def reshape(h: int, w: int, c: int) -> Layer:
    return Layer(
        f"reshape:{h}x{w}x{c}",
        nn.Unflatten(1, (c, h, w)),
        lambda kl: kl.Reshape((h, w, c)),
    )


# ------------------------------------------------------------------------------------- the models


def models() -> list[Model]:
    sig = "sigmoid"
    return [
        Model(
            "course_cae_28x28x1",
            "the course CAE: two conv + pool stages, two upsample + transpose conv stages",
            (28, 28, 1),
            (
                conv(1, 16),
                pool(2),
                conv(16, 32),
                pool(2),
                up(2),
                conv_t(32, 16),
                up(2),
                conv_t(16, 1, act=sig),
            ),
            expected_total_params=9569,
        ),
        Model(
            "keras_blog_cae_28x28x1",
            "'Building Autoencoders in Keras', convolutional AE: 'same' pools (7 -> 4), one valid conv",
            (28, 28, 1),
            (
                conv(1, 16),
                pool(2, "same"),
                conv(16, 8),
                pool(2, "same"),
                conv(8, 8),
                pool(2, "same"),
                conv(8, 8),
                up(2),
                conv(8, 8),
                up(2),
                conv(8, 16, p=0),
                up(2),
                conv(16, 1, act=sig),
            ),
        ),
        Model(
            "dense_bottleneck_cae_28x28x1",
            "strided convs to 7x7x64, a dense 16-unit code, transpose convs back",
            (28, 28, 1),
            (
                conv(1, 32, s=2, p=1),
                conv(32, 64, s=2, p=1),
                flatten(),
                dense(3136, 16, act=None),
                dense(16, 3136),
                reshape(7, 7, 64),
                conv_t(64, 32, s=2, p=1, o=1),
                conv_t(32, 1, s=2, p=1, o=1, act=sig),
            ),
        ),
        Model(
            "strided_cae_28x28x1",
            "stride-2 convs 1 -> 16 -> 32 channels, ConvTranspose2d(stride 2, pad 1, out pad 1) back",
            (28, 28, 1),
            (
                conv(1, 16, s=2, p=1),
                conv(16, 32, s=2, p=1),
                conv_t(32, 16, s=2, p=1, o=1),
                conv_t(16, 1, s=2, p=1, o=1, act=sig),
            ),
        ),
        Model(
            "strided_bn_cae_28x28x1",
            "the strided CAE with BatchNorm2d after every conv but the last",
            (28, 28, 1),
            (
                conv(1, 16, s=2, p=1),
                bn2d(16),
                conv(16, 32, s=2, p=1),
                bn2d(32),
                conv_t(32, 16, s=2, p=1, o=1),
                bn2d(16),
                conv_t(16, 1, s=2, p=1, o=1, act=sig),
            ),
        ),
        Model(
            "course_cae_dropout_28x28x1",
            "the course CAE with Dropout(0.25) after each pool",
            (28, 28, 1),
            (
                conv(1, 16),
                pool(2),
                dropout(0.25),
                conv(16, 32),
                pool(2),
                dropout(0.25),
                up(2),
                conv_t(32, 16),
                up(2),
                conv_t(16, 1, act=sig),
            ),
        ),
        Model(
            "rgb_cae_32x32x3",
            "RGB CAE: two conv + pool stages to 8x8x64, two stride-2 transpose convs back",
            (32, 32, 3),
            (
                conv(3, 32),
                pool(2),
                conv(32, 64),
                pool(2),
                conv_t(64, 32, s=2, p=1, o=1),
                conv_t(32, 3, s=2, p=1, o=1, act=sig),
            ),
        ),
        Model(
            "non_square_cae_24x40x1",
            "non-square input: pools to 6x10, upsampling and 'same' convs back",
            (24, 40, 1),
            (
                conv(1, 16),
                pool(2),
                conv(16, 8),
                pool(2),
                up(2),
                conv(8, 16),
                up(2),
                conv(16, 1, act=sig),
            ),
        ),
        Model(
            "course_cae_avgpool_28x28x1",
            "the course CAE with AvgPool2d(2) in place of max pooling",
            (28, 28, 1),
            (
                conv(1, 16),
                avgpool(2),
                conv(16, 32),
                avgpool(2),
                up(2),
                conv_t(32, 16),
                up(2),
                conv_t(16, 1, act=sig),
            ),
        ),
        Model(
            "valid_pool_7x7x1",
            "a 2x2 max pool on 7x7 with PyTorch's default floor (Keras padding='valid'): 3x3",
            (7, 7, 1),
            (conv(1, 8), pool(2, "valid")),
        ),
        Model(
            "kernel_larger_than_input_2x2x4",
            "a 3x3 'same' conv on a 2x2 input: most products multiply padding zeros",
            (2, 2, 4),
            (conv(4, 8, act=None),),
        ),
        Model(
            "dense_bn_784",
            "batch norm on a flat vector: dense 784 -> 64, BatchNorm1d(64), dense 64 -> 784",
            (784,),
            (dense(784, 64), bn1d(64), dense(64, 784, act=sig)),
        ),
        Model(
            "conv5x5_s2_p2_28x28x1",
            "one 5x5 stride-2 pad-2 conv with 8 filters",
            (28, 28, 1),
            (conv(1, 8, k=5, s=2, p=2),),
        ),
    ]


# ------------------------------------------------------------------------------------- PyTorch


def _activation(name: str | None) -> list[nn.Module]:
    if name is None:
        return []
    return [{"relu": nn.ReLU, "sigmoid": nn.Sigmoid}[name]()]


def _shape_hwc(t: torch.Tensor) -> list[int]:
    """A batch-of-one tensor's shape, channels last: [H, W, C] or [N]."""
    dims = list(t.shape[1:])
    return [dims[1], dims[2], dims[0]] if len(dims) == 3 else dims


def _learnable(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters() if p.requires_grad)


def _non_trainable(m: nn.Module) -> int:
    """BatchNorm's running mean and variance (2·C); num_batches_tracked is not counted."""
    return sum(b.numel() for n, b in m.named_buffers() if n.split(".")[-1] != "num_batches_tracked")


def _macs(module: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, int]:
    with FlopCounterMode(display=False) as counter:
        y = module(x)
    flops = counter.get_total_flops()
    if flops % 2:
        raise RuntimeError(f"odd FLOP count {flops} for {module}")
    return y, flops // 2


def run_torch(model: Model) -> dict[str, Any]:
    torch.manual_seed(0)
    modules: list[nn.Module] = []
    for layer in model.layers:
        modules += [layer.torch_layer, *_activation(layer.activation)]
    net = nn.Sequential(*modules).eval()
    shape = model.input
    batch = (1, shape[2], shape[0], shape[1]) if len(shape) == 3 else (1, *shape)

    stats = torchinfo.summary(
        net,
        input_size=batch,
        col_names=["output_size", "num_params", "mult_adds"],
        verbose=0,
    )
    by_module = {id(info.module): info for info in stats.summary_list}

    rows: list[dict[str, Any]] = []
    x = torch.randn(batch)
    with torch.no_grad():
        for layer in model.layers:
            x, macs = _macs(layer.torch_layer, x)
            info = by_module[id(layer.torch_layer)]
            if list(info.output_size) != list(x.shape):
                raise RuntimeError(
                    f"{model.name} {layer.token}: torchinfo shape {info.output_size}"
                )
            rows.append(
                {
                    "token": layer.token,
                    "framework_layer": type(layer.torch_layer).__name__,
                    "pytorch_module": repr(layer.torch_layer),
                    "output_shape": _shape_hwc(x),
                    "params": _learnable(layer.torch_layer),
                    "non_trainable": _non_trainable(layer.torch_layer),
                    "multiply_adds": macs,
                    "torchinfo_mult_adds": int(info.macs),
                }
            )
            for act in _activation(layer.activation):
                x = act(x)
        # the whole model under one counter must give the sum of the layers
        _, whole = _macs(net, torch.randn(batch))
    total_macs = sum(r["multiply_adds"] for r in rows)
    if whole != total_macs:
        raise RuntimeError(f"{model.name}: whole-model MACs {whole} != sum of layers {total_macs}")
    if _learnable(net) != sum(r["params"] for r in rows):
        raise RuntimeError(f"{model.name}: parameters outside the listed layers")
    return {
        "rows": rows,
        "total_params": _learnable(net),
        "non_trainable_params": _non_trainable(net),
        "total_multiply_adds": total_macs,
        "torchinfo_total_mult_adds": int(stats.total_mult_adds),
    }


# ------------------------------------------------------------------------------------- Keras


def import_keras() -> Any | None:
    os.environ.setdefault("KERAS_BACKEND", "jax")
    try:
        import keras
    except Exception as exc:  # Keras is optional: any failure to import means PyTorch only
        print(f"Keras not available ({exc!r}): PyTorch only", file=sys.stderr)
        return None
    return keras


def _count(weights: list[Any]) -> int:
    return sum(prod(int(d) for d in w.shape) for w in weights)


def run_keras(keras: Any, model: Model, torch_fig: dict[str, Any]) -> tuple[int, list[str]]:
    """Build the model in Keras, check it against PyTorch's figures, return count_params()."""
    import numpy as np

    kl = keras.layers
    built = [layer.keras_layer(kl) for layer in model.layers]
    net = keras.Sequential([keras.Input(shape=model.input), *built], name=model.name)
    out = net(np.zeros((1, *model.input), dtype="float32"), training=False)

    problems: list[str] = []
    classes: list[str] = []
    for layer, k_layer, row in zip(model.layers, built, torch_fig["rows"], strict=True):
        shape = [int(d) for d in k_layer.output.shape[1:]]
        trainable = _count(k_layer.trainable_weights)
        frozen = _count(k_layer.non_trainable_weights)
        if shape != row["output_shape"]:
            problems.append(f"{layer.token}: shape Keras {shape}, PyTorch {row['output_shape']}")
        if trainable != row["params"]:
            problems.append(f"{layer.token}: params Keras {trainable}, PyTorch {row['params']}")
        if frozen != row["non_trainable"]:
            problems.append(
                f"{layer.token}: non-trainable Keras {frozen}, PyTorch {row['non_trainable']}"
            )
        classes.append(type(k_layer).__name__)
    if [int(d) for d in out.shape[1:]] != torch_fig["rows"][-1]["output_shape"]:
        problems.append(f"model output shape {list(out.shape)}")
    total = int(net.count_params())
    if total != torch_fig["total_params"] + torch_fig["non_trainable_params"]:
        problems.append(f"count_params {total} != PyTorch trainable + non-trainable")
    if problems:
        raise SystemExit(f"Keras and PyTorch disagree on {model.name}:\n  " + "\n  ".join(problems))
    return total, classes


# ------------------------------------------------------------------------------------- output


NOTES = [
    "Shapes are channels last: [H, W, C] for feature maps, [N] for flat vectors (PyTorch runs NCHW; "
    "its shapes are transposed to [H, W, C] here). Batch of one, eval mode, nothing trained.",
    "params = learnable parameters (weights, biases, BatchNorm gamma and beta). non_trainable = "
    "BatchNorm running mean and running variance, 2·C per BatchNorm layer; PyTorch's "
    "num_batches_tracked buffer (one int64 per BatchNorm layer) is NOT counted.",
    "keras_total_params is Keras model.count_params(), which counts the BatchNorm moving mean and "
    "variance: it equals total_params + non_trainable_params.",
    "multiply_adds = torch.utils.flop_counter.FlopCounterMode FLOPs / 2: for conv and linear the "
    "products of weights and inputs only (bias additions not counted). Conv: H_out·W_out·K²·C_in·"
    "C_out. Transpose conv: H_in·W_in·K²·C_in·C_out (every input value times every kernel weight). "
    "Products with 'same' padding zeros are counted (kernel_larger_than_input_2x2x4: 1,152, of "
    "which 640 multiply a padding zero and 512 a real input). Pools, BatchNorm, dropout, upsampling, flatten and reshape count 0 "
    "under the FLOP counter, and so do activations (not rows of the table).",
    "torchinfo_mult_adds = torchinfo 'Mult-Adds' per layer (batch of one): for Conv2d and "
    "ConvTranspose2d, (weights + biases) × H_out·W_out, so a transpose conv is counted on its "
    "output grid, not its input grid as the FLOP counter does, and biases are included; for Linear "
    "and BatchNorm, their parameter count; 0 for layers without parameters.",
    "Tokens follow aecalc's syntax: convKxK[sS][pP]:F and convTKxK[sS][pP][oO]:F ('same' padding "
    "when P is absent; p0 is valid), poolK / poolK:same / poolK:valid, avgpoolK, upK, bn, "
    "dropout:P, flatten, dense:N, reshape:HxWxC. Activations are folded into the layer before them.",
    "pool2:same is PyTorch MaxPool2d(2, ceil_mode=True) and Keras MaxPooling2D(2, padding='same') "
    "(7 -> 4); pool2:valid and plain pool2 are MaxPool2d(2) (floor: 7 -> 3) and Keras padding='valid'.",
    "Explicit PyTorch padding (p1 for 3x3, p2 for 5x5) is Keras padding='same', and convT…s2p1o1 is "
    "Keras Conv2DTranspose(strides=2, padding='same'): same output shapes and parameter counts. With "
    "stride 2 Keras pads 'same' asymmetrically (3x3 on 28: 0 before, 1 after; 5x5: 1 and 2) where "
    "PyTorch pads symmetrically, so the values would differ; the counts do not.",
]


def figures(use_keras: bool) -> dict[str, Any]:
    keras = import_keras() if use_keras else None
    versions: dict[str, str] = {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torchinfo": torchinfo.__version__,
    }
    notes = list(NOTES)
    if keras is not None:
        import jax
        import jaxlib
        import numpy as np

        versions |= {
            "keras": keras.__version__,
            "keras_backend": keras.backend.backend(),
            "jax": jax.__version__,
            "jaxlib": jaxlib.__version__,
            "numpy": np.__version__,
        }
        notes.append(
            "Keras ran for every model: its per-layer output shapes, trainable and non-trainable "
            "counts and count_params() were checked equal to PyTorch's by the script."
        )
    else:
        notes.append(
            "Keras did not run: keras_total_params is PyTorch's trainable + non-trainable count "
            "(Keras's count_params() convention), not a Keras figure."
        )

    out: list[dict[str, Any]] = []
    for model in models():
        fig = run_torch(model)
        if model.expected_total_params not in (None, fig["total_params"]):
            raise SystemExit(
                f"{model.name}: {fig['total_params']} learnable, expected "
                f"{model.expected_total_params}"
            )
        if keras is not None:
            keras_total, classes = run_keras(keras, model, fig)
            for row, cls in zip(fig["rows"], classes, strict=True):
                row["keras_layer"] = cls
            sources = ["pytorch", "keras"]
        else:
            keras_total = fig["total_params"] + fig["non_trainable_params"]
            sources = ["pytorch"]
        out.append(
            {
                "name": model.name,
                "description": model.description,
                "input": list(model.input),
                "tokens": [layer.token for layer in model.layers],
                "layers": fig["rows"],
                "total_params": fig["total_params"],
                "non_trainable_params": fig["non_trainable_params"],
                "keras_total_params": keras_total,
                "total_multiply_adds": fig["total_multiply_adds"],
                "torchinfo_total_mult_adds": fig["torchinfo_total_mult_adds"],
                "sources": sources,
            }
        )
    return {
        "generated_by": "bench/frameworks/conv_figures.py",
        "versions": versions,
        "notes": notes,
        "models": out,
    }


def dumps(value: Any, indent: int = 0) -> str:
    """JSON with two-space indents; lists of numbers (and short lists of strings) on one line."""
    pad = "  " * (indent + 1)
    end = "\n" + "  " * indent
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k)}: {dumps(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + end + "}"
    if isinstance(value, list) and (
        any(isinstance(v, dict) for v in value)
        or (all(isinstance(v, str) for v in value) and sum(map(len, value)) > 80)
    ):
        return "[\n" + ",\n".join(pad + dumps(v, indent + 1) for v in value) + end + "]"
    return json.dumps(value, ensure_ascii=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=FROZEN, help="where to write the JSON")
    parser.add_argument("--check", action="store_true", help="compare with --output, write nothing")
    parser.add_argument("--no-keras", action="store_true", help="PyTorch only")
    args = parser.parse_args()

    text = dumps(figures(use_keras=not args.no_keras)) + "\n"
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == text
        print(f"{args.output}: {'up to date' if same else 'DIFFERS'}")
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
