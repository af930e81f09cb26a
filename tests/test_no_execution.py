"""No input is ever executed: Python and SymPy injection strings in every argument and in problem
files are refused with an ``Error:`` line, nothing runs, and the source never evaluates text.

Three layers of evidence:

1. behaviour: every payload, in every argument of every command, exits 2 with one ``Error:``
   line (or Typer's usage error for integer options), and the sentinel file the payloads would
   create never appears;
2. a runtime guard: while the payloads run, ``eval``, ``exec``, SymPy's ``parse_expr``,
   ``os.system``, ``os.popen`` and ``subprocess.Popen`` are wrapped, and any call that carries
   a payload's text (or starts a process at all) is recorded: none may be;
3. a source scan: ``src/aecalc`` holds no ``eval(``, ``exec(``, ``parse_expr``, ``__import__(``,
   bare ``compile(``, pickle/marshal/shelve, ``allow_pickle=True``, non-strict ``sympify(``, a
   TOML reader other than ``tomllib``, or an ``np.load`` without ``allow_pickle=False``.
"""

from __future__ import annotations

import builtins
import functools
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from aecalc.cli import build_app

runner = CliRunner()
SOURCE = Path(__file__).resolve().parents[1] / "src" / "aecalc"
SENTINEL = "PWNED"

# {s} is the sentinel's absolute path; every payload that could run would create it.
PAYLOADS = [
    "__import__('os').system('touch {s}')",
    "__import__('pathlib').Path('{s}').touch()",
    "exec(\"open('{s}', 'w')\")",
    "eval(\"__import__('os').system('touch {s}')\")",
    "open('{s}', 'w')",
    "os.system('touch {s}')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "lambda: 0",
    "(lambda: open('{s}', 'w'))()",
    "__builtins__",
    "Symbol('x')",
    "exp(1)",
    "x**2",
    "S(1)/3",
    "Rational(1, 3)",
    "sqrt(2)",
    "pi",
    "oo",
    "sympify('1')",
    "1+1",
    "2*3",
    "True",
    "None",
    "$(touch {s})",
    "`touch {s}`",
    "; touch {s}",
    "{{7*7}}",
]

