"""Text lexicons: boilerplate patterns (``boilerplate.yaml``) and number words (``number_words.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import ResourceError
from ..models import Qualifier
from ._files import _yaml


@dataclass(frozen=True)
class Boilerplate:
    lines: tuple[re.Pattern[str], ...]
    prefixes: tuple[re.Pattern[str], ...]
    captions: tuple[re.Pattern[str], ...]
    block_starts: tuple[re.Pattern[str], ...] = ()
    chrome: tuple[re.Pattern[str], ...] = ()
    inline: tuple[re.Pattern[str], ...] = ()

    def is_boilerplate(self, line: str) -> bool:
        if self._lines_and_chrome is not None:
            return self._lines_and_chrome.search(line) is not None
        return any(p.search(line) for p in self.lines) or any(p.search(line) for p in self.chrome)

    @cached_property
    def _lines_and_chrome(self) -> re.Pattern[str] | None:
        """``lines`` and ``chrome`` as one alternation (one scan of a line instead of one per
        pattern), where it finds what they find: one set of flags, not verbose, no back-reference."""
        patterns = self.lines + self.chrome
        if not patterns or len({p.flags for p in patterns}) != 1 or patterns[0].flags & re.VERBOSE \
                or any(re.search(r"\\[1-9]|\(\?P=", p.pattern) for p in patterns):
            return None
        try:
            return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
        except re.error:  # a group name used twice, a flag inside one of them
            return None

    def starts_block(self, line: str) -> bool:
        """A heading of a list of other stories ("Most Read")."""
        return any(p.search(line) for p in self.block_starts)

    def is_caption(self, line: str) -> bool:
        return any(p.search(line) for p in self.captions)

    def strip_prefix(self, line: str) -> str:
        """Cut the prefixes of a line, and the inline furniture anywhere in it."""
        for p in self.prefixes:
            line = p.sub("", line)
        for p in self.inline:
            line = p.sub("", line)
        return line


@dataclass(frozen=True)
class NumberLexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    exact_phrases: dict[str, int]
    approximate: dict[str, int]
    articles: frozenset[str]
    qualifiers: dict[str, Qualifier]
    person_nouns: frozenset[str]
    # words that a page may run onto a figure, its space lost ("30others"): read as if spaced
    run_on: frozenset[str] = frozenset()

    def word_value(self, words: str) -> int | None:
        """Value of a cardinal written in words ("twenty-three", "two hundred"), else None."""
        total = current = 0
        seen = False
        for w in re.split(r"[\s-]+", words.lower()):
            if w == "and":
                continue
            if w in self.units:
                current += self.units[w]
            elif w in self.tens:
                current += self.tens[w]
            elif w in self.scales:
                current = max(current, 1) * self.scales[w]
                if self.scales[w] >= 1000:
                    total, current = total + current, 0
            else:
                return None
            seen = True
        return total + current if seen else None


def load_boilerplate(directory: Path | None = None) -> Boilerplate:
    file = "boilerplate.yaml"
    data = _yaml(file, directory)
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("lines", "prefixes", "captions", "block_starts", "chrome", "inline"):
        patterns = []
        for i, rx in enumerate(data.get(key) or []):
            try:
                patterns.append(re.compile(rx, re.IGNORECASE))
            except re.error as error:
                raise ResourceError(file, None, f"{key}[{i}]: {error}") from None
        compiled[key] = tuple(patterns)
    return Boilerplate(lines=compiled["lines"], prefixes=compiled["prefixes"], captions=compiled["captions"],
                       block_starts=compiled["block_starts"], chrome=compiled["chrome"], inline=compiled["inline"])


def load_numbers(person_nouns: frozenset[str], directory: Path | None = None) -> NumberLexicon:
    file = "number_words.yaml"
    data = _yaml(file, directory)
    try:
        qualifiers = {k.lower(): Qualifier(v) for k, v in (data.get("qualifiers") or {}).items()}
    except ValueError as error:
        raise ResourceError(file, None, f"qualifiers: {error}") from None
    return NumberLexicon(
        units={k: int(v) for k, v in data["units"].items()},
        tens={k: int(v) for k, v in data["tens"].items()},
        scales={k: int(v) for k, v in data["scales"].items()},
        exact_phrases={k: int(v) for k, v in (data.get("exact_phrases") or {}).items()},
        approximate={k: int(v) for k, v in (data.get("approximate") or {}).items()},
        articles=frozenset(str(a).lower() for a in data.get("articles") or []),
        qualifiers=qualifiers,
        person_nouns=person_nouns,
        run_on=frozenset(str(w).lower() for w in data.get("run_on") or []),
    )
