"""Property tests: arbitrary text in every argument of every command keeps the CLI contract.

Each command starts from a valid invocation; hypothesis replaces any of its values
with arbitrary text (unicode, control characters, long runs, tricky tokens). The
result is either success (exit 0; ``check`` may also exit 1 for a wrong answer), or
one ``Error:`` line on stderr with exit 2 and nothing on stdout, or Typer's own
usage error (exit 2, a box saying ``Error``). Never a traceback, never an uncaught
exception, never a partial result on stdout.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from aecalc.cli import app, build_app

runner = CliRunner()

TRICKY = [
    "",
    " ",
    "\t",
    "\n",
    "\x00",
    "-",
    "--",
    "--json",
    "-1",
    "−1",
    "٣",
    "1,,2",
    ",",
    ";",
    "[",
    "]",
    "[]",
    "[[]]",
    "[[1,2],[3]]",
    "1;2,3",
    "nan",
    "-inf",
    "Infinity",
    "1e999",
    "1e-999",
    "1/0",
    "0/0",
    "1e400",
    "9" * 500,
    "0." + "0" * 399 + "1",
    "__import__('os').system('true')",
    "lambda: 0",
    "x**2",
    "S(1)/3",
    "1_000",
    "0x10",
    "1e",
    ".",
    "+",
    "1/2/3",
    "𝟙",
    "１",
    "1\u200b",
    "\ufeff1",
    "Q2",
    "problems",
    "mse",
    "sigmoid",
    "relu,sigmoid",
    "gaussian:0.1",
    "mask:2",
    "notes",
    "all",
    "theory",
    "a.npy",
    "b.npz",
    "c.csv",
    "d.toml",
    "e.md",
    "/",
    ".",
    "..",
]

_NUMERIC_ALPHABET = "0123456789.,;[]-+/eE −٣ \t\n"
fuzz_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=_NUMERIC_ALPHABET, max_size=40),
    st.sampled_from(TRICKY),
    st.builds(
        lambda piece, times: piece * times,
        st.text(min_size=1, max_size=4),
        st.integers(min_value=200, max_value=5000),
    ),
)


# Typer converts Path-typed options (--output, --model, --out, sheet's DIR) with os.stat,
# which raises ValueError on a NUL character before aecalc sees the value. A real command
# line cannot carry NUL (argv entries are C strings: test_nul_cannot_reach_a_command_line),
# so those options are fuzzed without it; every str-typed argument still gets NUL.
path_text = fuzz_text.map(lambda text: text.replace("\x00", ""))


def slot(valid: str, text: st.SearchStrategy[str] = fuzz_text) -> st.SearchStrategy[str]:
    """A value that is valid half the time (so later arguments are reached), else fuzz."""
    return st.one_of(st.just(valid), text)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Path]:
    """Run in an empty folder with a private AECALC_HOME: nothing real is read or written."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        root = Path(folder)
        (root / "home").mkdir()
        patch.setenv("AECALC_HOME", str(root / "home"))
        patch.delenv("AECALC_PROBLEMS", raising=False)
        patch.setenv("NO_COLOR", "1")
        patch.chdir(root)
        yield root


@functools.cache
def command_app(name: str) -> typer.Typer:
    """The app ``aecalc NAME`` runs (cli.main builds just the named command): 5× quicker to invoke."""
    return build_app(name)


def invoke(args: list[str], stdin: str = "") -> Result:
    return runner.invoke(command_app(args[0]), args, input=stdin)


def assert_contract(result: Result, args: list[str], wrong_answer_ok: bool = False) -> None:
    """Exit 0 (or 1 for ``check``), or exit 2 with one ``Error:`` line / Typer's usage box."""
    shown = f"args={args!r}\nexit={result.exit_code}\nstdout={result.stdout[:500]!r}\nstderr={result.stderr[:500]!r}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\nexception={result.exception!r}"
    )
    assert "Traceback" not in result.stderr, shown
    allowed = (0, 1, 2) if wrong_answer_ok else (0, 2)
    assert result.exit_code in allowed, shown
    if result.exit_code == 2:
        assert result.stdout == "", shown
        lines = result.stderr.strip().splitlines()
        if lines and lines[0].startswith("Error:"):
            assert len(lines) == 1, shown
        else:  # Typer's usage error: a box saying Error, after the usage line
            assert "Usage:" in result.stderr and "Error" in result.stderr, shown


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(
    sizes=st.lists(slot("8"), min_size=0, max_size=4),
    flag=st.sampled_from(["", "--tied", "--mirror", "--as-given", "--no-bias"]),
    convention=slot("notes"),
    digits=slot("4"),
    fmt=slot("json"),
)
def test_params(
    sandbox: Path, sizes: list[str], flag: str, convention: str, digits: str, fmt: str
) -> None:
    args = ["params", "--convention", convention, "--digits", digits, "--format", fmt]
    args += [flag] if flag else []
    args += ["--", *sizes]
    assert_contract(invoke(args), args)