# command → (template, {slot: valid value}); "{slot}" in the template is replaced. Slots whose
# name ends in "#" are integer options: Typer refuses text there with its own usage error.
TEMPLATES: dict[str, tuple[list[str], dict[str, str]]] = {
    "params": (
        [
            "params",
            "--convention",
            "{conv}",
            "--format",
            "{fmt}",
            "--digits",
            "{digits#}",
            "--",
            "{a}",
            "{b}",
        ],
        {"conv": "notes", "fmt": "json", "digits#": "4", "a": "8", "b": "4"},
    ),
    "params-conv": (
        ["params", "--input", "{shape}", "--", "{layer}"],
        {"shape": "28x28x1", "layer": "conv3x3:8"},
    ),
    "classify": (
        [
            "classify",
            "--convention",
            "{conv}",
            "--output",
            "{out}",
            "--force",
            "--",
            "{input}",
            "{hidden}",
        ],
        {"conv": "strict", "out": "c.md", "input": "50", "hidden": "80"},
    ),
    "forward": (
        [
            "forward",
            "--x",
            "{x}",
            "--we",
            "{we}",
            "--be",
            "{be}",
            "--wd",
            "{wd}",
            "--bd",
            "{bd}",
            "--act",
            "{act}",
            "--target",
            "{target}",
            "--format",
            "{fmt}",
        ],
        {
            "x": "1,0",
            "we": "1,-1;0,1",
            "be": "0,0",
            "wd": "1,0;0,1",
            "bd": "0,0",
            "act": "sigmoid",
            "target": "1,0",
            "fmt": "markdown",
        },
    ),
    "forward-deep": (
        [
            "forward",
            "--x",
            "{x}",
            "--w",
            "{w1}",
            "--b",
            "{b1}",
            "--w",
            "{w2}",
            "--b",
            "{b2}",
            "--noise",
            "{noise}",
            "--seed",
            "{seed#}",
        ],
        {
            "x": "1,0",
            "w1": "1,-1;0,1",
            "b1": "0,0",
            "w2": "1,0;0,1",
            "b2": "0.5,0.5",
            "noise": "mask:0.5",
            "seed#": "3",
        },
    ),
    "forward-batch": (
        [
            "forward",
            "--x",
            "{x}",
            "--model",
            "{model}",
            "--act",
            "{act}",
            "--out",
            "{out}",
            "--dtype",
            "{dtype}",
            "--top",
            "{top#}",
        ],
        {
            "x": "m.npy",
            "model": "m.npz",
            "act": "sigmoid",
            "out": "r.npy",
            "dtype": "float32",
            "top#": "2",
        },
    ),
    "loss": (
        [
            "loss",
            "--x",
            "{x}",
            "--xhat",
            "{xhat}",
            "--log",
            "{log}",
            "--reduction",
            "{red}",
            "--",
            "{name}",
        ],
        {"x": "1,0", "xhat": "0.5,0.5", "log": "log2", "red": "sum", "name": "bce"},
    ),
    "backprop": (
        [
            "backprop",
            "--x",
            "{x}",
            "--we",
            "{we}",
            "--tied",
            "--target",
            "{target}",
            "--loss",
            "{loss}",
            "--lr",
            "{lr}",
            "--steps",
            "{steps#}",
            "--act",
            "{act}",
        ],
        {
            "x": "1,0",
            "we": "1,-1;0,1",
            "target": "1,0",
            "loss": "mse",
            "lr": "0.5",
            "steps#": "1",
            "act": "sigmoid",
        },
    ),
    "penalty-contractive": (
        [
            "penalty",
            "--we",
            "{we}",
            "--be",
            "{be}",
            "--x",
            "{x}",
            "--lambda",
            "{lam}",
            "--recon",
            "{recon}",
            "--",
            "{kind}",
        ],
        {
            "we": "1,-1;0,1",
            "be": "0,0",
            "x": "1,0",
            "lam": "0.1",
            "recon": "0.2",
            "kind": "contractive",
        },
    ),
    "penalty-kl": (
        [
            "penalty",
            "--rho",
            "{rho}",
            "--rho-hat",
            "{rho_hat}",
            "--beta",
            "{beta}",
            "--",
            "sparse-kl",
        ],
        {"rho": "0.05", "rho_hat": "0.1,0.2", "beta": "3"},
    ),
    "penalty-vae": (
        ["penalty", "--mu", "{mu}", "--logvar", "{logvar}", "--", "vae-kl"],
        {"mu": "0.5,-1", "logvar": "0,0.5"},
    ),
    "penalty-l1": (["penalty", "--h", "{h}", "--", "l1"], {"h": "0.2,0,-0.5"}),
    "practice": (
        ["practice", "--topic", "{topic}", "--count", "{count#}", "--seed", "{seed#}"],
        {"topic": "params", "count#": "1", "seed#": "1"},
    ),
    "practice-stats": (["practice", "--stats", "--format", "{fmt}"], {"fmt": "json"}),
    "solve": (["solve", "--format", "{fmt}", "--", "{file}"], {"fmt": "json", "file": "Q2"}),
    "check": (["check", "--no-record", "--", "{file}", "{answer}"], {"file": "Q2", "answer": "59"}),
    "problems": (["problems", "--topic", "{topic}"], {"topic": "theory"}),
    "sheet": (
        ["sheet", "--topic", "{topic}", "--output", "{out}", "--force", "--", "{dir}"],
        {"topic": "params", "out": "b.md", "dir": "bank"},
    ),
}


# Words that are legitimate values of a slot: "none" is an alias of the linear activation.
# "2*3" is the shape 2×3×1 (``*`` separates dimensions) and a "same" 3×3 conv accepts it.
ACCEPTED = {"act": {"None"}, "shape": {"2*3"}}


