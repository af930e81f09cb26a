"""Odd terminals and numbers: stdout full, closed or a broken pipe, stdin closed, an ASCII-only
encoding; numbers beyond float64 (``1e400``) wherever float64 arithmetic meets them; Unicode
digits; a 10⁴-deep bracket nest; ``-0`` as a layer size.

The terminal tests run the real console script (``aecalc.cli.main``) in a subprocess, since they
are about file descriptors that ``CliRunner`` replaces.
"""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aecalc.errors import InputError
from aecalc.values.parse import parse_matrix, parse_number, parse_size, parse_sizes, parse_vector
from cli import run_error

MAIN = "import sys\nfrom aecalc.cli import main\nsys.argv[0] = 'aecalc'\nmain()\n"


def aecalc(
    *args: str,
    env: dict[str, str] | None = None,
    close: tuple[int, ...] = (),
    **kwargs: object,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``aecalc ARGS`` as a process, with the descriptors in ``close`` closed."""

    def closer() -> None:
        for descriptor in close:
            os.close(descriptor)

    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", MAIN, *args],
        env={**os.environ, **(env or {})},
        preexec_fn=closer if close else None,
        timeout=120,
        check=False,
        **kwargs,
    )


# -- stdout ------------------------------------------------------------------------------------


def test_stdout_full_exits_2_with_one_line(dev_full: Path) -> None:
    with open(dev_full, "wb") as full:
        done = aecalc("params", "10", "8", "4", stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode() == "Error: stdout: No space left on device\n"


@pytest.mark.parametrize(
    "args", [["params", "10", "8", "4", "--json"], ["loss", "mse", "--x", "1"]]
)
def test_stdout_full_for_other_commands(args: list[str], dev_full: Path) -> None:
    if args[0] == "loss":
        args = [*args, "--xhat", "0"]
    with open(dev_full, "wb") as full:
        done = aecalc(*args, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2 and b"Traceback" not in done.stderr
    assert done.stderr.decode().count("\n") == 1


def test_stdout_closed_exits_2_with_one_line() -> None:
    done = aecalc("params", "10", "8", "4", close=(1,), stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert done.stderr.decode() == "Error: stdout: closed: nothing can be printed\n"


def test_a_broken_pipe_exits_quietly() -> None:
    """Like ``aecalc … | head -c1``: the reader has gone; status 1 or 2, no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = aecalc(
            "params", *["8"] * 2000, stdout=write, stderr=subprocess.PIPE
        )  # a long printout: more than the pipe buffer
    finally:
        os.close(write)
    assert done.returncode in (1, 2)
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr


def test_an_ascii_only_stdout_gets_escapes_not_a_traceback() -> None:
    done = aecalc("params", "10", "8", "4", env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode("ascii")  # every byte is ASCII
    assert "10 \\u2192 8 \\u2192 4" in text
    assert "Total" in text or "total" in text


def test_an_ascii_only_stderr_error_line() -> None:
    done = aecalc("params", "\u2212" + "3", env={"PYTHONIOENCODING": "ascii"}, capture_output=True)
    assert done.returncode == 2 and done.stdout == b""
    # Click writes its error lines as UTF-8 where the locale says ASCII: still one line
    lines = done.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: SIZES: ")


# -- stdin -------------------------------------------------------------------------------------


def test_practice_with_stdin_closed_ends_at_once(tmp_path: Path) -> None:
    done = aecalc(
        "practice",
        "--topic",
        "params",
        "--count",
        "2",
        "--seed",
        "1",
        env={"AECALC_HOME": str(tmp_path)},
        close=(0,),
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert b"Session ended." in done.stdout and b"Score: 0/0" in done.stdout


def test_practice_input_that_is_not_utf8_is_asked_again(tmp_path: Path) -> None:
    done = aecalc(
        "practice",
        "--topic",
        "params",
        "--count",
        "1",
        "--seed",
        "1",
        env={"AECALC_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"},
        input=b"\xff\xfe\x80 not text\nskip\n",
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"Score: 0/1" in done.stdout


def test_stderr_closed_still_runs() -> None:
    done = aecalc("params", "10", "8", "4", close=(2,), stdout=subprocess.PIPE)
    assert done.returncode == 0 and b"Parameters" in done.stdout


# -- numbers beyond float64 ----------------------------------------------------------------------

BIG = "1e400"
NET = ["--we", "1,0;0,1", "--wd", "1,0;0,1"]
BEYOND = "is beyond the float64 range (±1.8e+308); decimals-only arithmetic cannot hold it"


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["forward", "--x", "1,0", "--we", f"{BIG},0;0,1", "--wd", "1,0;0,1", "--float"],
            f"Error: --we: a weight 1.00e+400 {BEYOND}",
        ),
        (
            ["forward", "--x", f"{BIG},0", *NET, "--float"],
            f"Error: --x: an input 1.00e+400 {BEYOND}",
        ),
        (
            [
                "forward",
                "--x",
                "1,0",
                "--we",
                "1,0;0,1",
                "--be",
                f"{BIG},0",
                "--wd",
                "1,0;0,1",
                *["--float"],
            ],
            f"Error: --be: a bias 1.00e+400 {BEYOND}",
        ),
        (
            ["forward", "--x", "1,0", *NET, "--noise", f"gaussian:{BIG}", "--seed", "1"],
            f"Error: --noise: σ 1.00e+400 {BEYOND}",
        ),
        (["backprop", "--x", "1,0", *NET, "--lr", BIG], f"Error: --lr: 1.00e+400 {BEYOND}"),
        (
            ["backprop", "--x", "1,0", *NET, "--lr", BIG, "--float"],
            f"Error: --lr: 1.00e+400 {BEYOND}",
        ),
        (
            ["backprop", "--x", "1,0", "--we", f"{BIG},0;0,1", "--wd", "1,0;0,1", "--float"],
            f"Error: --we: a weight 1.00e+400 {BEYOND}",
        ),
    ],
)
def test_numbers_beyond_float64_are_one_error_line(args: list[str], line: str) -> None:
    assert run_error(*args) == line


def test_a_problem_file_with_1e400(tmp_path: Path) -> None:
    bank = Path(__file__).resolve().parents[1] / "problems" / "b01-backprop-w5-update.toml"
    text = bank.read_text(encoding="utf-8")
    assert 'lr = "0.5"' in text
    problem = tmp_path / "big.toml"
    problem.write_text(text.replace('lr = "0.5"', f'lr = "{BIG}"'), encoding="utf-8")
    line = run_error("solve", str(problem))
    assert line == f"Error: {problem}: cannot be solved (lr): 1.00e+400 {BEYOND}"


def test_penalties_with_1e400_are_answers_or_error_lines() -> None:
    from typer.testing import CliRunner

    from aecalc.cli import app

    for args in (
        ["penalty", "sparse-kl", "--rho", "0.05", "--rho-hat", "0.1", "--beta", BIG],
        ["penalty", "l1", "--h", f"{BIG},1"],
        ["penalty", "vae-kl", "--mu", BIG, "--logvar", "0"],
        ["penalty", "l1", "--h", "1,1", "--lambda", BIG, "--recon", BIG],
    ):
        result = CliRunner().invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.exit_code in (0, 2), args


# -- parse: Unicode digits, deep nests, -0 ---------------------------------------------------------

FOREIGN_DIGITS = [
    chr(code)
    for code in range(0x80, 0x2_0000)
    if unicodedata.category(chr(code)) == "Nd" or chr(code).isdigit()
]


@given(st.sampled_from(FOREIGN_DIGITS), st.sampled_from(["{}", "1{}", "{}.5", "1/{}", "1e{}"]))
def test_unicode_digits_are_refused_in_numbers(digit: str, form: str) -> None:
    text = form.format(digit)
    for read in (parse_number, parse_vector, parse_matrix):
        with pytest.raises(InputError):
            read(text, "--x")


@given(st.sampled_from(FOREIGN_DIGITS), st.sampled_from(["{}", "1{}", "8-{}", "{}→4"]))
def test_unicode_digits_are_refused_in_sizes(digit: str, form: str) -> None:
    text = form.format(digit)
    with pytest.raises(InputError):
        parse_sizes([text], "SIZES")
    with pytest.raises(InputError):
        parse_size(digit, "SIZES")


def test_a_deep_bracket_nest_is_named_as_such() -> None:
    deep = "[" * 10_000 + "1" + "]" * 10_000
    expected = "--x: brackets nested deeper than a matrix ([[…],[…]])"
    for read in (parse_vector, parse_matrix):
        with pytest.raises(InputError) as error:
            read(deep, "--x")
        assert str(error.value) == expected
    with pytest.raises(InputError) as error:
        parse_vector("[[1,2],[3,4]]", "--x")  # a matrix for a vector: not "too deep"
    assert "got several rows" in str(error.value)
    assert run_error("loss", "mse", "--x", deep, "--xhat", "1") == f"Error: {expected}"


@pytest.mark.parametrize("zero", ["-0", "-00", "+0", "0"])
def test_minus_zero_is_zero_not_negative(zero: str) -> None:
    expected = "a layer of 0 units has no neurons: sizes must be at least 1"
    assert run_error("classify", "--", zero, "4").endswith(expected)
    assert run_error("params", "10", "--", zero).endswith(expected)
    assert run_error("params", f"10-{zero.lstrip('+-')}").endswith(expected)
    with pytest.raises(InputError, match="is negative"):
        parse_sizes(["-3"], "SIZES")


@pytest.mark.parametrize(
    "args",
    [("params", "10", "8", "-f"), ("check", "L1", "0.68", "--digits"), ("forward", "--x")],
)
def test_an_option_missing_its_value_shows_the_usage_line(args: tuple[str, ...]) -> None:
    """Click raises "requires an argument" without a context; the usage line shows anyway."""
    from cli import run

    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert f"Usage: aecalc {args[0]} " in err
    assert "requires an argument" in err
