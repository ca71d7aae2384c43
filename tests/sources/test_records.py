"""JSON Lines records at the boundary: each bad record is its own one-line error naming the file
and line, and the next record goes on."""

from __future__ import annotations

import json
from datetime import date

import pytest

from incidentwatch.errors import InputError
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources.files import read_path
from incidentwatch.sources.records import article_from_record, parse_json_line, sane_article

TEXT = "Seven soldiers were martyred in Bannu on Monday when militants attacked a checkpost, officials said."


@pytest.mark.parametrize(("line", "message"), [
    ('{"text": "x", "score": NaN}', "NaN is not a number JSON allows"),
    ('{"text": "x", "score": -Infinity}', "-Infinity is not a number JSON allows"),
    ('{"text": "x", "n": ' + "9" * 5000 + "}", "Exceeds the limit (4300 digits)"),
    ('{"text": "x", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"text": "x"', "Expecting ',' delimiter"),
])
def test_unreadable_json_is_a_one_line_value_error(line, message):
    with pytest.raises(ValueError, match="invalid JSON") as caught:
        parse_json_line(line)
    assert message in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize(("record", "detail"), [
    ({"id": "a", "text": 5}, "text: input should be a valid string"),
    ({"id": "a", "text": [TEXT]}, "text: input should be a valid string"),
    ({"id": ["a"], "text": TEXT}, "id: input should be a valid string"),
    ({"id": "a", "text": TEXT, "title": {"x": 1}}, "title: input should be a valid string"),
    ({"id": "a", "text": TEXT, "published": 20240506}, "published: input should be a valid string"),
    ({"id": "a", "text": TEXT, "published": "0001-01-01"}, "published 0001-01-01 is outside 1900-01-01..2100-12-31"),
    ({"id": "a", "text": TEXT, "published": "9999-12-31"}, "published 9999-12-31 is outside"),
    ({"id": "a", "text": TEXT, "published": "2024-02-30"}, "is not YYYY-MM-DD"),
    ({"id": "a", "text": TEXT + "\ud800"}, "text: a lone surrogate is no character"),
    ({"id": "a"}, "no text or html"),
    ([TEXT], "a line must be a JSON object"),
])
def test_a_bad_record_is_its_error_naming_where(record, detail):
    with pytest.raises(InputError) as caught:
        article_from_record(record, where="f.jsonl:3", default_id="f-3")
    assert str(caught.value).startswith("f.jsonl:3: ") and detail in str(caught.value)


def test_a_good_record_keeps_its_fields_and_a_number_id_is_text():
    raw = article_from_record({"id": 7, "text": TEXT, "published": "2024-05-06T10:00:00+05:00", "title": "T"},
                              where="f.jsonl:1", default_id="f-1")
    assert (raw.id, raw.text, raw.published, raw.title, raw.path) == ("7", TEXT, date(2024, 5, 6), "T", "f.jsonl:1")


def test_every_bad_line_is_named_and_the_good_ones_go_on(tmp_path):
    lines = [json.dumps({"id": "g1", "text": TEXT}), '{"id": "n", "text": "x", "s": NaN}', json.dumps({"id": 1, "text": 2}),
             '{"id": "\\udfff", "text": "' + TEXT + '"}', json.dumps({"id": "g2", "text": TEXT, "published": "2024-05-06"})]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    items = list(read_path(path))
    assert [i.id for i in items if isinstance(i, RawArticle)] == ["g1", "g2"]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [e.path for e in errors] == [f"{path}:2", f"{path}:3", f"{path}:4"]
    assert all(e.reason is RejectReason.MALFORMED for e in errors)


def test_sane_article_replaces_surrogates_and_drops_a_date_outside_the_window():
    raw = sane_article(RawArticle(id="bad-\udcff", text="a\ud800b", path="dir/bad-\udcff.txt", published=date(1, 1, 1)))
    assert (raw.id, raw.text, raw.path, raw.published) == ("bad-\ufffd", "a\ufffdb", "dir/bad-\ufffd.txt", None)
    raw.id.encode("utf-8")
