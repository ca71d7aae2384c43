"""Decompression bombs made at test time (never committed), and a peak-RSS measurement.

``write_gzip_member`` streams a gzip member that inflates to gigabytes without ever compressing
them: one 1 MiB block of a repeated byte is deflated once (a full flush ends it on a byte
boundary) and its compressed form written as many times as wanted, then a final empty block and
the CRC and size; a 1 GiB member takes about a megabyte and a second to write.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path
from typing import BinaryIO

BLOCK = 1 << 20
PEAK_MARK = "PEAK_RSS_KB="


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def write_gzip_member(fh: BinaryIO, *, head: bytes = b"", fill: bytes = b"W", size: int = 1 << 30, tail: bytes = b"") -> None:
    """One gzip member holding ``head``, then ``size`` bytes of ``fill`` repeated, then ``tail``."""
    unit = (fill * (BLOCK // len(fill) + 1))[:BLOCK]
    crc = zlib.crc32(head)
    fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")  # gzip header: deflate, no name, no mtime
    fh.write(_raw_deflate(head))
    packed = _raw_deflate(unit)
    unit_crc_steps = size // BLOCK
    for _ in range(unit_crc_steps):
        fh.write(packed)
        crc = zlib.crc32(unit, crc)
    rest = unit[: size - unit_crc_steps * BLOCK]
    fh.write(_raw_deflate(rest + tail))
    crc = zlib.crc32(rest + tail, crc)
    fh.write(b"\x03\x00")  # the final, empty, fixed-Huffman block
    fh.write((crc & 0xFFFFFFFF).to_bytes(4, "little") + ((len(head) + size + len(tail)) & 0xFFFFFFFF).to_bytes(4, "little"))


_RUNNER = f"""
import resource, sys
from incidentwatch.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="incidentwatch")
except SystemExit as exit:
    code = exit.code
else:
    code = 0
finally:
    # VmHWM is this image's own peak; ru_maxrss also counts the pytest process forked before exec
    try:
        peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("{PEAK_MARK}%d" % peak, file=sys.stderr)
sys.exit(code)
"""


def run_cli_measured(args: list[str], *, timeout: float = 120, memory_cap: int = 3 << 30) -> tuple[int, str, str, int]:
    """``incidentwatch ARGS`` in a child process: (exit status, stdout, stderr, peak RSS in bytes).

    The child's address space is capped at ``memory_cap`` so that a bomb that is not defused
    ends in a MemoryError rather than taking the machine's memory.
    """
    import resource

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

    root = str(Path(__file__).resolve().parents[1])  # this checkout's package, whatever is installed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in [root, os.environ.get("PYTHONPATH", "")] if p)}
    done = subprocess.run([sys.executable, "-c", _RUNNER, *args], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=cap, env=env)
    peak = next((int(line[len(PEAK_MARK):]) * 1024 for line in done.stderr.splitlines() if line.startswith(PEAK_MARK)), -1)
    stderr = "\n".join(line for line in done.stderr.splitlines() if not line.startswith(PEAK_MARK))
    return done.returncode, done.stdout, stderr, peak
