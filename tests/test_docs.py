"""Every command has help with an example and is documented in the README or docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentwatch.cli import cli, load_all_commands

load_all_commands()
ROOT = Path(__file__).resolve().parent.parent
DOCS = (ROOT / "README.md").read_text() + "".join(p.read_text() for p in (ROOT / "docs").glob("*.md"))


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    help_text = cli.commands[name].help or ""
    assert help_text.strip() and "Example:" in help_text


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name):
    assert f"incidentwatch {name}" in DOCS
