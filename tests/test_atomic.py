"""Files are written whole or not at all, with the user's umask."""

from __future__ import annotations

import os
import stat

import pytest

from incidentwatch.atomic import write_atomically, write_bytes_atomically


@pytest.fixture()
def umask_027():
    old = os.umask(0o027)
    yield
    os.umask(old)


def test_a_written_file_has_the_users_umask_not_0600(tmp_path, umask_027):
    path = write_bytes_atomically(tmp_path / "out.csv", b"a,b\n")
    assert path.read_bytes() == b"a,b\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(tmp_path):
    target = tmp_path / "sub" / "out.json"

    def fail(f):
        f.write(b"{half")
        raise RuntimeError("stopped midway")

    with pytest.raises(RuntimeError):
        write_atomically(target, fail)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_the_new_one_is_whole(tmp_path):
    target = tmp_path / "report.html"
    target.write_bytes(b"old")
    with pytest.raises(ValueError):
        write_atomically(target, lambda f: (_ for _ in ()).throw(ValueError("bad")))
    assert target.read_bytes() == b"old"
    assert write_atomically(target, lambda f: f.write(b"new")) == 3
    assert target.read_bytes() == b"new"
