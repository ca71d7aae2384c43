"""Plain-text tables that stay readable at any width, 80 columns included.

Figures are never cut or wrapped; text cells wrap at spaces, never inside a word; a row's long
text (the evidence sentence) goes on its own indented lines under the row instead of into a
narrow column. When even that cannot fit, each row is written as a short paragraph of
``name value`` pairs. Cells are printed as given: article text is never read as markup.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

PIPED_WIDTH = 200  # when not writing to a terminal: wide enough that tables rarely fold
GAP = "  "
NOTE_INDENT = "    "
NBSP = "\N{NO-BREAK SPACE}"


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool = False  # right-aligned, never wrapped


@dataclass
class Row:
    cells: Sequence[str]
    note: str | None = None  # printed under the row, indented (the evidence sentence)
    bold: bool = False  # a total line: a rule above it


@dataclass
class Layout:
    title: str | None
    columns: Sequence[Column]
    rows: Sequence[Row]
    footer: Sequence[str] = field(default_factory=list)


def output_width() -> int:
    """``$COLUMNS`` if set, else the terminal's width, else ``PIPED_WIDTH`` when piped."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    return PIPED_WIDTH


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _widths(layout: Layout, width: int) -> list[int] | None:
    """Column widths that fit ``width`` without cutting a word or a figure, or None."""
    cols = layout.columns
    full = [max([len(c.name)] + [len(r.cells[i]) for r in layout.rows]) for i, c in enumerate(cols)]
    # a figure is never cut or wrapped; a header, and a text cell, may wrap between words
    least = [max([_longest_word(c.name)] + [len(r.cells[i]) if c.numeric else _longest_word(r.cells[i]) for r in layout.rows])
             for i, c in enumerate(cols)]
    least = [max(1, n) for n in least]
    widths = list(full)
    budget = width - len(GAP) * (len(cols) - 1)
    while sum(widths) > budget:
        # wrap the figures' headers first, then the text cells
        shrinkable = ([i for i, c in enumerate(cols) if c.numeric and widths[i] > least[i]]
                      or [i for i, c in enumerate(cols) if not c.numeric and widths[i] > least[i]])
        if not shrinkable:
            return None
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def fits(layout: Layout, width: int) -> bool:
    return _widths(layout, width) is not None


def render(layout: Layout, width: int | None = None) -> str:
    """The layout as text lines of at most ``width`` characters (but for a single overlong word)."""
    width = width or output_width()
    out: list[str] = []
    if layout.title:
        out += _wrap(layout.title, width)
    widths = _widths(layout, width)
    if widths is None:
        out += _stacked(layout, width)
    else:
        out += _table(layout, widths, width)
    for line in layout.footer:
        out += _wrap(line, width)
    return "\n".join(line.rstrip() for line in out) + "\n"


def _cell_lines(text: str, w: int, numeric: bool) -> list[str]:
    if numeric:
        return [text.rjust(w)]
    return [line.ljust(w) for line in _wrap(text, w)]


def _line_block(cells: Sequence[str], columns: Sequence[Column], widths: list[int]) -> list[str]:
    parts = [_cell_lines(cell, w, c.numeric) for cell, c, w in zip(cells, columns, widths, strict=True)]
    height = max(len(p) for p in parts)
    return [GAP.join(p[k] if k < len(p) else " " * w for p, w in zip(parts, widths, strict=True)) for k in range(height)]


def _note(note: str, width: int) -> list[str]:
    return textwrap.wrap(note, width, initial_indent=NOTE_INDENT, subsequent_indent=NOTE_INDENT,
                         break_long_words=False, break_on_hyphens=False)


def _table(layout: Layout, widths: list[int], width: int) -> list[str]:
    cols = layout.columns
    header = [c.name for c in cols]
    out = _line_block(header, [Column(c.name, numeric=False) for c in cols], widths)
    out = [GAP.join((h.rjust(w) if c.numeric else h.ljust(w)) for h, c, w in zip(line_cells(line, widths), cols, widths, strict=True))
           for line in out]
    rule = GAP.join("─" * w for w in widths)
    out.append(rule)
    for row in layout.rows:
        if row.bold:
            out.append(rule)
        out += _line_block(row.cells, cols, widths)
        if row.note:
            out += _note(row.note, width)
    return out


def line_cells(line: str, widths: list[int]) -> list[str]:
    """Split a rendered line back into its cells (stripped), by the column widths."""
    cells, at = [], 0
    for w in widths:
        cells.append(line[at:at + w].strip())
        at += w + len(GAP)
    return cells


def _stacked(layout: Layout, width: int) -> list[str]:
    """One short paragraph per row: ``name value`` pairs, the note under them."""
    out: list[str] = []
    for row in layout.rows:
        # a pair, and a figure's words, stay on one line: joined by no-break spaces, which wrap() never breaks
        pairs = [f"{c.name}\N{NO-BREAK SPACE}{cell.replace(' ', NBSP) if c.numeric else cell}"
                 for c, cell in zip(layout.columns, row.cells, strict=True) if cell not in ("", "-")]
        out += textwrap.wrap(" · ".join(pairs), width, subsequent_indent="  ", break_long_words=False,
                             break_on_hyphens=False)
        if row.note:
            out += _note(row.note, width)
    return out
