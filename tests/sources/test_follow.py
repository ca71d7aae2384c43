"""``ingest FEED --follow-links``: a feed of summaries gives the articles its entries link to."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from incidentwatch.cli import cli
from incidentwatch.store import Store
from incidentwatch.store.tables import Article
from tests.watch.newsroom import NewsroomServer, story


def _texts(db) -> dict[str, str]:  # noqa: ANN001
    store = Store.open(str(db))
    with store.sessions() as session:
        out = {a.url.rsplit("/", 1)[1]: a.clean_text for a in session.scalars(select(Article))}
    store.close()
    return out


def test_ingest_follow_links_reads_each_entrys_page(tmp_path):
    server = NewsroomServer()
    try:
        room = server.room
        room.add("/feed", story("a", "Bannu", 4))
        room.add("/feed", story("b", "Kech", 6))
        runner = CliRunner()
        plain = runner.invoke(cli, ["ingest", room.base + "/feed", "--allow-private", "--quiet", "--db", str(tmp_path / "p.db")])
        followed = runner.invoke(cli, ["ingest", room.base + "/feed", "--allow-private", "--follow-links", "--quiet",
                                       "--db", str(tmp_path / "f.db")])
        assert room.requests["/news/a"] == 1 and room.requests["/news/b"] == 1  # only the second run read the pages
    finally:
        server.stop()
    assert followed.exit_code == 0, followed.output
    assert "2 stored" in followed.output
    summaries, pages = _texts(tmp_path / "p.db"), _texts(tmp_path / "f.db")
    assert "search operation" in pages["a"] and "search operation" in pages["b"]
    assert all("search operation" not in text for text in summaries.values())
    assert plain.exit_code in (0, 1)
