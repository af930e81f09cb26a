"""``params --from-code``: how sources are read, and every way a source is refused.

Counts asserted here are worked by hand beside each test (a dense layer a → b has a·b + b
parameters, a K×K convolution C_in → C_out has K·K·C_in·C_out + C_out); the frameworks' own
counts of real models are ``test_sources.py``.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from aecalc.cli import app
from cli import quoted, run_error, run_json


def source(folder: Path, text: str, name: str = "model.py") -> str:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return str(path)


def read(folder: Path, text: str, *options: str) -> dict[str, Any]:
    return run_json("params", "--from-code", source(folder, text), *options)


def refused(folder: Path, text: str, *options: str) -> str:
    return run_error("params", "--from-code", source(folder, text), *options)


# ----------------------------------------------------------------------------- imports and names


@pytest.mark.parametrize(
    ("imports", "linear"),
    [
        ("import torch.nn as nn", "nn.Linear"),
        ("import torch", "torch.nn.Linear"),
        ("from torch import nn", "nn.Linear"),
        ("from torch.nn import Linear, Sequential", "Linear"),
        ("from torch.nn import Linear as Dense, Sequential", "Dense"),
        ("from torch.nn import *", "Linear"),
        ("", "nn.Linear"),  # a snippet printed without its imports
    ],
)
def test_every_way_of_importing_pytorch(tmp_path: Path, imports: str, linear: str) -> None:
    container = "Sequential" if "Sequential" in imports or "*" in imports else "nn.Sequential"
    if imports == "import torch":
        container = "torch.nn.Sequential"
    data = read(tmp_path, f"{imports}\nmodel = {container}({linear}(6, 3), {linear}(3, 6))\n")
    assert data["architecture"] == [6, 3, 6]
    assert data["total_params"] == (6 * 3 + 3) + (3 * 6 + 6)


@pytest.mark.parametrize(
    "imports",
    [
        "import keras\nfrom keras import layers",
        "from tensorflow import keras\nfrom tensorflow.keras import layers",
        "import tensorflow as tf\nlayers = tf.keras.layers\nkeras = tf.keras",
        "from keras import layers\nimport keras",
    ],
)
def test_every_way_of_importing_keras(tmp_path: Path, imports: str) -> None:
    text = f"""{imports}
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(3), layers.Dense(6)])
"""
    assert read(tmp_path, text)["architecture"] == [6, 3, 6]


def test_the_translation_is_on_the_page(tmp_path: Path) -> None:
    path = source(
        tmp_path, "import torch.nn as nn\nnet = nn.Sequential(nn.Linear(8, 3), nn.ReLU())\n"
    )
    result = CliRunner().invoke(app, ["params", "--from-code", path], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert "aecalc params --as-given 8 3" in result.stdout
    assert "net (nn.Sequential(…), line 2), PyTorch" in result.stdout
    assert "nn.ReLU" in result.stdout  # named as read without parameters


def test_constants_at_the_top_are_read_and_said(tmp_path: Path) -> None:
    text = """
        import torch.nn as nn
        HIDDEN = 4 * 8
        LATENT: int = HIDDEN // 4
        model = nn.Sequential(nn.Linear(64, HIDDEN), nn.Linear(HIDDEN, LATENT))
    """
    data = read(tmp_path, text)
    assert data["architecture"] == [64, 32, 8]
    constants = {c["name"]: c["value"] for c in data["from_code"]["constants"]}
    assert constants == {"HIDDEN": "32", "LATENT": "8"}
    assert any("HIDDEN = 32 is read from line 2" in n for n in data["from_code"]["notes"])


def test_literal_arithmetic_is_folded(tmp_path: Path) -> None:
    text = "import torch.nn as nn\nm = nn.Sequential(nn.Linear(2 ** 5 * 7 * 7 // 2, 28 * 28 / 4))\n"
    assert read(tmp_path, text)["architecture"] == [784, 196]


# --------------------------------------------------------------------------------- the input


def test_a_pytorch_convolution_needs_the_input_from_the_command_line(tmp_path: Path) -> None:
    text = "from torch import nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3), nn.MaxPool2d(2))\n"
    line = refused(tmp_path, text)
    assert "give them with --input HxWx3" in line and "line 2 takes 3 channels" in line
    data = read(tmp_path, text, "--input", "32x32x3")
    assert data["from_code"]["tokens"] == ["conv3x3p0:8", "pool2:valid"]
    assert data["layers"][0]["params"] == 3 * 3 * 3 * 8 + 8
    assert data["layers"][1]["output_shape"] == [15, 15, 8]  # ⌊(30 − 2)/2⌋ + 1


def test_declared_channels_are_checked_against_the_input(tmp_path: Path) -> None:
    text = "from torch import nn\nmodel = nn.Sequential(nn.Conv2d(3, 8, 3))\n"
    line = refused(tmp_path, text, "--input", "28x28x1")
    assert "line 2: nn.Conv2d(3, 8, 3) takes 3 input channels, but it is given 28×28×1" in line


def test_the_keras_input_is_read_and_a_different_input_is_refused(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input(shape=(8, 8, 2)), layers.Conv2D(4, 3)])
    """
    assert read(tmp_path, text)["input_shape"] == [8, 8, 2]
    line = refused(tmp_path, text, "--input", "9x9x2")
    assert line.startswith(
        "Error: --input: 9×9×2 differs from the model's own input 8×8×2 (line 3)"
    )


