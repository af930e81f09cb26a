"""A table of named bad inputs across every command, each with the exact line it gets.

Every case must exit 2 with nothing on stdout and exactly this one ``Error:`` line on
stderr (full-line equality: a change of wording is a conscious decision, made here).
Data and problem files are written once into a sandbox folder that each test runs in,
so messages name them by their short relative names.
"""

from __future__ import annotations

import io
import json
import pickle
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from numpy.lib import format as npy_format
from typer.testing import CliRunner

from aecalc.batch import data
from aecalc.cli import build_app
from aecalc.practice.topics import IDS
from aecalc.practice.topics import NUMERIC as NUMERIC_IDS

runner = CliRunner()

NET = ["--we", "1,-1;0,1", "--tied"]
LOSS = ["loss", "mse", "--xhat", "1,2"]
PROBLEM = 'id = "T1"\ntopic = "loss"\ntitle = "t"\nstatement = "s"\nanswer = "1"\n'
FORWARD_PROBLEM = PROBLEM.replace('"loss"', '"forward"')
NOT_A_NUMBER = "is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)"
LONG = "1" * 100_000
MILLION = ",".join(["1"] * 1_000_000)
DEEP = "[" * 10_000 + "1" + "]" * 10_000
TOPICS = ", ".join(IDS)  # the error lines list the registry's topics, in its order
NUMERIC = ", ".join(NUMERIC_IDS)


def _npy_with_shape(shape: tuple[int, ...], payload: bytes) -> bytes:
    """A .npy whose header promises ``shape`` but whose body is only ``payload``."""
    buffer = io.BytesIO()
    npy_format.write_array_header_1_0(
        buffer, {"descr": "<f8", "fortran_order": False, "shape": shape}
    )
    return buffer.getvalue() + payload


def _write_files(folder: Path) -> None:
    rng = np.random.default_rng(7)
    garbage = rng.integers(0, 256, 2000, dtype=np.uint8).tobytes()
    garbage = b"\x01" + garbage[1:]  # never a pickle or a signature by chance
    for name in ("garbage.npy", "garbage.npz", "garbage.csv", "garbage.toml"):
        (folder / name).write_bytes(garbage)
    (folder / "badversion.npy").write_bytes(b"\x93NUMPY\x07\x00" + garbage[:200])
    (folder / "pk.npz").write_bytes(b"PK" + garbage[:200])
    (folder / "empty.npy").write_bytes(b"")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "empty.toml").write_bytes(b"")
    (folder / "pickle.npy").write_bytes(pickle.dumps([1.0, 2.0]))
    np.save(folder / "objects.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    np.save(folder / "text.npy", np.array([["a", "b"]]))
    np.save(folder / "complex.npy", np.array([[1 + 2j, 0]]))
    np.save(folder / "bool.npy", np.array([[True, False]]))
    np.save(folder / "cube.npy", np.zeros((2, 2, 2)))
    np.save(folder / "nan.npy", np.array([[1.0, np.nan]]))
    np.save(folder / "nothing.npy", np.zeros((0, 2)))
    (folder / "short.npy").write_bytes(_npy_with_shape((10**11,), b"\0" * 64))
    with zipfile.ZipFile(folder / "short.npz", "w") as archive:
        archive.writestr("x.npy", _npy_with_shape((10**11,), b"\0" * 64))
    np.savez(folder / "two.npz", a=np.zeros((2, 2)), b=np.zeros((2, 2)))
    np.savez(folder / "extra.npz", W1=np.eye(2), b1=np.zeros(2), evil=np.zeros(1))
    np.savez(folder / "nob.npz", W1=np.eye(2), W2=np.eye(2), b2=np.zeros(2))
    np.savez(folder / "chain.npz", W1=np.eye(2), b1=np.zeros(2), W2=np.eye(3), b2=np.zeros(3))
    (folder / "header.csv").write_text("a,b\n1,2\n")
    (folder / "nan.csv").write_text("1,nan\n")
    (folder / "inf.csv").write_text("1,-inf\n")
    (folder / "ragged.csv").write_text("1,2\n3\n")
    (folder / "semicolon.csv").write_text("1;2\n")
    (folder / "latin1.csv").write_bytes("1,2\n3,é\n".encode("latin-1"))
    problems = {
        "nul.toml": 'id = "a\x00"\n',
        "syntax.toml": "id = = 3\n",
        "deep.toml": "x = " + "[" * 5_000 + "]" * 5_000 + "\n",
        "bigint.toml": PROBLEM + "[solve]\nkind = 'loss'\nx = [" + "9" * 5_000 + "]\nxhat = [1]\n",
        "huge.toml": PROBLEM + "#" + "x" * 300_000 + "\n",
        "unknown.toml": PROBLEM + "author = 'me'\n",
        "topic.toml": PROBLEM.replace('"loss"', '"poetry"'),
        "nosolve.toml": PROBLEM,
        "kind.toml": PROBLEM + "[solve]\nkind = 'integrate'\n",
        "nan.toml": PROBLEM + "[solve]\nkind = 'loss'\nx = [nan]\nxhat = [1]\n",
        "lengths.toml": PROBLEM + "[solve]\nkind = 'loss'\nx = '1,2'\nxhat = '1'\n",
        "bool.toml": PROBLEM + "[solve]\nkind = 'loss'\nx = [true]\nxhat = [1]\n",
        "date.toml": PROBLEM + "[solve]\nkind = 'loss'\nx = 1979-05-27\nxhat = [1]\n",
        "loss.toml": PROBLEM + "[solve]\nkind = 'loss'\nloss = 'hinge'\nx = [1]\nxhat = [1]\n",
        "bce0.toml": PROBLEM + "[solve]\nkind = 'loss'\nloss = 'bce'\nx = '1'\nxhat = '0'\n",
        "ragged.toml": FORWARD_PROBLEM
        + "[solve]\nkind = 'forward'\nx = '1,2'\nwe = [[1, 2], [3]]\nwd = '1,1;1,1'\n",
        "act.toml": FORWARD_PROBLEM
        + "[solve]\nkind = 'forward'\nx = '1'\nwe = '1'\nwd = '1'\nact = 'swish'\n",
        "difficulty.toml": PROBLEM.replace("answer", "difficulty = 9\nanswer"),
        "id.toml": PROBLEM.replace('"T1"', "\"__import__('os')\""),
    }
    for name, text in problems.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "exists.md").write_text("already here\n")
    (folder / "nofiles").mkdir()
    (folder / "home").mkdir()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-inputs")
    _write_files(folder)
    return folder


