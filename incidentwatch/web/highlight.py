"""The article text of the incident page, cut into pieces: plain text, the evidence sentences,
and inside them the numbers that match a figure the report gave. Pieces are text only; the
template escapes them, so article text never becomes markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
              "hundred": 100, "dozen": 12, "a dozen": 12, "two dozen": 24})
NUMBER = re.compile(r"\b(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)
MAX_TEXT = 200_000  # characters shown; the store bounds articles already, this bounds the page


@dataclass(frozen=True)
class Piece:
    text: str
    evidence: int | None = None  # which evidence span (0-based), or None for plain text
    figure: str | None = None  # "killed total 4" when this piece is a number the report gave


def _value(token: str) -> int | None:
    token = token.lower().replace(",", "")
    return int(token) if token.isdigit() else WORDS.get(token)


def figures_of(payload: dict) -> dict[int, list[str]]:
    """value -> what it counts ("killed total", "injured civilians"...)."""
    out: dict[int, list[str]] = {}
    for toll in ("killed", "injured"):
        for part, value in (payload.get(toll) or {}).items():
            if isinstance(value, int) and part != "qualifier":
                out.setdefault(value, []).append(f"{toll} {part}")
    return out


def pieces(text: str, spans: list[dict], figures: dict[int, list[str]]) -> list[Piece]:
    """``text`` cut at the evidence ``spans`` (offsets into ``text``), numbers marked inside them."""
    text = text[:MAX_TEXT]
    clean = sorted(((int(s["start"]), int(s["end"]), i) for i, s in enumerate(spans)
                    if 0 <= int(s["start"]) < int(s["end"]) <= len(text)), key=lambda t: t[0])
    out: list[Piece] = []
    at = 0
    for start, end, index in clean:
        if start < at:  # overlapping spans: the earlier one keeps the overlap
            start = at
        if start >= end:
            continue
        if start > at:
            out.append(Piece(text[at:start]))
        out.extend(_numbers(text[start:end], index, figures))
        at = end
    if at < len(text):
        out.append(Piece(text[at:]))
    return out


def _numbers(sentence: str, index: int, figures: dict[int, list[str]]) -> list[Piece]:
    out, at = [], 0
    for match in NUMBER.finditer(sentence):
        value = _value(match.group(0))
        if value is None or value not in figures:
            continue
        if match.start() > at:
            out.append(Piece(sentence[at:match.start()], evidence=index))
        out.append(Piece(match.group(0), evidence=index, figure=", ".join(f"{f}: {value}" for f in figures[value])))
        at = match.end()
    if at < len(sentence):
        out.append(Piece(sentence[at:], evidence=index))
    return out