def test_an_open_keras_input_takes_the_command_line(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        model = keras.Sequential([keras.Input(shape=(None, None, 3)), layers.Conv2D(4, 3)])
    """
    assert "give them with --input HxWxC" in refused(tmp_path, text)
    assert read(tmp_path, text, "--input", "6x6x3")["layers"][0]["output_shape"] == [4, 4, 4]


def test_a_leading_flatten_of_a_flat_input_is_dropped_and_said(tmp_path: Path) -> None:
    text = "from torch import nn\nm = nn.Sequential(nn.Flatten(), nn.Linear(784, 10), nn.Linear(10, 784))\n"
    data = read(tmp_path, text)
    assert data["architecture"] == [784, 10, 784]
    assert any("flat vector of 784 values" in n for n in data["from_code"]["notes"])


# ----------------------------------------------------------------------------- models and parts


TWO = """
    import torch.nn as nn
    encoder = nn.Sequential(nn.Linear(12, 4), nn.ReLU())
    decoder = nn.Sequential(nn.Linear(4, 12), nn.Sigmoid())
"""


def test_two_models_ask_which_one(tmp_path: Path) -> None:
    line = refused(tmp_path, TWO)
    assert "2 models found in model.py: encoder (line 2" in line
    assert "--model-name encoder,decoder" in line


def test_model_name_picks_one_or_chains_several(tmp_path: Path) -> None:
    assert read(tmp_path, TWO, "--model-name", "decoder")["architecture"] == [4, 12]
    chained = read(tmp_path, TWO, "--model-name", "encoder,decoder")
    assert chained["architecture"] == [12, 4, 12]
    assert chained["from_code"]["model"] == "encoder + decoder"
    line = refused(tmp_path, TWO, "--model-name", "middle")
    assert line.startswith("Error: --model-name: no model named 'middle' in model.py")


def test_a_model_made_of_others_is_the_one_taken(tmp_path: Path) -> None:
    data = read(tmp_path, TWO + "    model = nn.Sequential(encoder, decoder)\n")
    assert data["from_code"]["model"] == "model"
    notes = " ".join(data["from_code"]["notes"])
    assert "encoder (line 2, nn.Sequential(…), a part of model), not counted" in notes


def test_model_name_belongs_to_from_code() -> None:
    assert run_error("params", "8", "3", "8", "--model-name", "x").startswith(
        "Error: --model-name: goes with --from-code"
    )


def test_a_module_never_applied_in_forward_is_named(tmp_path: Path) -> None:
    text = """
        import torch.nn as nn
        class AE(nn.Module):
            def __init__(self):
                super().__init__()
                self.enc = nn.Linear(10, 2)
                self.spare = nn.Linear(2, 2)
                self.dec = nn.Linear(2, 10)
            def forward(self, x):
                return self.dec(self.enc(x))
    """
    data = read(tmp_path, text)
    assert data["architecture"] == [10, 2, 10]
    assert any(
        "self.spare (line 6) is assigned but never applied" in n for n in data["from_code"]["notes"]
    )


def test_a_keras_layer_object_applied_later(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        inputs = keras.Input(shape=(16,))
        squeeze = layers.Dense(4)
        x = squeeze(inputs)
        outputs = layers.Dense(16)(x)
        model = keras.Model(inputs=[inputs], outputs=[outputs])
    """
    assert read(tmp_path, text)["architecture"] == [16, 4, 16]


def test_a_keras_zero_padding_is_the_padding_of_the_next_convolution(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.ZeroPadding2D((1, 2)),
                              layers.Conv2D(2, 3)])
    """
    data = read(tmp_path, text)
    assert data["from_code"]["tokens"] == ["conv3x3p1x2:2"]
    assert data["layers"][0]["output_shape"] == [8, 10, 2]  # 8 + 2 − 3 + 1, 8 + 4 − 3 + 1


def test_a_zero_padding_before_anything_else_is_refused(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        m = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.ZeroPadding2D(1),
                              layers.MaxPooling2D(2)])
    """
    assert "line 3: ZeroPadding2D must come just before the Conv2D it pads" in refused(
        tmp_path, text
    )


