"""``alerts.yaml``: channels (a webhook, an SMTP mailbox) and rules, validated on load.

```yaml
channels:
  desk-hook:
    webhook: https://hooks.example.org/incidentwatch
    secret_env: INCIDENTWATCH_WEBHOOK_SECRET     # the HMAC-SHA256 key, from the environment
  desk-mail:
    email: {host: smtp.example.org, port: 587, starttls: true, sender: iw@example.org,
            to: [desk@example.org], username_env: IW_SMTP_USER, password_env: IW_SMTP_PASSWORD}
rules:
  - {name: ten-killed, kind: killed_at_least, killed: 10, send_to: [desk-hook, desk-mail]}
  - {name: new-district, kind: group_first_in_district, send_to: [desk-hook]}
  - {name: weekly-spike, kind: province_weekly_spike, weeks: 8, k: 2.0, send_to: [desk-mail]}
  - {name: monitor-report, kind: new_monitor_report, sources: [PICSS, PIPS, CRSS], send_to: [desk-mail]}
```

Secrets never sit in the file: ``secret_env``/``password_env`` name environment variables and
``secret_file`` a file (a Docker or systemd credential). A variable that is not set is an error
at load, naming it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ...errors import IncidentwatchError
from ..yaml_file import first_problem, read_mapping

RuleKind = Literal["killed_at_least", "group_first_in_district", "province_weekly_spike", "new_monitor_report"]


class AlertsError(IncidentwatchError):
    """``alerts.yaml`` cannot be used."""


class EmailChannel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str
    port: int = Field(default=587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False
    sender: str
    to: list[str] = Field(min_length=1)
    username_env: str | None = None
    password_env: str | None = None


class ChannelSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    webhook: str | None = None
    secret_env: str | None = None
    secret_file: str | None = None
    email: EmailChannel | None = None

    @field_validator("webhook")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and (urlsplit(value).scheme not in ("http", "https") or not urlsplit(value).hostname):
            raise ValueError("not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> ChannelSpec:
        if (self.webhook is None) == (self.email is None):
            raise ValueError("a channel is a webhook or an email, exactly one")
        if self.webhook is not None and not (self.secret_env or self.secret_file):
            raise ValueError("a webhook needs secret_env or secret_file (its requests are signed)")
        return self


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    kind: RuleKind
    send_to: list[str] = Field(min_length=1)
    killed: int | None = Field(default=None, ge=1)  # killed_at_least
    weeks: int = Field(default=8, ge=2, le=52)  # province_weekly_spike: the weeks before, for the average
    k: float = Field(default=2.0, ge=0)  # province_weekly_spike: standard deviations above the average
    sources: list[str] = []  # new_monitor_report: only these monitors (any when empty)

    @model_validator(mode="after")
    def _needs(self) -> RuleSpec:
        if self.kind == "killed_at_least" and self.killed is None:
            raise ValueError("killed_at_least needs 'killed'")
        return self


class MaterialChange(BaseModel):
    """When a toll that already alerted has risen enough for one update."""

    model_config = ConfigDict(extra="forbid")

    ratio: float = Field(default=0.25, ge=0)  # at least this much more than the figure last sent
    at_least: int = Field(default=2, ge=1)  # and at least this many more


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timeout: float = Field(default=10.0, gt=0, le=120)
    retry_base: float = Field(default=30.0, gt=0)  # seconds before the first retry, doubled each time
    retry_max: float = Field(default=3600.0, gt=0)
    max_attempts: int = Field(default=8, ge=1, le=100)


class AlertsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: dict[str, ChannelSpec] = Field(min_length=1)
    rules: list[RuleSpec] = Field(min_length=1)
    material_change: MaterialChange = MaterialChange()
    delivery: Delivery = Delivery()


@dataclass(frozen=True)
class Channel:
    name: str
    webhook: str | None = None
    secret: bytes | None = None
    email: EmailChannel | None = None
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class AlertPlan:
    channels: dict[str, Channel]
    rules: tuple[RuleSpec, ...]
    material_change: MaterialChange
    delivery: Delivery


def _env(name: str, where: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise AlertsError(f"{where}: the environment variable {name} is not set")
    return value


def _secret(spec: ChannelSpec, at: str) -> bytes | None:
    if spec.secret_env:
        secret = _env(spec.secret_env, at).encode()
    elif spec.secret_file:
        try:
            secret = Path(spec.secret_file).read_bytes().strip()
        except OSError as error:
            raise AlertsError(f"{at}: secret_file {spec.secret_file}: {error.strerror or error}") from None
    else:
        return None
    if not secret:
        raise AlertsError(f"{at}: the secret is empty")
    return secret


def _channel(name: str, spec: ChannelSpec, where: str) -> Channel:
    """A channel ready to send: its secret (the HMAC key: required for a webhook, optional for
    an email, whose JSON part is then signed too) and credentials read from where the file says."""
    at = f"{where}: channels.{name}"
    if spec.webhook is not None:
        return Channel(name=name, webhook=spec.webhook, secret=_secret(spec, at))
    email = spec.email
    assert email is not None
    return Channel(name=name, email=email, secret=_secret(spec, at),
                   username=_env(email.username_env, at) if email.username_env else None,
                   password=_env(email.password_env, at) if email.password_env else None)


def parse_alerts(data: object, *, where: str) -> AlertPlan:
    try:
        parsed = AlertsFile.model_validate(data)
    except ValidationError as error:
        raise AlertsError(f"{where}: {first_problem(error)}") from None
    names = [rule.name for rule in parsed.rules]
    for number, rule in enumerate(parsed.rules):
        if names.count(rule.name) > 1:
            raise AlertsError(f"{where}: rules[{number}]: the name {rule.name!r} is used twice")
        for target in rule.send_to:
            if target not in parsed.channels:
                raise AlertsError(f"{where}: rules[{number}] ({rule.name}): no channel named {target!r}")
    channels = {name: _channel(name, spec, where) for name, spec in parsed.channels.items()}
    return AlertPlan(channels=channels, rules=tuple(parsed.rules), material_change=parsed.material_change,
                     delivery=parsed.delivery)


def load_alerts(path: Path) -> AlertPlan:
    """Read and validate ``alerts.yaml`` (secrets included); ``AlertsError`` (one line) on any problem."""
    return parse_alerts(read_mapping(path, AlertsError, "'channels' and 'rules'"), where=str(path))