def _injections() -> Iterator[Any]:
    for name, (_, slots) in TEMPLATES.items():
        for slot in slots:
            yield pytest.param(name, slot, id=f"{name}:{slot.rstrip('#')}")


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty folder (with a copy of two bank problems), private AECALC_HOME, cwd inside."""
    import numpy as np

    root = tmp_path_factory.mktemp("no-execution")
    (root / "home").mkdir()
    (root / "bank").mkdir()
    bank = Path(__file__).resolve().parents[1] / "problems"
    for name in ("q2-vanilla-8-3-8.toml", "l2-mse-3-5-2.toml"):
        (root / "bank" / name).write_text((bank / name).read_text(encoding="utf-8"))
    np.save(root / "m.npy", np.array([[1.0, 0.0], [0.0, 1.0]]))
    np.savez(root / "m.npz", W1=np.eye(2), b1=np.zeros(2))
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        patch.setenv("AECALC_HOME", str(root / "home"))
        patch.delenv("AECALC_PROBLEMS", raising=False)
        yield root


@functools.cache
def _app(name: str) -> typer.Typer:
    return build_app(name)


def _invoke(args: list[str]) -> Result:
    return runner.invoke(_app(args[0]), args, input="")


def _args(command: str, replace: dict[str, str]) -> list[str]:
    template, slots = TEMPLATES[command]
    values = {**slots, **replace}
    return [values[p[1:-1]] if p.startswith("{") and p.endswith("}") else p for p in template]


class Guard:
    """Wraps eval/exec/parse_expr/os.system/os.popen/subprocess.Popen; records suspicious calls."""

    def __init__(self, payloads: list[str]) -> None:
        # Short payloads (pi, oo, True, 1+1) occur in innocent code too: Typer evaluates the
        # commands' string annotations on every run. The distinctive ones are watched for.
        self.payloads = [p for p in payloads if len(p) >= 6 and not p.isalnum()]
        self.calls: list[str] = []

    def watch(
        self, name: str, original: Callable[..., Any], always: bool = False
    ) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            text = " ".join(str(a) for a in args[:1])
            if always or any(p in text for p in self.payloads) or SENTINEL in text:
                self.calls.append(f"{name}({text[:80]!r})")
                raise AssertionError(f"{name} called with {text[:80]!r}")
            return original(*args, **kwargs)

        return wrapper


@pytest.fixture(scope="module")
def guard(sandbox: Path) -> Iterator[Guard]:
    from sympy.parsing import sympy_parser

    for command in TEMPLATES:  # warm up: lazy imports (dataclasses use exec) happen here
        _invoke(_args(command, {}))
    sentinel = str(sandbox / SENTINEL)
    watcher = Guard([p.format(s=sentinel) for p in PAYLOADS])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "eval", watcher.watch("eval", builtins.eval))
        patch.setattr(builtins, "exec", watcher.watch("exec", builtins.exec))
        patch.setattr(
            sympy_parser, "parse_expr", watcher.watch("parse_expr", sympy_parser.parse_expr)
        )
        patch.setattr(os, "system", watcher.watch("os.system", os.system, always=True))
        patch.setattr(os, "popen", watcher.watch("os.popen", os.popen, always=True))
        patch.setattr(
            subprocess, "Popen", watcher.watch("subprocess.Popen", subprocess.Popen, always=True)
        )
        yield watcher
    assert watcher.calls == []


def test_the_guard_would_catch_text_reaching_sympy_or_eval(tmp_path: Path) -> None:
    """The runtime guard is not vacuous: SymPy parsing a payload, or eval of one, is caught."""
    import sympy
    from sympy.parsing import sympy_parser

    watcher = Guard(["S(1)/3", "__import__('os')"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "eval", watcher.watch("eval", builtins.eval))
        patch.setattr(
            sympy_parser, "parse_expr", watcher.watch("parse_expr", sympy_parser.parse_expr)
        )
        with pytest.raises(AssertionError):
            sympy.sympify("S(1)/3")
        with pytest.raises(AssertionError):
            eval("__import__('os')")  # the guard stops this before it runs
    assert [call.split("(")[0] for call in watcher.calls] == ["parse_expr", "eval"]


def test_every_template_is_valid(sandbox: Path) -> None:
    """The templates themselves succeed, so a refusal below is the payload's doing."""
    for command in TEMPLATES:
        result = _invoke(_args(command, {}))
        assert result.exit_code == 0, (command, result.stderr)