def test_a_script_around_the_model_is_passed_over(tmp_path: Path) -> None:
    text = """
        import torch
        import torch.nn as nn
        model = nn.Sequential(nn.Linear(4, 2), nn.ReLU(), nn.Linear(2, 4))
        loss_fn = nn.MSELoss()
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for step in range(3):
            out = model(torch.rand(1, 4))
            loss = loss_fn(out, out.detach())
            loss.backward()
            optimizer.step()
        torch.save(model.state_dict(), "ae.pt")
    """
    assert read(tmp_path, text)["total_params"] == (4 * 2 + 2) + (2 * 4 + 4)


# ------------------------------------------------------------------------------ what is refused


@pytest.mark.parametrize(
    ("layer", "named"),
    [
        ("nn.LSTM(8, 4)", "nn.LSTM"),
        ("nn.Conv1d(1, 4, 3)", "nn.Conv1d"),
        ("nn.MultiheadAttention(8, 2)", "nn.MultiheadAttention"),
        ("nn.PReLU()", "nn.PReLU"),  # an activation with parameters
        ("nn.LayerNorm(8)", "nn.LayerNorm"),
    ],
)
def test_a_layer_it_cannot_count_is_named_with_its_line(
    tmp_path: Path, layer: str, named: str
) -> None:
    text = f"import torch.nn as nn\nmodel = nn.Sequential(\n    nn.Linear(8, 8),\n    {layer},\n)\n"
    line = refused(tmp_path, text)
    assert line.startswith(f"Error: --from-code: line 4: {named} is not a layer aecalc counts")


def test_a_size_from_a_variable_asks_for_the_number(tmp_path: Path) -> None:
    text = """
        import torch.nn as nn
        class AE(nn.Module):
            def __init__(self, n_in, h):
                super().__init__()
                self.enc = nn.Linear(n_in, 2 * h)
            def forward(self, x):
                return self.enc(x)
    """
    line = refused(tmp_path, text)
    assert line.startswith("Error: --from-code: line 5: nn.Linear's in_features is n_in")
    assert "write the number in the call" in line


def test_a_name_assigned_twice_is_not_guessed(tmp_path: Path) -> None:
    text = "import torch.nn as nn\nH = 4\nH = 8\nm = nn.Sequential(nn.Linear(16, H))\n"
    assert "H: it is assigned more than once at the top of the file" in refused(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 2)\n", "line 2: not valid Python"),
        ("import torch\nx = torch.zeros(3)\n", "no model found in model.py"),
        (
            "import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 2.5))\n",
            "out_features is 2.5, not a whole number",
        ),
        (
            "import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 0))\n",
            "out_features must be at least 1",
        ),
        (
            "import torch.nn as nn\nm = nn.Sequential(nn.Conv2d(4, 8, 3, groups=2))\n",
            "groups=2 (a grouped convolution)",
        ),
        (
            "import torch.nn as nn\nm = nn.Sequential(*[nn.Linear(4, 2)])\n",
            "aecalc reads the layers as written",
        ),
        ("import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 2, **kw))\n", "not **kw"),
        (
            "from torch import nn\nm = nn.Sequential(nn.Upsample(size=(8, 8)))\n",
            "write scale_factor=K",
        ),
    ],
)
def test_bad_sources_are_one_error_line(tmp_path: Path, text: str, says: str) -> None:
    assert says in refused(tmp_path, text, "--input", "4x4x4")


