"""What an audited change changed: the fields whose values differ between its before and after
snapshots, flattened (``killed.total: 8 -> 12``), for the incident page's audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

MAX_VALUE = 120  # a value longer than this is cut in the list (the whole snapshot is one click away)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            out.update(_flat(inner, f"{prefix}{key}."))
        return out
    return {prefix.rstrip("."): value}


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, list):
        text = ", ".join(_text(v) if not isinstance(v, dict) else ":".join(str(x) for x in v.values()) for v in value) or "none"
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields that differ, in the after snapshot's order (then those only before had)."""
    old, new = _flat(before or {}), _flat(after or {})
    keys = list(dict.fromkeys([*new, *old]))
    ignore = {"row_version", "updated_at"}
    return [Change(k, _text(old.get(k)), _text(new.get(k))) for k in keys
            if k not in ignore and old.get(k) != new.get(k)]