@FUZZ
@given(shape=slot("28x28x1"), layers=st.lists(slot("conv3x3:8"), min_size=0, max_size=3))
def test_params_conv(sandbox: Path, shape: str, layers: list[str]) -> None:
    args = ["params", "--input", shape, "--json", "--", *layers]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    input=slot("50"), hidden=slot("80"), convention=slot("strict"), output=slot("c.md", path_text)
)
def test_classify(sandbox: Path, input: str, hidden: str, convention: str, output: str) -> None:
    out = str(sandbox / "out") + "/" + output
    (sandbox / "out").mkdir(exist_ok=True)
    args = ["classify", "--convention", convention, "--output", out, "--force", "--", input, hidden]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    x=slot("1,0"),
    we=slot("1,-1;0,1"),
    be=slot("0,1/2"),
    wd=slot("[[1,0],[0,1]]"),
    bd=slot("0.25,-0.5"),
    act=slot("sigmoid,relu"),
    target=slot("1,1"),
    extra=st.sampled_from(["", "--float", "--json"]),
)
def test_forward_vanilla(
    sandbox: Path,
    x: str,
    we: str,
    be: str,
    wd: str,
    bd: str,
    act: str,
    target: str,
    extra: str,
) -> None:
    args = ["forward", "--x", x, "--we", we, "--be", be, "--wd", wd, "--bd", bd, "--act", act]
    args += ["--target", target, *([extra] if extra else [])]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    x=slot("1,0;0,1"),
    w=st.lists(slot("1,-1;0,1"), min_size=1, max_size=3),
    b=st.lists(slot("0,0"), min_size=0, max_size=3),
    act=slot("tanh"),
    noise=slot("gaussian:0.1"),
    seed=slot("7"),
    top=slot("1"),
    dtype=slot("float32"),
    out=slot("r.npy", path_text),
)
def test_forward_deep_and_batch(
    sandbox: Path,
    x: str,
    w: list[str],
    b: list[str],
    act: str,
    noise: str,
    seed: str,
    top: str,
    dtype: str,
    out: str,
) -> None:
    args = ["forward", "--x", x, "--act", act]
    for matrix in w:
        args += ["--w", matrix]
    for bias in b:
        args += ["--b", bias]
    if noise != "gaussian:0.1":
        args += ["--noise", noise, "--seed", seed]
    else:
        args += ["--top", top, "--dtype", dtype, "--out", str(sandbox) + "/" + out]
    assert_contract(invoke(args), args)


@FUZZ
@given(model=path_text, x=slot("1,0"), act=slot("sigmoid"))
def test_forward_model(sandbox: Path, model: str, x: str, act: str) -> None:
    args = ["forward", "--model", model, "--x", x, "--act", act]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    name=slot("bce"),
    x=slot("1,0"),
    xhat=slot("0.675,0.6225"),
    log=slot("log10"),
    reduction=slot("sum"),
    clamp=st.booleans(),
    fmt=slot("markdown"),
)
def test_loss(
    sandbox: Path, name: str, x: str, xhat: str, log: str, reduction: str, clamp: bool, fmt: str
) -> None:
    args = ["loss", "--x", x, "--xhat", xhat, "--log", log, "--reduction", reduction]
    args += ["--format", fmt, *(["--clamp"] if clamp else []), "--", name]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    x=slot("0.05,0.1"),
    w1=slot("0.15,0.2;0.25,0.3"),
    b1=slot("0.35,0.35"),
    w2=slot("0.4,0.45;0.5,0.55"),
    target=slot("0.01,0.99"),
    loss=slot("half-sse"),
    lr=slot("0.5"),
    steps=slot("2"),
    act=slot("sigmoid"),
)
def test_backprop(
    sandbox: Path,
    x: str,
    w1: str,
    b1: str,
    w2: str,
    target: str,
    loss: str,
    lr: str,
    steps: str,
    act: str,
) -> None:
    args = ["backprop", "--x", x, "--w", w1, "--b", b1, "--w", w2, "--target", target]
    args += ["--loss", loss, "--lr", lr, "--steps", steps, "--act", act, "--float"]
    assert_contract(invoke(args), args)


