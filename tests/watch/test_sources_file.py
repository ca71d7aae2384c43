"""``sources.yaml`` and ``incidentwatch sources check``: the shipped example validates (and is
marked as an example: no test contacts its hosts); a broken file is one line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import incidentwatch
from incidentwatch.cli import cli
from incidentwatch.watch.sources_file import SourcesError, load_sources, plan_from_urls

EXAMPLES = Path(incidentwatch.__file__).resolve().parent / "examples"


def test_the_shipped_example_names_pakistani_and_afghan_outlets_and_validates():
    path = EXAMPLES / "sources.example.yaml"
    assert yaml.safe_load(path.read_text())["example"] is True
    assert "EXAMPLE" in path.read_text().splitlines()[0]
    plan = load_sources(path)
    names = {s.name for s in plan.sources}
    assert {"Dawn", "The Express Tribune", "TOLOnews", "Pajhwok Afghan News"} <= names
    assert {s.kind for s in plan.sources} >= {"feed", "section"}
    result = CliRunner().invoke(cli, ["sources", "check", str(path)])
    assert result.exit_code == 0 and ": ok: 14 outlets" in result.output, result.output


def test_the_shipped_alerts_and_schedule_examples_validate(monkeypatch):
    for name in ("INCIDENTWATCH_WEBHOOK_SECRET", "INCIDENTWATCH_SMTP_USER", "INCIDENTWATCH_SMTP_PASSWORD"):
        monkeypatch.setenv(name, "x")
    result = CliRunner().invoke(cli, ["alerts", "check", str(EXAMPLES / "alerts.example.yaml")])
    assert result.exit_code == 0 and "4 rules" in result.output, result.output
    from incidentwatch.watch.schedule import load_schedule

    assert load_schedule(EXAMPLES / "schedule.example.yaml").exports == ["csv", "geojson", "json"]


@pytest.mark.parametrize(("text", "message"), [
    ("outlets: []\n", "outlets: List should have at least 1 item"),
    ("outlets:\n  - name: A\n    feeds: [ftp://a.example/feed]\n", r"outlets\[0\].feeds: ftp://a.example/feed: not an http\(s\) URL"),
    ("outlets:\n  - name: A\n", r"outlets\[0\] \(A\): no feeds, sitemaps or sections"),
    ("outlets:\n  - name: A\n    feeds: [https://a.example/f]\n  - name: B\n    feeds: [https://a.example/f]\n",
     "listed twice"),
    ("outlets:\n  - name: A\n    feeds: [https://a.example/f]\n    interval: 0.1\n", "interval: Input should be greater"),
    ("outlets:\n  - name: A\n    feed: [https://a.example/f]\n", "feed: Extra inputs are not permitted"),
    ("outlets: [\n", "line 2: not valid YAML"),
])
def test_a_broken_sources_file_is_one_line_naming_it(tmp_path, text, message):
    path = tmp_path / "sources.yaml"
    path.write_text(text)
    with pytest.raises(SourcesError, match=message):
        load_sources(path)
    result = CliRunner().invoke(cli, ["sources", "check", str(path)])
    assert result.exit_code == 2 and result.output.startswith(f"error: {path}:") and result.output.count("\n") == 1


def test_watch_needs_a_source_and_refuses_a_bad_url(tmp_path):
    runner = CliRunner()
    assert "give --sources FILE or at least one --source URL" in runner.invoke(cli, ["watch", "--db", str(tmp_path / "x.db")]).output
    result = runner.invoke(cli, ["watch", "--source", "file:///etc/passwd", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "--source file:///etc/passwd: not an http(s) URL" in result.output
    with pytest.raises(SourcesError, match="--interval 0.5: at least 1 s"):
        plan_from_urls(["https://a.example/feed"], interval=0.5)
