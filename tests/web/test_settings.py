"""Every web setting is documented, and the secret never comes from the repository."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from incidentwatch.web.secret_key import SecretError, load_secret
from incidentwatch.web.settings import SETTINGS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text()


@pytest.mark.parametrize("name", [name for name, _, _ in SETTINGS])
def test_every_setting_is_documented(name):
    assert f"`{name}`" in DOC


def test_the_secret_file_is_created_with_mode_0600_in_the_data_dir(tmp_path):
    secret = load_secret({"XDG_DATA_HOME": str(tmp_path)})
    path = tmp_path / "incidentwatch" / "secret"
    assert path.read_text() == secret and len(secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret({"XDG_DATA_HOME": str(tmp_path)}) == secret  # the same on the next start


def test_a_secret_file_others_can_read_is_refused(tmp_path):
    load_secret({"XDG_DATA_HOME": str(tmp_path)})
    os.chmod(tmp_path / "incidentwatch" / "secret", 0o644)
    with pytest.raises(SecretError, match="chmod 600"):
        load_secret({"XDG_DATA_HOME": str(tmp_path)})


def test_the_environment_wins_and_a_short_secret_is_refused(tmp_path):
    assert load_secret({"INCIDENTWATCH_SECRET": "k" * 40, "XDG_DATA_HOME": str(tmp_path)}) == "k" * 40
    with pytest.raises(SecretError, match="shorter"):
        load_secret({"INCIDENTWATCH_SECRET": "short"})
