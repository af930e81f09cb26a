"""A source is parsed, never run: code at the top of a file, in a class and in a layer's arguments
does nothing, and Python's ``compile`` is only asked for a syntax tree (``ast.PyCF_ONLY_AST``),
never for code; ``exec`` and ``eval`` are never called. The start-up rule holds too: reading
code loads neither NumPy nor SymPy, and ``params 10 8 4`` does not load the reader at all."""

from __future__ import annotations

import ast
import builtins
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli import run_error, run_json

PAYLOAD = "__import__('pathlib').Path({sentinel!r}).touch()"


def hostile(sentinel: Path) -> str:
    run = PAYLOAD.format(sentinel=str(sentinel))
    return textwrap.dedent(
        f"""
        import torch.nn as nn
        {run}
        SIZE = {run}


        class AE(nn.Module):
            {run}

            def __init__(self):
                super().__init__()
                {run}
                self.enc = nn.Linear(8, 4)
                self.dec = nn.Linear(4, 8)

            def forward(self, x):
                {run}
                return self.dec(self.enc(x))
        """
    )


def test_nothing_in_the_file_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = tmp_path / "PWNED"
    path = tmp_path / "model.py"
    path.write_text(hostile(sentinel), encoding="utf-8")
    calls: list[str] = []
    marks = ("PWNED", "nn.Linear(8, 4)")

    def watch(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            # Typer and the standard library compile and exec their own text; what is watched
            # for is the model's text, or a tree made from it, turned into code
            first = args[0] if args else None
            flags = kwargs.get("flags", args[3] if len(args) > 3 else 0)
            ours = isinstance(first, ast.AST) or any(m in str(first) for m in marks)
            if ours and not (name == "compile" and flags & ast.PyCF_ONLY_AST):
                calls.append(name)
            return original(*args, **kwargs)

        return wrapper

    for name in ("compile", "exec", "eval"):
        monkeypatch.setattr(builtins, name, watch(name, getattr(builtins, name)))
    data = run_json("params", "--from-code", str(path))
    assert data["total_params"] == (8 * 4 + 4) + (4 * 8 + 8)
    assert not sentinel.exists()
    assert calls == []
    compile("nn.Linear(8, 4)", "<check>", "eval")  # the watch is not vacuous
    assert calls == ["compile"]


def test_a_payload_as_a_size_is_refused_not_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "PWNED"
    run = PAYLOAD.format(sentinel=str(sentinel))
    path = tmp_path / "model.py"
    path.write_text(f"import torch.nn as nn\nm = nn.Sequential(nn.Linear({run}, 4))\n", "utf-8")
    line = run_error("params", "--from-code", str(path))
    assert "line 2: nn.Linear's in_features is __import__('pathlib')" in line
    assert "it is computed by a call when the code runs" in line
    assert not sentinel.exists()


def _modules(args: list[str], stdin: str = "") -> dict[str, bool]:
    code = (
        "import json, sys\n"
        "from aecalc.cli import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "names = sys.modules\n"
        "print(json.dumps({'numpy': 'numpy' in names, 'sympy': 'sympy' in names,\n"
        "                  'reader': 'aecalc.nets.code' in names}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=stdin, capture_output=True, text=True, check=True
    )
    result: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_reading_code_is_a_fast_start_command() -> None:
    source = "import torch.nn as nn\nm = nn.Sequential(nn.Linear(8, 2), nn.Linear(2, 8))\n"
    assert _modules(["params", "--from-code", "-"], source) == {
        "numpy": False,
        "sympy": False,
        "reader": True,
    }
    emitted = _modules(["params", "--input", "8x8x1", "conv3x3:4", "--emit", "keras"])
    assert emitted == {"numpy": False, "sympy": False, "reader": True}
    assert _modules(["params", "10", "8", "4"]) == {"numpy": False, "sympy": False, "reader": False}
