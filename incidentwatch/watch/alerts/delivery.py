"""Sending one alert: a signed JSON POST to a webhook, or an email over SMTP.

The webhook request carries ``X-Incidentwatch-Signature: t=<unix time>, sha256=<hex>``, the
HMAC-SHA256, under the channel's secret, of ``"<t>." + body``: a receiver recomputes it, compares
in constant time, and refuses a ``t`` too far from its clock (a replay). Emails carry the same
header over their JSON part when their channel has a secret. Webhook URLs come from the operator's file, not from articles, so
private addresses are allowed (an intranet chat server); redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from email.message import EmailMessage

import httpx

from .rules import Channel

SIGNATURE_HEADER = "X-Incidentwatch-Signature"
USER_AGENT = "incidentwatch-alerts/0.1"


class DeliveryError(Exception):
    """A send that failed; its message is stored as the alert's last error."""


def _mac(secret: bytes, body: bytes, timestamp: int) -> str:
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: bytes, body: bytes, timestamp: int | None = None) -> str:
    """``t=<unix time>, sha256=<hex>`` (the space lets a mail header fold there)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t}, sha256={_mac(secret, body, t)}"


def verify(secret: bytes, body: bytes, header: str, *, tolerance_s: float = 300.0) -> bool:
    """Whether ``header`` is a valid signature of ``body`` made within ``tolerance_s``."""
    try:
        parts = dict(item.strip().split("=", 1) for item in header.split(","))
        t, given = int(parts["t"]), parts["sha256"].strip()
    except (KeyError, ValueError):
        return False
    if abs(time.time() - t) > tolerance_s:
        return False
    return hmac.compare_digest(_mac(secret, body, t), given)


def body_of(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def send(channel: Channel, payload: dict, *, timeout: float) -> None:
    if channel.webhook is not None:
        _webhook(channel, payload, timeout=timeout)
    else:
        _email(channel, payload, timeout=timeout)


def _webhook(channel: Channel, payload: dict, *, timeout: float) -> None:
    assert channel.webhook is not None and channel.secret is not None
    body = body_of(payload)
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, SIGNATURE_HEADER: sign(channel.secret, body)}
    try:
        response = httpx.post(channel.webhook, content=body, headers=headers, timeout=timeout, follow_redirects=False,
                              trust_env=False)
    except httpx.HTTPError as error:
        raise DeliveryError(f"{channel.webhook}: {type(error).__name__}: {error}") from None
    if not 200 <= response.status_code < 300:
        raise DeliveryError(f"{channel.webhook}: HTTP {response.status_code}")


def _email(channel: Channel, payload: dict, *, timeout: float) -> None:
    spec = channel.email
    assert spec is not None
    message = EmailMessage()
    message["Subject"] = payload.get("title") or "incidentwatch alert"
    message["From"] = spec.sender
    message["To"] = ", ".join(spec.to)
    body = body_of(payload)
    if channel.secret:  # the same signature as a webhook's, over the JSON part
        message[SIGNATURE_HEADER] = sign(channel.secret, body)
    message.set_content(payload.get("text") or "")
    message.add_attachment(body, maintype="application", subtype="json", filename="alert.json")
    try:
        if spec.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(spec.host, spec.port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(spec.host, spec.port, timeout=timeout)
        with client:
            if spec.starttls and not spec.ssl:
                client.starttls(context=ssl.create_default_context())
            if channel.username:
                client.login(channel.username, channel.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(f"smtp {spec.host}:{spec.port}: {type(error).__name__}: {error}") from None
