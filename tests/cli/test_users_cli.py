"""``incidentwatch user``: accounts from the command line, the password never in argv."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from incidentwatch.cli import cli
from incidentwatch.store import Store
from incidentwatch.store.tables import User


def test_user_add_reads_the_password_file_and_stores_a_hash(tmp_path):
    db = str(tmp_path / "u.db")
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    result = CliRunner().invoke(cli, ["user", "add", "amina", "--role", "editor", "--password-file", str(secret), "--db", db])
    assert result.exit_code == 0 and "added amina (editor)" in result.output
    with Store.open(db).sessions() as session:
        user = session.scalars(select(User)).one()
    assert user.role == "editor" and user.password_hash.startswith("$argon2id$")


def test_user_add_prompts_for_the_password_twice(tmp_path):
    db = str(tmp_path / "u.db")
    result = CliRunner().invoke(cli, ["user", "add", "bob", "--db", db], input="pass-phrase-one\npass-phrase-one\n")
    assert result.exit_code == 0 and "added bob (viewer)" in result.output


def test_a_taken_name_and_a_short_password_are_one_line_errors(tmp_path):
    db = str(tmp_path / "u.db")
    env = {"INCIDENTWATCH_PASSWORD": "a long enough password"}
    assert CliRunner().invoke(cli, ["user", "add", "amina", "--db", db], env=env).exit_code == 0
    taken = CliRunner().invoke(cli, ["user", "add", "amina", "--db", db], env=env)
    assert taken.exit_code == 2 and "already taken" in taken.output and "Traceback" not in taken.output
    short = CliRunner().invoke(cli, ["user", "add", "zed", "--db", db], env={"INCIDENTWATCH_PASSWORD": "short"})
    assert short.exit_code == 2 and "at least 10 characters" in short.output


def test_user_list_shows_names_and_roles(tmp_path):
    db = str(tmp_path / "u.db")
    CliRunner().invoke(cli, ["user", "add", "ops", "--role", "admin", "--db", db], env={"INCIDENTWATCH_PASSWORD": "a long enough password"})
    result = CliRunner().invoke(cli, ["user", "list", "--db", db])
    assert result.output.strip() == "ops\tadmin"