@pytest.mark.parametrize(("command", "slot"), list(_injections()))
def test_injection_is_refused_and_not_run(
    sandbox: Path, guard: Guard, command: str, slot: str
) -> None:
    sentinel = sandbox / SENTINEL
    for payload in PAYLOADS:
        value = payload.format(s=sentinel)
        if slot in ("out",) and command != "forward-batch":
            value += ".md"  # an --output name that would be written: still never run
        args = _args(command, {slot: value})
        result = _invoke(args)
        shown = f"{args!r:.300}: exit {result.exit_code}, {result.stderr[:300]!r}"
        assert result.exception is None or isinstance(result.exception, SystemExit), shown
        assert not sentinel.exists(), f"{shown}: the sentinel file was created"
        assert result.stdout == "" or result.exit_code == 0, shown
        if slot.endswith("#"):
            assert result.exit_code == 2 and "Invalid value" in result.stderr, shown
        elif slot in ("out",) and command != "forward-batch":
            # a file name, not a value: writing the printout to a file so named is fine
            assert result.exit_code in (0, 2), shown
        elif payload in ACCEPTED.get(slot, set()):
            assert result.exit_code == 0, shown
        else:
            assert result.exit_code == 2, shown
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("Error: "), shown
    assert guard.calls == []


MALICIOUS_SOLVE = {
    "kind": "kind = \"__import__('os').system('touch {s}')\"",
    "sizes-string": "kind = \"params\"\nsizes = \"__import__('os').system('touch {s}')\"",
    "sizes-items": 'kind = "params"\nsizes = ["exec(\\"open(\'{s}\', \'w\')\\")", 3]',
    "quantity": 'kind = "params"\nsizes = [8, 3, 8]\nquantity = "eval(\'1\')"',
    "x": 'kind = "loss"\nx = "__import__(\'os\').system(\'touch {s}\')"\nxhat = "1"',
    "x-items": 'kind = "loss"\nx = ["lambda: 0", "1"]\nxhat = "1, 1"',
    "xhat-sympy": 'kind = "loss"\nx = "1"\nxhat = "S(1)/3"',
    "loss": 'kind = "loss"\nloss = "exec(\'1\')"\nx = "1"\nxhat = "1"',
    "log": 'kind = "loss"\nloss = "bce"\nlog = "exp(1)"\nx = "1"\nxhat = "0.5"',
    "we": 'kind = "forward"\nx = "1"\nwe = "Symbol(\'x\')"\nwd = "1"',
    "we-rows": 'kind = "forward"\nx = "1"\nwe = [["x**2"]]\nwd = "1"',
    "act": 'kind = "forward"\nx = "1"\nwe = "1"\nwd = "1"\nact = "lambda: 0"',
    "input": 'kind = "classify"\ninput = "__import__(\'os\')"\nhidden = 3',
    "convention": 'kind = "classify"\ninput = 3\nhidden = 4\nconvention = "eval(\'1\')"',
}


def _problem_file(folder: Path, name: str, solve: str, sentinel: Path) -> Path:
    kind = re.search(r'kind = "(\w+)"', solve)
    topic = kind.group(1) if kind else "params"
    text = (
        f'id = "M-{name}"\ntopic = "{topic}"\ntitle = "t"\nstatement = "s"\nanswer = "1"\n\n'
        f"[solve]\n{solve.format(s=sentinel)}\n"
    )
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("field", list(MALICIOUS_SOLVE))
def test_malicious_problem_file_is_refused_and_not_run(
    sandbox: Path, guard: Guard, tmp_path: Path, field: str
) -> None:
    sentinel = sandbox / SENTINEL
    path = _problem_file(tmp_path, field, MALICIOUS_SOLVE[field], sentinel)
    for args in (
        ["solve", str(path)],
        ["check", "--no-record", str(path), "1"],
        ["sheet", str(tmp_path)],
    ):
        result = _invoke(args)
        shown = f"{args!r}: exit {result.exit_code}, {result.stderr!r}"
        assert result.exit_code == 2 and result.stdout == "", shown
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"Error: {path}"), shown
        assert "field solve." in lines[0], shown
    assert not sentinel.exists()
    assert guard.calls == []


