"""``incidentwatch user``: accounts of the web application (viewer, editor, admin)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import IncidentwatchError
from ..store import Store
from . import cli
from .options import db_option

PASSWORD_ENV = "INCIDENTWATCH_PASSWORD"


def read_password(password_file: Path | None) -> str:
    """From ``--password-file`` (its first line), else ``$INCIDENTWATCH_PASSWORD``, else a prompt."""
    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as error:
            raise IncidentwatchError(f"{password_file}: cannot read the password file ({error})") from None
        if not lines or not lines[0]:
            raise IncidentwatchError(f"{password_file}: the password file is empty")
        return lines[0]
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@cli.group("user")
def user_group() -> None:
    """Manage the web application's accounts.

    Example:

        incidentwatch user add amina --role editor
    """


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["viewer", "editor", "admin"]), default="viewer", show_default=True,
              help="viewer reads; editor reviews and edits incidents; admin also manages.")
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help=f"Read the password from this file's first line (else ${PASSWORD_ENV}, else a prompt).")
@db_option
def add_cli(name: str, role: str, password_file: Path | None, db: str | None) -> None:
    """Create an account. The password is never taken from the command line.

    Example:

        incidentwatch user add amina --role editor --password-file ~/.iw-password
    """
    from ..web.auth import Role, add_user

    password = read_password(password_file)
    store = Store.open(db)
    with store.sessions() as session, session.begin():
        account = add_user(session, name=name, password=password, role=Role(role))
    click.echo(f"added {account.name} ({account.role.value})")


@user_group.command("password")
@click.argument("name")
@click.option("--password-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help=f"Read the password from this file's first line (else ${PASSWORD_ENV}, else a prompt).")
@db_option
def password_cli(name: str, password_file: Path | None, db: str | None) -> None:
    """Set an account's password; its sessions end.

    Example:

        incidentwatch user password amina
    """
    from ..web.auth import set_password

    password = read_password(password_file)
    store = Store.open(db)
    with store.sessions() as session, session.begin():
        set_password(session, name=name, password=password)
    click.echo(f"password of {name} changed")


@user_group.command("list")
@db_option
def list_cli(db: str | None) -> None:
    """List the accounts and their roles.

    Example:

        incidentwatch user list
    """
    from sqlalchemy import select

    from ..store.tables import User

    store = Store.open(db)
    with store.sessions() as session:
        for user in session.scalars(select(User).order_by(User.name)):
            state = "\tdisabled" if user.disabled else ""
            click.echo(f"{user.name}\t{user.role}{state}")
