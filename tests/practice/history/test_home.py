"""``AECALC_HOME`` names the history's folder: ``~`` and ``~user`` are expanded, and one that
names nobody is one ``Error:`` line before anything is asked (it was a RuntimeError traceback)."""

from __future__ import annotations

import pytest

from aecalc.practice.history.attempts import home
from cli import run, run_error

NOBODY = "Error: AECALC_HOME: '~nosuchuser/x' starts with ~nosuchuser, but there is no user "


@pytest.mark.parametrize(
    "args",
    [
        ["practice", "--stats"],
        ["practice", "--topic", "params", "--count", "1", "--seed", "1"],
        ["exam", "--count", "1", "--seed", "1"],
        ["problems"],
    ],
)
def test_a_home_of_a_user_who_does_not_exist_is_an_error_line(
    monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("AECALC_HOME", "~nosuchuser/x")
    assert run_error(*args) == NOBODY + "'nosuchuser': give the folder's full path"


def test_tilde_is_the_users_home(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AECALC_HOME", "~/aecalc")
    assert str(home()) == f"{tmp_path}/aecalc"
    code, out, _ = run("practice", "--stats", "--json")
    assert code == 0 and f"{tmp_path}/aecalc/history.db" in out
