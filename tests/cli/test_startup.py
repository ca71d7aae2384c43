"""The command line starts at once: ``--help`` lists every command without importing them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from incidentwatch.cli import COMMANDS, cli, load_all_commands

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("incidentwatch.store", "incidentwatch.analytics", "incidentwatch.pipeline", "incidentwatch.web",
         "incidentwatch.models", "sqlalchemy", "matplotlib", "pydantic", "fastapi")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def test_the_table_of_commands_names_every_command_that_registers():
    load_all_commands()
    assert set(COMMANDS) == set(cli.commands)
    for name, (module, _) in COMMANDS.items():
        assert cli.commands[name].callback.__module__ == f"incidentwatch.cli.{module}"


def test_help_lists_every_command_with_its_line():
    result = CliRunner().invoke(cli, ["--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for name, (_, line) in COMMANDS.items():
        assert f"  {name} " in result.output
        assert line in result.output


def test_help_imports_none_of_the_heavy_parts():
    code = ("import sys, runpy; sys.argv = ['incidentwatch', '--help']\n"
            "try:\n    runpy.run_module('incidentwatch', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(), check=True).stdout
    loaded = out.strip().splitlines()[-1]
    assert loaded == "[]", f"--help imported {loaded}"


def test_a_command_still_loads_when_called():
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0 and '"$schema"' in result.output


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output