@pytest.fixture
def inside(sandbox: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(sandbox)
    monkeypatch.setenv("AECALC_HOME", str(sandbox / "home"))
    monkeypatch.delenv("AECALC_PROBLEMS", raising=False)
    yield sandbox


def error_line(args: list[str], stdin: str = "") -> str:
    """Run ``aecalc ARGS``: exit 2, nothing on stdout, one ``Error:`` line on stderr (returned)."""
    result = runner.invoke(build_app(args[0]), args, input=stdin)
    shown = f"{args!r:.200}: exit {result.exit_code}, {result.stderr[:400]!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown} {result.exception!r}"
    )
    assert result.exit_code == 2, shown
    assert result.stdout == "", shown
    lines = result.stderr.splitlines()
    assert len(lines) == 1, shown
    return lines[0]


def case(id: str, args: list[str], line: str) -> object:
    return pytest.param(args, line, id=id)


CASES = [
    # ---- params / classify
    case("params-empty", ["params", ""], "Error: SIZES: a layer size is empty"),
    case("params-whitespace", ["params", " \t"], "Error: SIZES: a layer size is empty"),
    case(
        "params-none",
        ["params", "--json"],
        "Error: SIZES: give the layer sizes, e.g. 10 8 4 or 784-128-32",
    ),
    case(
        "params-zero",
        ["params", "8", "0"],
        "Error: SIZES: a layer of 0 units has no neurons: sizes must be at least 1",
    ),
    case(
        "params-negative",
        ["params", "--", "8", "-3"],
        "Error: SIZES: '-3' is negative: a layer needs at least 1 unit",
    ),
    case(
        "params-unicode-digit",
        ["params", "٣", "2"],
        "Error: SIZES: '٣' is not a layer size (a positive integer)",
    ),
    case(
        "params-fullwidth-digit",
        ["params", "８", "2"],
        "Error: SIZES: '８' is not a layer size (a positive integer)",
    ),
    case(
        "params-decimal",
        ["params", "8", "2.5"],
        "Error: SIZES: '2.5' is not a whole number of units",
    ),
    case(
        "params-scientific",
        ["params", "1e3", "8"],
        "Error: SIZES: '1e3' is not a whole number of units",
    ),
    case(
        "params-huge",
        ["params", "8", "10000000000000"],
        "Error: SIZES: 10,000,000,000,000 units is beyond the 1,000,000,000,000 aecalc counts",
    ),
    case(
        "params-100k-chars",
        ["params", LONG],
        "Error: SIZES: '11111111111111111111…' is far too large for a layer size",
    ),
    case("params-double-comma", ["params", "8,,4"], "Error: SIZES: a layer size is empty"),
    case(
        "params-mirror-and-as-given",
        ["params", "8", "4", "--mirror", "--as-given"],
        "Error: --mirror: cannot be used with --as-given: choose one",
    ),
    case(
        "params-conv-shape",
        ["params", "--input", "28x28x0", "conv3x3:8"],
        "Error: --input: channels must be at least 1, not 0",
    ),
    case(
        "params-conv-token",
        ["params", "--input", "28x28x1", "conv3x3"],
        "Error: layer 1 'conv3x3': a convolution needs its filter count after ':', e.g. conv3x3:16",
    ),
    case(
        "classify-unicode-minus",
        ["classify", "−3", "4"],
        "Error: INPUT: '−3' is not a layer size (a positive integer)",
    ),
    case(
        "classify-float",
        ["classify", "3.0", "4"],
        "Error: INPUT: '3.0' is not a whole number of units",
    ),
    case(
        "classify-convention",
        ["classify", "3", "4", "--convention", "loose"],
        "Error: --convention: 'loose' is not a convention (choose notes or strict)",
    ),
    # ---- numbers, spelled every bad way (loss mse reads --x as a vector)
    case("number-empty", [*LOSS, "--x", ""], "Error: --x: no values"),
    case("number-whitespace", [*LOSS, "--x", "  \t "], "Error: --x: no values"),
    case("number-double-comma", [*LOSS, "--x", "1,,2"], "Error: --x: empty value at position 2"),
    case("number-trailing-comma", [*LOSS, "--x", "1,2,"], "Error: --x: empty value at position 3"),
    case("number-leading-comma", [*LOSS, "--x", ",1,2"], "Error: --x: empty value at position 1"),
    case(
        "number-unicode-digit",
        [*LOSS, "--x", "1,٣"],
        "Error: --x: '٣' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-fullwidth-digit",
        [*LOSS, "--x", "1,１"],
        "Error: --x: '１' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-zero-width-space",
        [*LOSS, "--x", "1,2\u200b"],
        "Error: --x: '2\\u200b' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-byte-order-mark",
        [*LOSS, "--x", "\ufeff1,2"],
        "Error: --x: '\\ufeff1' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case("number-nan", [*LOSS, "--x", "1,nan"], "Error: --x: 'nan' is not a finite number"),
    case("number-NaN", [*LOSS, "--x", "NaN,1"], "Error: --x: 'NaN' is not a finite number"),
    case("number-NAN", [*LOSS, "--x", "NAN,1"], "Error: --x: 'NAN' is not a finite number"),
    case("number-minus-nan", [*LOSS, "--x", "-nan,1"], "Error: --x: '-nan' is not a finite number"),
    case("number-inf", [*LOSS, "--x", "inf,1"], "Error: --x: 'inf' is not a finite number"),
    case("number-plus-inf", [*LOSS, "--x", "+inf,1"], "Error: --x: '+inf' is not a finite number"),
    case("number-minus-inf", [*LOSS, "--x", "-inf,1"], "Error: --x: '-inf' is not a finite number"),
    case(
        "number-unicode-minus-inf",
        [*LOSS, "--x", "−inf,1"],
        "Error: --x: '-inf' is not a finite number",
    ),
    case(
        "number-Infinity",
        [*LOSS, "--x", "Infinity,1"],
        "Error: --x: 'Infinity' is not a finite number",
    ),
    case(
        "number-minus-Infinity",
        [*LOSS, "--x", "-Infinity,1"],
        "Error: --x: '-Infinity' is not a finite number",
    ),
    case(
        "number-infinity-sign",
        [*LOSS, "--x", "∞,1"],
        "Error: --x: '∞' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-1e999", [*LOSS, "--x", "1e999,1"], "Error: --x: '1e999' has an exponent beyond ±400"
    ),
    case(
        "number-1e-999",
        [*LOSS, "--x", "1e-999,1"],
        "Error: --x: '1e-999' has an exponent beyond ±400",
    ),
    case("number-divide-by-zero", [*LOSS, "--x", "1/0,1"], "Error: --x: '1/0' divides by zero"),
    case(
        "number-two-slashes",
        [*LOSS, "--x", "1/2/3,1"],
        "Error: --x: '1/2/3' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-hex",
        [*LOSS, "--x", "0x10,1"],
        "Error: --x: '0x10' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-underscore",
        [*LOSS, "--x", "1_000,1"],
        "Error: --x: '1_000' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-bare-exponent",
        [*LOSS, "--x", "1e,1"],
        "Error: --x: '1e' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-lone-dot",
        [*LOSS, "--x", ".,1"],
        "Error: --x: '.' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-two-dots",
        [*LOSS, "--x", "1.5.2,1"],
        "Error: --x: '1.5.2' is not a number (use integers, decimals, fractions like 1/3, or 2.5e-3)",
    ),
    case(
        "number-100k-chars",
        [*LOSS, "--x", LONG],
        "Error: --x: a number has 100,000 characters (at most 400)",
    ),
    case(
        "number-million-values",
        [*LOSS, "--x", MILLION],
        "Error: --x: has more than 10,000 values (larger data belongs in a .npy or .csv file)",
    ),
    case(
        "vector-ragged-matrix",
        [*LOSS, "--x", "[[1,2],[3]]"],
        "Error: --x: expected one vector like 1,0 but got several rows",
    ),
    case(
        "vector-two-rows",
        [*LOSS, "--x", "1,2;3,4"],
        "Error: --x: ';' starts a new sample (a matrix row), but one vector is expected here: "
        "separate its values with commas, e.g. 1,0",
    ),
    case("vector-unclosed", [*LOSS, "--x", "[1,2"], "Error: --x: '[' is never closed"),
    case("vector-unopened", [*LOSS, "--x", "1,2]"], "Error: --x: ']' has no matching '['"),
    case(
        "vector-nested-10000",
        [*LOSS, "--x", DEEP],
        "Error: --x: brackets nested deeper than a matrix ([[…],[…]])",
    ),
    case(
        "vector-length",
        [*LOSS, "--x", "1,2,3"],
        "Error: --xhat: has 2 values but --x has 3: they must match",
    ),
    # ---- matrices (forward's --we, --x)
    case(
        "matrix-ragged",
        ["forward", "--x", "1,0", "--we", "[[1,2],[3]]", "--tied"],
        "Error: --we: ragged matrix: row 1 has 2 values but row 2 has 1",
    ),
    case(
        "matrix-ragged-rows",
        ["forward", "--x", "1,0", "--we", "1,2;3", "--tied"],
        "Error: --we: ragged matrix: row 1 has 2 values but row 2 has 1",
    ),
    case(
        "matrix-nested-10000",
        ["forward", "--x", "1,0", "--we", DEEP, "--tied"],
        "Error: --we: brackets nested deeper than a matrix ([[…],[…]])",
    ),
    case(
        "matrix-nested-3",
        ["forward", "--x", "1,0", "--we", "[[[1]]]", "--tied"],
        "Error: --we: brackets nested deeper than a matrix ([[…],[…]])",
    ),
    case(
        "matrix-mixed-brackets",
        ["forward", "--x", "1,0", "--we", "[1,2];[3,4]", "--tied"],
        "Error: --we: mixed brackets: write [[1,2],[3,4]] or 1,2;3,4",
    ),
    case(
        "matrix-empty-row",
        ["forward", "--x", "1,0", "--we", "1,2;;3,4", "--tied"],
        "Error: --we: no values in row 2",
    ),
    case(
        "matrix-million",
        ["forward", "--x", "1,0", "--we", MILLION, "--tied"],
        "Error: --we: has more than 10,000 values (larger data belongs in a .npy or .csv file)",
    ),
    case(
        "forward-ragged-batch",
        ["forward", "--x", "[[1,2],[3]]", *NET],
        "Error: --x: ragged matrix: row 1 has 2 values but row 2 has 1",
    ),
    case(
        "forward-shape",
        ["forward", "--x", "1,0,1", *NET],
        "Error: --x: has 3 values but W_e is 2×2 (expects 2)",
    ),
    case(
        "forward-no-net",
        ["forward", "--x", "1,0"],
        "Error: --we: give the net: --we W_e [--be b_e] --wd W_d [--bd b_d] (or --tied), --w W1 --w W2 … for a deep net, or --model FILE.npz",
    ),
    case(
        "forward-act",
        ["forward", "--x", "1,0", *NET, "--act", "swish"],
        "Error: --act: unknown activation 'swish' (choose from sigmoid, tanh, relu, leaky_relu, elu, linear, softmax)",
    ),
    case(
        "forward-act-count",
        ["forward", "--x", "1,0", *NET, "--act", "relu,relu,relu"],
        "Error: --act: gives 3 activations but the net has 2 layers (give one name for all layers, or one per layer)",
    ),
    case(
        "forward-noise",
        ["forward", "--x", "1,0", *NET, "--noise", "salt:0.1"],
        "Error: --noise: 'salt:0.1' is not a corruption: write gaussian:σ (e.g. gaussian:0.1) or mask:p",
    ),
    case(
        "forward-noise-level",
        ["forward", "--x", "1,0", *NET, "--noise", "mask:2"],
        "Error: --noise: p is a probability (0 to 1), got 2",
    ),
    case(
        "forward-seed-alone",
        ["forward", "--x", "1,0", *NET, "--seed", "3"],
        "Error: --seed: goes with --noise (e.g. --noise gaussian:0.1 --seed 7)",
    ),
    case(
        "forward-out-one-sample",
        ["forward", "--x", "1,0", *NET, "--out", "r.npy"],
        "Error: --out: is for a batch (a matrix with one sample per row, a file, or --model); one sample is worked step by step",
    ),
    case(
        "forward-model-and-we",
        ["forward", "--x", "1,0", "--model", "m.npz", *NET],
        "Error: --model: cannot be used with --we",
    ),
    case(
        "forward-digits",
        ["forward", "--x", "1,0", *NET, "--digits", "99"],
        "Error: --digits: 99 is out of range (0 to 30)",
    ),
    case(
        "forward-format",
        ["forward", "--x", "1,0", *NET, "--format", "docx"],
        "Error: --format: unknown format 'docx' (choose rich, json, markdown, latex, html, pdf)",
    ),
    case(
        "forward-output-exists",
        ["forward", "--x", "1,0", *NET, "--output", "exists.md"],
        "Error: --output: 'exists.md' exists (add --force to overwrite)",
    ),
    case(
        "forward-output-suffix",
        ["forward", "--x", "1,0", *NET, "--output", "r.docx"],
        "Error: --output: cannot tell the format from 'r.docx': use .md, .tex, .html, .pdf, .json, .txt, .svg or .apkg, or give --format",
    ),
    case(
        "forward-output-folder",
        ["forward", "--x", "1,0", *NET, "--output", "no/r.md"],
        "Error: --output: folder 'no' does not exist",
    ),
    case(
        "forward-output-too-long",
        ["forward", "--x", "1,0", *NET, "--output", "r" * 300 + ".md"],
        "Error: --output: 'rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr…': File name too long",
    ),
    # ---- data files from strangers
    case(
        "npy-garbage",
        ["forward", "--x", "garbage.npy", *NET],
        "Error: --x: garbage.npy is not a .npy file (it does not start with the .npy signature)",
    ),
    case(
        "npz-garbage",
        ["forward", "--x", "garbage.npz", *NET],
        "Error: --x: garbage.npz is not a .npz file (it does not start with the .npz signature)",
    ),
    case(
        "csv-garbage",
        ["forward", "--x", "garbage.csv", *NET],
        "Error: --x: garbage.csv is not a UTF-8 text file (is it really a CSV?)",
    ),
    case(
        "npy-bad-version",
        ["forward", "--x", "badversion.npy", *NET],
        "Error: --x: badversion.npy is not a valid .npy file (we only support format version (1,0), (2,0), and (3,0), not (7, 0))",
    ),
    case(
        "npy-empty-file",
        ["forward", "--x", "empty.npy", *NET],
        "Error: --x: empty.npy is not a .npy file (it does not start with the .npy signature)",
    ),
    case(
        "npy-pickle",
        ["forward", "--x", "pickle.npy", *NET],
        "Error: --x: pickle.npy holds pickled Python objects; aecalc never unpickles files (save plain numeric arrays, e.g. np.save(path, array.astype(float)))",
    ),
    case(
        "npy-objects",
        ["forward", "--x", "objects.npy", *NET],
        "Error: --x: objects.npy holds pickled Python objects; aecalc never unpickles files (save plain numeric arrays, e.g. np.save(path, array.astype(float)))",
    ),
    case(
        "npy-text",
        ["forward", "--x", "text.npy", *NET],
        "Error: --x: text.npy has dtype <U1, which is not numeric",
    ),
    case(
        "npy-complex",
        ["forward", "--x", "complex.npy", *NET],
        "Error: --x: complex.npy is complex (complex128); only real numbers are allowed",
    ),
    case(
        "npy-bool",
        ["forward", "--x", "bool.npy", *NET],
        "Error: --x: bool.npy is boolean; give numbers (e.g. 0.0 and 1.0)",
    ),
    case(
        "npy-3d",
        ["forward", "--x", "cube.npy", *NET],
        "Error: --x: cube.npy has 3 dimensions (shape 2×2×2); expected a 2-D array with one sample per row, or a 1-D array for one sample",
    ),
    case(
        "npy-nan",
        ["forward", "--x", "nan.npy", *NET],
        "Error: --x: nan.npy has 1 non-finite value (first: nan at index [0, 1]); only finite numbers are allowed",
    ),
    case(
        "npy-no-rows",
        ["forward", "--x", "nothing.npy", *NET],
        "Error: --x: nothing.npy is empty (shape 0×2)",
    ),
    case(
        "npy-header-promises-more",
        ["forward", "--x", "short.npy", *NET],
        "Error: --x: short.npy is not a valid .npy file (mmap length is greater than file size)",
    ),
    case(
        "npz-header-promises-more",
        ["forward", "--x", "short.npz", *NET],
        "Error: --x: short.npz[x] is cut short: its header promises shape 100000000000 (800,000,000,000 bytes) but it holds 64 bytes",
    ),
    case(
        "npz-pk-not-a-zip",
        ["forward", "--x", "pk.npz", *NET],
        "Error: --x: pk.npz is not a .npz file (it does not start with the .npz signature)",
    ),
    case(
        "npz-two-arrays",
        ["forward", "--x", "two.npz", *NET],
        "Error: --x: two.npz holds 2 arrays (a, b); give an .npz with one array, or name the samples 'x'",
    ),
    case(
        "npy-missing",
        ["forward", "--x", "missing.npy", *NET],
        "Error: --x: missing.npy does not exist",
    ),
    case(
        "npy-name-too-long",
        ["forward", "--x", "x" * 300 + ".npy", *NET],
        "Error: --x: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…': File name too long",
    ),
    case(
        "csv-empty", ["forward", "--x", "empty.csv", *NET], "Error: --x: empty.csv has no data rows"
    ),
    case(
        "csv-header",
        ["forward", "--x", "header.csv", *NET],
        "Error: --x: header.csv line 1 looks like a header ('a,b'); remove it: the file must hold numbers only",
    ),
    case(
        "csv-nan",
        ["forward", "--x", "nan.csv", *NET],
        "Error: --x: nan.csv has 1 non-finite value (first: nan at index [1]); only finite numbers are allowed",
    ),
    case(
        "csv-inf",
        ["forward", "--x", "inf.csv", *NET],
        "Error: --x: inf.csv has 1 non-finite value (first: -inf at index [1]); only finite numbers are allowed",
    ),
    case(
        "csv-ragged",
        ["forward", "--x", "ragged.csv", *NET],
        "Error: --x: ragged.csv line 2 has 1 value but line 1 has 2; every row must have the same length",
    ),
    case(
        "csv-semicolons",
        ["forward", "--x", "semicolon.csv", *NET],
        "Error: --x: semicolon.csv line 1, column 1: '1;2' is not a number (separate the values with commas)",
    ),
    case(
        "csv-latin1",
        ["forward", "--x", "latin1.csv", *NET],
        "Error: --x: latin1.csv is not a UTF-8 text file (is it really a CSV?)",
    ),
    case(
        "model-garbage",
        ["forward", "--x", "1,0", "--model", "garbage.npz"],
        "Error: --model: garbage.npz is not a .npz file (it does not start with the .npz signature)",
    ),
    case(
        "model-npy",
        ["forward", "--x", "1,0", "--model", "nan.npy"],
        "Error: --model: nan.npy has '.npy'; expected a .npz file",
    ),
    case(
        "model-extra-array",
        ["forward", "--x", "1,0", "--model", "extra.npz"],
        "Error: --model: extra.npz has an unexpected array 'evil'; expected only W1, b1, W2, b2, … (W shaped out × in, b shaped out)",
    ),
    case(
        "model-missing-bias",
        ["forward", "--x", "1,0", "--model", "nob.npz"],
        "Error: --model: nob.npz has W2 but no b1 (expected W1, b1, … W2, b2)",
    ),
    case(
        "model-does-not-chain",
        ["forward", "--x", "1,0", "--model", "chain.npz"],
        "Error: --model: chain.npz: W2 is 3×3 but W1 is 2×2: W2 needs 2 columns to take W1's 2 outputs",
    ),
    case(
        "model-header-promises-more",
        ["forward", "--x", "1,0", "--model", "short.npz"],
        "Error: --model: short.npz[x] is cut short: its header promises shape 100000000000 (800,000,000,000 bytes) but it holds 64 bytes",
    ),
    # ---- loss, backprop, penalty
    case(
        "loss-name",
        ["loss", "hinge", "--x", "1", "--xhat", "1"],
        "Error: LOSS: 'hinge' is not one of mse, bce, half-sse",
    ),
    case(
        "loss-log-for-mse",
        [*LOSS, "--x", "1,2", "--log", "log10"],
        "Error: --log: only applies to bce, not mse",
    ),
    case(
        "loss-bce-zero",
        ["loss", "bce", "--x", "1", "--xhat", "0"],
        "Error: --xhat: element 1 is exactly 0, where log x̂ is −∞: add --clamp to clamp the log at −100 as PyTorch does",
    ),
    case(
        "loss-bce-target",
        ["loss", "bce", "--x", "2", "--xhat", "0.5"],
        "Error: --x: BCE needs targets in [0, 1], but element 1 is 2",
    ),
    case(
        "backprop-lr-zero",
        ["backprop", "--x", "1,0", *NET, "--lr", "0"],
        "Error: --lr: 0 is not a learning rate: η must be > 0",
    ),
    case(
        "backprop-lr-nan",
        ["backprop", "--x", "1,0", *NET, "--lr", "nan"],
        "Error: --lr: 'nan' is not a finite number",
    ),
    case(
        "backprop-steps",
        ["backprop", "--x", "1,0", *NET, "--steps", "0"],
        "Error: --steps: 0 is out of range (1 to 100,000)",
    ),
    case(
        "backprop-loss",
        ["backprop", "--x", "1,0", *NET, "--loss", "hinge"],
        "Error: --loss: 'hinge' is not a loss (choose mse, bce or half-sse)",
    ),
    case(
        "backprop-batch",
        ["backprop", "--x", "1,0;0,1", *NET],
        "Error: --x: has 2 rows: backprop works one sample (give one vector, e.g. 1,0)",
    ),
    case(
        "penalty-kind",
        ["penalty", "dropout", "--h", "1"],
        "Error: KIND: 'dropout' is not a penalty (choose contractive, sparse-kl, vae-kl, l1)",
    ),
    case(
        "penalty-rho",
        ["penalty", "sparse-kl", "--rho", "2", "--rho-hat", "0.1"],
        "Error: --rho: 2 is outside (0, 1): the target activation must be strictly between 0 and 1",
    ),
    case("penalty-missing", ["penalty", "l1"], "Error: --h: is required for l1"),
    case(
        "penalty-unused",
        ["penalty", "l1", "--h", "1", "--mu", "1"],
        "Error: --mu: is not used by l1 (it takes --h)",
    ),
    case(
        "penalty-lambda-negative",
        ["penalty", "l1", "--h", "1", "--lambda", "-1"],
        "Error: --lambda: -1 is negative: a penalty weight must be ≥ 0",
    ),
    case(
        "penalty-lambda-and-beta",
        ["penalty", "l1", "--h", "1", "--lambda", "1", "--beta", "1"],
        "Error: --beta: give one weight: --lambda or --beta, not both",
    ),
    case(
        "penalty-recon-inf",
        ["penalty", "l1", "--h", "1", "--recon", "Infinity"],
        "Error: --recon: 'Infinity' is not a finite number",
    ),
    # ---- practice, problems
    case(
        "practice-topic",
        ["practice", "--topic", "poetry"],
        f"Error: --topic: 'poetry' is not a topic (choose {TOPICS}, all)",
    ),
    case(
        "practice-count-zero",
        ["practice", "--count", "0"],
        "Error: --count: 0 is out of range (1 to 200)",
    ),
    case(
        "practice-count-huge",
        ["practice", "--count", "100000"],
        "Error: --count: 100000 is out of range (1 to 200)",
    ),
    case(
        "practice-json",
        ["practice", "--json"],
        "Error: --json: works with --stats only: a practice session is interactive",
    ),
    case(
        "practice-digits",
        ["practice", "--digits", "20"],
        "Error: --digits: 20 is out of range (0 to 12 in practice)",
    ),
    case(
        "problems-topic",
        ["problems", "--topic", "poetry"],
        f"Error: --topic: 'poetry' is not a topic (choose {TOPICS})",
    ),
    # ---- problem files from strangers (solve, check, sheet)
    case(
        "solve-missing-file",
        ["solve", "missing.toml"],
        "Error: FILE: 'missing.toml' does not exist",
    ),
    case(
        "solve-unknown-id",
        ["solve", "Q999"],
        "Error: FILE: 'Q999' is neither a .toml file nor a problem id in the bank",
    ),
    case(
        "solve-empty-name",
        ["solve", ""],
        "Error: FILE: is empty: give a problem file or a bank id such as Q2",
    ),
    case("solve-folder", ["solve", "nofiles"], "Error: FILE: 'nofiles' is not a file"),
    case("toml-garbage", ["solve", "garbage.toml"], "Error: garbage.toml: not UTF-8 text"),
    case("toml-empty", ["solve", "empty.toml"], "Error: empty.toml: field id: is missing"),
    case(
        "toml-nul",
        ["solve", "nul.toml"],
        "Error: nul.toml:1: not valid TOML: Illegal character '\\x00'",
    ),
    case(
        "toml-syntax",
        ["solve", "syntax.toml"],
        "Error: syntax.toml:1: not valid TOML: Invalid value",
    ),
    case(
        "toml-nested-5000",
        ["solve", "deep.toml"],
        "Error: deep.toml: not valid TOML: arrays or tables nested too deeply",
    ),
    case(
        "toml-5000-digit-integer",
        ["solve", "bigint.toml"],
        "Error: bigint.toml: not valid TOML: a number has too many digits",
    ),
    case(
        "toml-over-size-limit",
        ["solve", "huge.toml"],
        "Error: huge.toml: larger than 200,000 bytes: not a problem file",
    ),
    case(
        "toml-unknown-field",
        ["solve", "unknown.toml"],
        "Error: unknown.toml:6: field author: unknown field (known: answer, difficulty, example, hint, id, key_points, marks, question, solve, source, statement, themes, title, topic)",
    ),
    case(
        "toml-topic",
        ["solve", "topic.toml"],
        f"Error: topic.toml:2: field topic: 'poetry' is not one of {TOPICS}",
    ),
    case(
        "toml-no-solve",
        ["solve", "nosolve.toml"],
        "Error: nosolve.toml: field solve: is missing: a numeric problem needs a [solve] table",
    ),
    case(
        "toml-kind",
        ["solve", "kind.toml"],
        f"Error: kind.toml:7: field solve.kind: 'integrate' is not one of {NUMERIC}",
    ),
    case(
        "toml-nan",
        ["solve", "nan.toml"],
        "Error: nan.toml:8: field solve.x: 'nan' is not a finite number",
    ),
    case(
        "toml-lengths",
        ["solve", "lengths.toml"],
        "Error: lengths.toml:9: field solve.xhat: has 1 values but x has 2",
    ),
    case(
        "toml-bool",
        ["solve", "bool.toml"],
        "Error: bool.toml:8: field solve.x: true/false is not a number",
    ),
    case(
        "toml-date", ["solve", "date.toml"], "Error: date.toml:8: field solve.x: expected numbers"
    ),
    case(
        "toml-loss",
        ["solve", "loss.toml"],
        "Error: loss.toml:8: field solve.loss: 'hinge' is not one of mse, bce, half-sse",
    ),
    case(
        "toml-bce-zero",
        ["solve", "bce0.toml"],
        "Error: bce0.toml: cannot be solved (xhat): element 1 is exactly 0, where log x̂ is −∞: add --clamp to clamp the log at −100 as PyTorch does",
    ),
    case(
        "toml-ragged",
        ["solve", "ragged.toml"],
        "Error: ragged.toml:9: field solve.we: ragged matrix: row 1 has 2 values but row 2 has 1",
    ),
    case(
        "toml-act",
        ["solve", "act.toml"],
        "Error: act.toml:11: field solve.act: must be one activation or a list of two, from sigmoid, tanh, relu, leaky_relu, elu, linear, softmax",
    ),
    case(
        "toml-difficulty",
        ["solve", "difficulty.toml"],
        "Error: difficulty.toml:5: field difficulty: 9 is out of range (1 to 3)",
    ),
    case(
        "toml-id",
        ["solve", "id.toml"],
        "Error: id.toml:1: field id: use letters, digits, '-', '_' or '.' (at most 40)",
    ),
    case("check-garbage", ["check", "garbage.toml", "1"], "Error: garbage.toml: not UTF-8 text"),
    case(
        "check-theory",
        ["check", "T01", "over"],
        "Error: FILE: T01 is a theory question: there is no single answer to check (aecalc solve T01 shows its key points)",
    ),
    case(
        "check-unicode-digit",
        ["check", "Q2", "٣"],
        "Error: ANSWER: '٣' is not a number. Give a whole number, e.g. 59.",
    ),
    case(
        "check-nan",
        ["check", "L2", "nan"],
        "Error: ANSWER: 'nan' is not a number. Give a whole number, e.g. 59.",
    ),
    case(
        "check-vector-for-number",
        ["check", "Q2", "1,2"],
        "Error: ANSWER: expected 1 value, got 2. Give a whole number, e.g. 59.",
    ),
    case("sheet-missing", ["sheet", "missing"], "Error: DIR: folder 'missing' does not exist"),
    case(
        "sheet-file",
        ["sheet", "exists.md"],
        "Error: DIR: 'exists.md' is not a folder (give the problem bank folder)",
    ),
    case(
        "sheet-no-problems",
        ["sheet", "nofiles"],
        "Error: DIR: 'nofiles' holds no problem files (*.toml)",
    ),
    case(
        "sheet-topic",
        ["sheet", "--topic", "poetry"],
        f"Error: --topic: 'poetry' is not a topic (choose {TOPICS} or all)",
    ),
]


@pytest.mark.parametrize(("args", "line"), CASES)
def test_bad_input_gets_its_line(inside: Path, args: list[str], line: str) -> None:
    assert error_line(args) == line


@pytest.mark.parametrize(
    ("limit", "value", "args", "line"),
    [
        pytest.param(
            "MAX_CSV_BYTES",
            8,
            ["forward", "--x", "big.csv", *NET],
            "Error: --x: big.csv is 12 bytes (a CSV is parsed as text: at most 8; "
            "save larger data as .npy)",
            id="csv-over-size-limit",
        ),
        pytest.param(
            "MAX_NPZ_BYTES",
            100,
            ["forward", "--x", "big.npz", *NET],
            "Error: --x: big.npz unpacks to 192 bytes (an .npz is read into memory: at most 100; "
            "save a large batch as .npy, which is read as needed)",
            id="npz-over-size-limit",
        ),
        pytest.param(
            "MAX_NPZ_BYTES",
            100,
            ["forward", "--x", "1,0", "--model", "big.npz"],
            "Error: --model: big.npz unpacks to 192 bytes (an .npz is read into memory: at most "
            "100; save a large batch as .npy, which is read as needed)",
            id="model-over-size-limit",
        ),
    ],
)
def test_data_size_limits(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    args: list[str],
    line: str,
) -> None:
    """The limits (64 MiB of CSV, 1 GiB unpacked .npz) checked with small files and small limits."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.csv").write_text("1,0\n0,1\n1,1\n")
    np.savez(tmp_path / "big.npz", x=np.zeros((4, 2)))
    monkeypatch.setattr(data, limit, value)
    assert error_line(args) == line


def test_limits_are_the_documented_ones() -> None:
    from aecalc.practice.bank import files as bank
    from aecalc.values import parse

    assert (data.MAX_CSV_BYTES, data.MAX_NPZ_BYTES) == (64 * 2**20, 2**30)
    assert bank.MAX_FILE_BYTES == 200_000
    assert (parse.MAX_VALUES, parse.MAX_TOKEN_CHARS, parse.MAX_EXPONENT) == (10_000, 400, 400)


def test_a_million_values_are_refused_quickly(inside: Path) -> None:
    started = time.perf_counter()
    assert error_line([*LOSS, "--x", MILLION]).endswith(
        "has more than 10,000 values (larger data belongs in a .npy or .csv file)"
    )
    assert time.perf_counter() - started < 2.0


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(build_app(args[0]), [*args, "--json"])
    assert result.exit_code == 0, result.stderr
    value: dict[str, object] = json.loads(result.stdout)
    return value


@pytest.mark.parametrize(
    "minus", ["\u2212", "\u2013", "\ufe63", "\uff0d"], ids=["U+2212", "U+2013", "U+FE63", "U+FF0D"]
)
def test_unicode_minus_is_a_minus(minus: str) -> None:
    """−, – and their full-width/small forms are read as '-' on purpose (pasted from notes)."""
    got = _json(["loss", "mse", "--x", f"{minus}1,2", "--xhat", "1,2"])
    assert got == _json(["loss", "mse", "--x", "-1,2", "--xhat", "1,2"])
    assert got["value"] == 2.0 and got["exact"] == "2"
    net = ["forward", "--x", "1,0", "--we", f"1,{minus}1;0,1", "--tied", "--act", "linear"]
    forward = _json(net)
    assert forward == _json([*net[:4], "1,-1;0,1", *net[5:]])
    assert forward["x_hat"] == [1.0, -1.0]


def test_unicode_digits_are_not_numbers() -> None:
    """Arabic-Indic ٣ and full-width ３ are digits to str.isdigit but not to aecalc."""
    for digit in ("٣", "３", "𝟑"):
        assert error_line(["loss", "mse", "--x", digit, "--xhat", "3"]) == (
            f"Error: --x: {digit!r} {NOT_A_NUMBER}"
        )