_PENALTY_ARGS = {
    "contractive": [("--we", "1,-1;0,1"), ("--be", "0,0"), ("--x", "1,0"), ("--lambda", "0.1")],
    "sparse-kl": [("--rho", "0.05"), ("--rho-hat", "0.1,0.2,0.05"), ("--beta", "3")],
    "vae-kl": [("--mu", "0.5,-1"), ("--logvar", "0,0.5"), ("--recon", "0.3")],
    "l1": [("--h", "0.2,0,-0.5"), ("--lambda", "0.01")],
}


@FUZZ
@given(data=st.data(), kind=st.sampled_from(sorted(_PENALTY_ARGS)), kind_text=slot(""))
def test_penalty(sandbox: Path, data: st.DataObject, kind: str, kind_text: str) -> None:
    args = ["penalty"]
    for option, valid in _PENALTY_ARGS[kind]:
        args += [option, data.draw(slot(valid), label=option)]
    args += ["--", kind_text or kind]
    assert_contract(invoke(args), args)


@FUZZ
@given(file=slot("Q2"), fmt=slot("latex"), digits=slot("6"))
def test_solve(sandbox: Path, file: str, fmt: str, digits: str) -> None:
    args = ["solve", "--format", fmt, "--digits", digits, "--", file]
    assert_contract(invoke(args), args)


@FUZZ
@given(file=slot("L1"), answer=fuzz_text, record=st.booleans())
def test_check(sandbox: Path, file: str, answer: str, record: bool) -> None:
    args = ["check", "--record" if record else "--no-record", "--", file, answer]
    assert_contract(invoke(args), args, wrong_answer_ok=True)


@FUZZ
@given(topic=slot("theory"), json=st.booleans())
def test_problems(sandbox: Path, topic: str, json: bool) -> None:
    args = ["problems", "--topic", topic, *(["--json"] if json else [])]
    assert_contract(invoke(args), args)


@FUZZ
@given(
    topic=slot("params"),
    count=slot("2"),
    seed=slot("3"),
    digits=slot("4"),
    stats=st.booleans(),
    stdin=st.sampled_from(["", "skip\n", "59\n1/2\n", "\x00\n\n"]),
)
def test_practice(
    sandbox: Path, topic: str, count: str, seed: str, digits: str, stats: bool, stdin: str
) -> None:
    args = ["practice", "--topic", topic, "--count", count, "--seed", seed, "--digits", digits]
    args += ["--stats", "--json"] if stats else []
    assert_contract(invoke(args, stdin), args)


@settings(FUZZ, max_examples=40)
@given(folder=path_text, topic=slot("loss,forward"), blank=st.booleans())
def test_sheet(sandbox: Path, folder: str, topic: str, blank: bool) -> None:
    args = ["sheet", "--topic", topic, "--json", *(["--blank"] if blank else []), "--", folder]
    assert_contract(invoke(args), args)


@settings(FUZZ, max_examples=20)
@given(
    command=st.sampled_from(["params", "forward", "loss", "solve", "check", "sheet"]),
    junk=fuzz_text,
)
def test_unknown_options_are_usage_errors(sandbox: Path, command: str, junk: str) -> None:
    args = [command, "--no-such-option", junk]
    result = runner.invoke(app, args)
    assert_contract(result, args)
    assert result.exit_code == 2


def test_nul_cannot_reach_a_command_line() -> None:
    """Why Path-typed options are fuzzed without NUL: no process can be given such an argument."""
    with pytest.raises(ValueError, match="null byte"):
        subprocess.run([sys.executable, "-c", "pass", "a\x00b"], check=False)