def test_text_fields_are_shown_not_run(sandbox: Path, guard: Guard, tmp_path: Path) -> None:
    """A payload in a problem's statement or hint is printed as text, verbatim, and nothing runs."""
    sentinel = sandbox / SENTINEL
    payload = f"__import__('os').system('touch {sentinel}')"
    path = tmp_path / "text.toml"
    path.write_text(
        f'id = "M1"\ntopic = "params"\ntitle = "t"\nstatement = "{payload}"\n'
        f'hint = "[bold]{{7*7}}[/bold]"\nanswer = "59"\n\n[solve]\nkind = "params"\n'
        "sizes = [8, 3, 8]\n",
        encoding="utf-8",
    )
    result = _invoke(["solve", "--format", "markdown", str(path)])
    assert result.exit_code == 0, result.stderr
    assert payload in result.stdout.replace("\\_", "_")  # Markdown escapes _ that opens emphasis
    assert not sentinel.exists()
    assert guard.calls == []


# ---------------------------------------------------------------------------------------------
# The source never evaluates text


@functools.cache  # read once per process, not once per forbidden pattern
def _source() -> list[tuple[Path, int, str]]:
    lines: list[tuple[Path, int, str]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            lines.append((path.relative_to(SOURCE), number, line))
    return lines


FORBIDDEN = {
    "eval(": re.compile(r"(?<![\w.])eval\("),
    "exec(": re.compile(r"(?<![\w.])exec\("),
    "__import__(": re.compile(r"__import__\("),
    "compile( (builtin)": re.compile(r"(?<![\w.])compile\("),
    "parse_expr": re.compile(r"parse_expr"),
    "sympify( without strict=True": re.compile(r"sympify\((?![^)]*strict=True)"),
    "pickle/marshal/shelve/dill import": re.compile(
        r"^\s*(import|from)\s+(pickle|cPickle|marshal|shelve|dill|cloudpickle|joblib)\b"
    ),
    "pickle.": re.compile(r"(?<![\w])pickle\."),
    "allow_pickle=True": re.compile(r"allow_pickle\s*=\s*True"),
    "a TOML reader other than tomllib": re.compile(r"^\s*(import|from)\s+(toml|tomli|tomlkit)\b"),
    "yaml": re.compile(r"^\s*(import|from)\s+yaml\b"),
    "os.system / subprocess": re.compile(r"os\.system|os\.popen|^\s*(import|from)\s+subprocess\b"),
}


# The one module that starts processes: the PDF engines (Chromium, pdflatex), with a fixed
# argument list, no shell, and only its own temporary files as arguments.
ALLOWED = {("os.system / subprocess", "render/pdf.py")}


@pytest.mark.parametrize("what", list(FORBIDDEN))
def test_source_never_evaluates_text(what: str) -> None:
    pattern = FORBIDDEN[what]
    hits = [
        f"{path}:{number}: {line.strip()}"
        for path, number, line in _source()
        if pattern.search(line) and (what, str(path)) not in ALLOWED
    ]
    assert hits == []


def test_every_np_load_refuses_pickles() -> None:
    text = {path: path.read_text(encoding="utf-8") for path in SOURCE.rglob("*.py")}
    calls = [
        (path.name, match.group(0))
        for path, source in text.items()
        for match in re.finditer(r"np\.load\([^)]*\)", source)
    ]
    assert calls, "the data loaders use np.load"
    assert [call for call in calls if "allow_pickle=False" not in call[1]] == []


def test_the_scan_would_catch_each_pattern() -> None:
    """Each forbidden pattern matches the thing it forbids (the scan is not vacuous)."""
    samples = {
        "eval(": "x = eval(text)",
        "exec(": "exec(code)",
        "__import__(": "__import__('os')",
        "compile( (builtin)": "compile(src, 'f', 'exec')",
        "parse_expr": "from sympy.parsing.sympy_parser import parse_expr",
        "sympify( without strict=True": "sympy.sympify(text)",
        "pickle/marshal/shelve/dill import": "import pickle",
        "pickle.": "pickle.loads(data)",
        "allow_pickle=True": "np.load(f, allow_pickle=True)",
        "a TOML reader other than tomllib": "import toml",
        "yaml": "import yaml",
        "os.system / subprocess": "import subprocess",
    }
    assert set(samples) == set(FORBIDDEN)
    for what, line in samples.items():
        assert FORBIDDEN[what].search(line), what
    assert not FORBIDDEN["sympify( without strict=True"].search("sympy.sympify(v, strict=True)")
    assert not FORBIDDEN["compile( (builtin)"].search("re.compile(r'x')")
    assert not FORBIDDEN["eval("].search("def evaluate(x):")
