"""Special files and symlinks: a FIFO is refused at once (it blocked ``ingest`` forever), so is
any other file that is not a regular one, and a symlink inside a folder that leads out of it is
not followed; a symlink that stays inside is read."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import read_paths, read_source

from .news import BAJAUR, html_page

ROOT = str(Path(__file__).resolve().parents[2])
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_a_fifo_is_refused_at_once_by_the_command(tmp_path, command):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    args = [sys.executable, "-m", "incidentwatch", command, str(fifo)]
    if command == "ingest":
        args += ["--db", str(tmp_path / "x.db"), "--quiet"]
    started = time.monotonic()
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": ROOT})
    assert time.monotonic() - started < 30  # the interpreter's start; a blocked read never ends
    assert f"skipped {fifo}: malformed (a FIFO, not a regular file: not read)" in done.stderr
    assert done.returncode == 1


@pytest.mark.parametrize("reader", [read_source, lambda p: read_paths([p])], ids=["sources", "files"])
def test_a_character_device_is_refused(reader):
    (error,) = list(reader(Path("/dev/zero")))  # it would never end
    assert error.reason == RejectReason.MALFORMED and "a character device" in str(error)


@pytest.mark.parametrize("reader", [read_source, lambda p: read_paths([p])], ids=["sources", "files"])
def test_inside_a_folder_a_fifo_is_refused_and_a_symlink_out_is_not_followed(tmp_path, reader):
    outside = tmp_path / "secret.txt"
    outside.write_text("Not part of the news folder.")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "bajaur.html").write_text(html_page(BAJAUR))
    os.mkfifo(news / "pipe.txt")
    (news / "leak.txt").symlink_to(outside)
    (news / "sub" / "up.txt").symlink_to(Path("..") / ".." / "secret.txt")
    (news / "same.html").symlink_to(news / "bajaur.html")  # inside: read
    items = list(reader(news))
    read = sorted(Path(i.path).name for i in items if isinstance(i, RawArticle))
    errors = {Path(e.path).name: e.detail for e in items if not isinstance(e, RawArticle)}
    assert read == ["bajaur.html", "same.html"]
    assert errors == {
        "pipe.txt": "a FIFO, not a regular file: not read",
        "leak.txt": f"a symlink out of {news}: not followed",
        "up.txt": f"a symlink out of {news}: not followed",
    }
    assert all("Not part of the news folder" not in (i.text or "") for i in items if isinstance(i, RawArticle))
