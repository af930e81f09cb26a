"""The console-script entry point: the command named on the command line is the only one built."""

from __future__ import annotations

import json
import sys

import pytest

from aecalc import cli


def test_main_builds_only_the_named_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["aecalc", "params", "10", "8", "4", "--json"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 0
    assert (
        json.loads(capsys.readouterr().out)["total_params"]
        == 2 * (10 * 8 + 8) + 2 * (8 * 4) + 4 + 10
    )
    built = cli.build_app("params")
    assert [command.name for command in built.registered_commands] == ["params"]
    assert len(cli.build_app().registered_commands) == len(cli.COMMANDS)


def test_named_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("_AECALC_COMPLETE", raising=False)
    assert cli._named_command(["forward", "--x", "1"]) == "forward"
    assert cli._named_command(["--help"]) is None
    assert cli._named_command([]) is None
    assert cli._named_command(["nonsense"]) is None
    monkeypatch.setenv("_AECALC_COMPLETE", "complete_bash")  # shell completion needs every command
    assert cli._named_command(["forward"]) is None


def test_an_unknown_command_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["aecalc", "nonsense"])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 2
    assert "No such command 'nonsense'" in capsys.readouterr().err


def test_unknown_attribute() -> None:
    with pytest.raises(AttributeError):
        cli.__getattr__("nothing_here")
