"""A publication date for files that carry none: a sidecar, a date in the name, --published."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.errors import InputError
from incidentwatch.sources.dating import date_in_name, file_meta
from incidentwatch.sources.files import read_path

TEXT = ("BANNU: Gunmen on a motorcycle killed two policemen at a checkpoint in Bannu on Monday, police said. "
        "The attackers fled towards the hills after the firing, and a search operation was launched in the area. "
        "The district police officer said the bodies were shifted to the district headquarters hospital.\n")
QUETTA = ("QUETTA: A roadside bomb killed three soldiers on a patrol in Quetta, officials said. The blast damaged "
          "the vehicle, and the area was cordoned off by security forces. No group has claimed the attack so far, "
          "the officials added, and an investigation is under way.\n")


@pytest.mark.parametrize(("name", "day"), [
    ("2024-05-14-bannu.txt", date(2024, 5, 14)), ("bannu_2024_05_14.html", date(2024, 5, 14)),
    ("20240514-bannu.txt", date(2024, 5, 14)), ("bannu.2024.05.14.txt", date(2024, 5, 14)),
    ("bannu.txt", None), ("2024-02-30-bannu.txt", None), ("1234567890.txt", None), ("3024-05-14.txt", None),
    ("2024-05_14.txt", None),  # mixed separators are no date
])
def test_a_date_in_the_file_name(name, day):
    assert date_in_name(name) == day


def test_the_sidecar_beats_the_name_which_beats_the_batch_date(tmp_path):
    named = tmp_path / "2024-05-14-bannu.txt"
    named.write_text(TEXT)
    assert file_meta(named, date(2020, 1, 1)).published == date(2024, 5, 14)
    (tmp_path / "2024-05-14-bannu.meta.json").write_text(json.dumps({"published": "2024-05-20", "outlet": "Dawn",
                                                                      "url": "https://example.org/a"}))
    meta = file_meta(named, date(2020, 1, 1))
    assert (meta.published, meta.outlet, meta.url, meta.published_from) == (date(2024, 5, 20), "Dawn", "https://example.org/a", "sidecar")
    plain = tmp_path / "plain.txt"
    plain.write_text(TEXT)
    assert file_meta(plain, date(2020, 1, 1)).published == date(2020, 1, 1)


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"published": 20240514}', '{"published": "14/05/2024"}',
                                     '{"published": "1066-10-14"}'])
def test_a_bad_sidecar_is_that_files_one_line_error(tmp_path, content):
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "a.meta.json").write_text(content)
    items = list(read_path(tmp_path))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "a.meta.json" in str(items[0])


def test_ingest_uses_the_dates_and_says_what_stays_undated(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "2024-05-14-bannu.txt").write_text(TEXT)
    (folder / "quetta.txt").write_text(QUETTA)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "x.db"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "1 stored" not in result.stdout and "2 stored" in result.stdout
    note = " ".join(result.stdout.split())
    assert "note: 1 incident report has no date and will count in no period: 1 from articles with no publication date" in note
    stats = CliRunner().invoke(cli, ["stats", "--by", "quarter", "--db", str(tmp_path / "x.db"), "--format", "json"])
    assert json.loads(stats.stdout)["undated"] == 1
