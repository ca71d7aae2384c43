"""Bounds on what warcio reads from a WARC file, compressed or not, so a bomb cannot exhaust memory.

warcio reads a header line with an unbounded ``readline``, a header block line by line without
limit, and inflates whatever a ``.warc.gz`` holds: a 1 MB file of one gzip member that inflates
to 1 GiB of ``W`` is one 1 GiB "header line". ``BoundedArchiveIterator`` gives warcio a reader
that refuses

- a line over ``MAX_LINE_BYTES`` (``LineTooLong``),
- a header block (WARC and HTTP headers, and the blank lines before them) over
  ``MAX_HEADER_BYTES`` (``HeadersTooLong``),
- inflating the whole file past its ``InflateBudget`` (``BudgetSpent``): ``INFLATION_RATIO``
  times the file's size, at least ``MIN_BUDGET_BYTES``.

What is held at once is then one line, one header block and one inflated block of warcio's
(16 kB of gzip, at most about 17 MB inflated). A record's payload is bounded by ``warc.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.utils import BUFF_SIZE

MAX_LINE_BYTES = 64 * 1024
MAX_HEADER_BYTES = 256 * 1024
INFLATION_RATIO = 200  # HTML inflates 5 to 10 times; a crawl of it never 200 times
MIN_BUDGET_BYTES = 64 * 1024 * 1024


class WarcLimit(ValueError):
    """A bound of this module was passed; the message says which."""


class LineTooLong(WarcLimit):
    pass


class HeadersTooLong(WarcLimit):
    pass


class BudgetSpent(WarcLimit):
    """The whole file inflates past its budget: the rest of it is not read."""


@dataclass
class InflateBudget:
    """How many more bytes the file may inflate to, over all the readers that read it."""

    left: int

    @classmethod
    def for_size(cls, size: int) -> InflateBudget:
        return cls(max(MIN_BUDGET_BYTES, INFLATION_RATIO * size))

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise BudgetSpent(f"inflates past {INFLATION_RATIO} times its size; the rest is not read")


class BoundedReader(DecompressingBufferedReader):
    """warcio's reader, with a line cap, a header-block cap and an inflation budget."""

    def __init__(self, stream, *, budget: InflateBudget, block_size: int = BUFF_SIZE) -> None:  # noqa: ANN001 - a file
        super().__init__(stream, block_size=block_size)
        self.budget = budget
        self.header_bytes = 0  # what readline returned since the last read(): one header block

    def _process_read(self, data: bytes) -> None:
        super()._process_read(data)
        if data:
            self.budget.spend(self.buff_size)

    def read(self, length: int | None = None) -> bytes:
        self.header_bytes = 0
        return super().read(length)

    def readline(self, length: int | None = None) -> bytes:
        cap = MAX_LINE_BYTES if length is None or length < 0 else min(length, MAX_LINE_BYTES)
        parts: list[bytes] = []
        size = 0
        while size < cap:
            self._fillbuff()
            if self.empty():
                break
            part = self.buff.readline(cap - size)
            parts.append(part)
            size += len(part)
            if part.endswith(b"\n"):
                break
        line = b"".join(parts)
        if size >= MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise LineTooLong(f"a header line over {MAX_LINE_BYTES} bytes")
        self.header_bytes += size
        if self.header_bytes > MAX_HEADER_BYTES:
            raise HeadersTooLong(f"headers over {MAX_HEADER_BYTES} bytes")
        return line


class BoundedArchiveIterator(ArchiveIterator):
    """``ArchiveIterator`` reading through a ``BoundedReader`` that spends ``budget``."""

    def __init__(self, fileobj, *, budget: InflateBudget, **kwargs) -> None:  # noqa: ANN001, ANN003 - warcio's
        super().__init__(fileobj, **kwargs)
        self.reader = BoundedReader(self.fh, budget=budget)