def test_branches_and_shared_weights_are_refused(tmp_path: Path) -> None:
    joined = """
        import torch
        from torch import nn
        class U(nn.Module):
            def __init__(self):
                super().__init__()
                self.a = nn.Conv2d(1, 4, 3, padding=1)
            def forward(self, x):
                return torch.cat([x, self.a(x)], dim=1)
    """
    assert "line 8: torch.cat joins two branches" in refused(tmp_path, joined, "--input", "8x8x1")
    shared = """
        from torch import nn
        class T(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(8, 8)
            def forward(self, x):
                return self.fc(self.fc(x))
    """
    assert "self.fc (line 5) is applied a second time" in refused(tmp_path, shared)


def test_a_count_error_is_said_at_the_line_of_the_layer(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        m = keras.Sequential([
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(4, 3),
            layers.Dense(10),
        ])
    """
    line = refused(tmp_path, text)
    assert line.startswith("Error: --from-code: line 6: layers.Dense(10) (read as dense:10):")
    assert "put flatten before it" in line


def test_hostile_files_end_in_one_line(tmp_path: Path) -> None:
    deep = "import torch.nn as nn\nx = " + "-" * 50_000 + "1\n"
    assert "nests its expressions too deeply" in refused(tmp_path, deep)
    nested = (
        "import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, "
        + "(" * 150
        + "2"
        + ")" * 150
        + "))\n"
    )
    assert read(tmp_path, nested)["architecture"] == [4, 2]
    sums = "import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, " + "1 + " * 900 + "1))\n"
    assert "it nests too deeply" in refused(tmp_path, sums)
    power = "import torch.nn as nn\nm = nn.Sequential(nn.Linear(4, 10 ** 10 ** 10))\n"
    assert "it is too large" in refused(tmp_path, power)
    classes = "import torch.nn as nn\n" + "".join(
        f"class C{i}(nn.Module):\n    def __init__(self):\n        self.inner = C{i + 1}()\n"
        for i in range(400)
    )
    assert "nests its classes too deeply" in refused(
        tmp_path, classes + "class C400(nn.Module): pass\n"
    )
    big = tmp_path / "big.py"
    big.write_text("x = 1\n" * 200_000, encoding="utf-8")
    assert "is larger than 1,000,000 bytes" in run_error("params", "--from-code", str(big))
    binary = tmp_path / "binary.py"
    binary.write_bytes(b"\xff\xfe\x00model")
    assert "binary.py is not UTF-8 text" in run_error("params", "--from-code", str(binary))


def test_missing_files_and_folders(tmp_path: Path) -> None:
    missing = tmp_path / "missing.py"
    line = run_error("params", "--from-code", str(missing))
    assert line == f"Error: --from-code: {quoted(missing)} does not exist"
    assert "is a folder" in run_error("params", "--from-code", str(tmp_path))


@pytest.mark.parametrize(
    "option", [["8", "4"], ["--mirror"], ["--tied"], ["--as-given"], ["--no-bias"]]
)
def test_options_that_do_not_go_with_code(tmp_path: Path, option: list[str]) -> None:
    path = source(tmp_path, TWO)
    line = run_error("params", "--from-code", path, *option)
    assert "--from-code" in line


def test_stdin(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["params", "--from-code", "-", "--model-name", "encoder", "--json"],
        input=textwrap.dedent(TWO),
    )
    assert result.exit_code == 0, result.output
    assert '"file": "<stdin>"' in result.stdout


def test_a_chained_assignment_binds_every_name(tmp_path: Path) -> None:
    text = """
        import keras
        from keras import layers
        x = inputs = keras.Input(shape=(6,))
        for units in (3,):
            pass
        x = layers.Dense(3)(x)
        x = layers.Dense(6)(x)
        model = keras.Model(inputs, x)
    """
    assert read(tmp_path, text)["architecture"] == [6, 3, 6]


def test_many_layers_are_read(tmp_path: Path) -> None:
    layers = ", ".join("nn.Linear(4, 4)" for _ in range(3000))
    data = read(tmp_path, f"import torch.nn as nn\nm = nn.Sequential({layers})\n")
    assert len(data["layers"]) == 3000 and data["total_params"] == 3000 * (4 * 4 + 4)
