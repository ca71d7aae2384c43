"""What a set of incidents adds up to (``Figures``), with the labels of rows no value is known
for, and ``Tally``: figures with the incidents per victim category, as a query returns them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..models import VictimCategory

UNKNOWN = "unknown"
UNATTRIBUTED = "unattributed"
UNSPECIFIED = "unspecified"
CATEGORIES = (*VictimCategory, UNSPECIFIED)


@dataclass(frozen=True)
class Figures:
    """What a set of incidents adds up to."""

    incidents: int = 0
    killed: int = 0
    killed_civilians: int = 0
    killed_security: int = 0
    killed_militants: int = 0
    killed_foreigners: int = 0
    injured: int = 0
    injured_civilians: int = 0
    injured_security: int = 0
    injured_militants: int = 0
    injured_foreigners: int = 0

    @property
    def killed_unspecified(self) -> int:
        known = self.killed_civilians + self.killed_security + self.killed_militants + self.killed_foreigners
        return max(0, self.killed - known)

    @property
    def injured_unspecified(self) -> int:
        known = self.injured_civilians + self.injured_security + self.injured_militants + self.injured_foreigners
        return max(0, self.injured - known)

    def killed_of(self, category: str) -> int:
        return getattr(self, f"killed_{category}")

    def injured_of(self, category: str) -> int:
        return getattr(self, f"injured_{category}")

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))

    def as_dict(self) -> dict[str, int]:
        out = {f.name: getattr(self, f.name) for f in fields(Figures)}
        out["killed_unspecified"] = self.killed_unspecified
        out["injured_unspecified"] = self.injured_unspecified
        return out


@dataclass(frozen=True)
class Tally:
    """Figures of one group of a query, with its incidents per victim category."""

    figures: Figures
    by_category: tuple[int, ...] = (0,) * len(CATEGORIES)

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.figures + other.figures, tuple(a + b for a, b in zip(self.by_category, other.by_category, strict=True)))


def district_label(district: str | None, province: str | None) -> str:
    """``Bannu (Khyber Pakhtunkhwa)``; None or '' (as a rollup stores it) is not known."""
    if not province:
        return district or UNKNOWN
    return f"{district or UNKNOWN} ({province})"


def accumulate(out: dict[tuple, Tally], key: tuple, tally: Tally) -> None:
    """Add ``tally`` to ``out[key]`` (two query rows may fall in one bucket, two queries share keys)."""
    out[key] = out[key] + tally if key in out else tally


def is_unknown_label(label: str) -> bool:
    """Whether a row label stands for no known value: ``unknown``, ``unattributed``, ``unknown (Balochistan)``."""
    return label in (UNKNOWN, UNATTRIBUTED) or label.startswith(f"{UNKNOWN} (")
