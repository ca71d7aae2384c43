import json

from incidentwatch.textsafe import json_line, one_line, printable


def test_printable_replaces_lone_surrogates_and_keeps_the_rest():
    assert printable("a\ud800b\udcffc \U0001f4a3") == "a\ufffdb\ufffdc \U0001f4a3"
    text = "plain"
    assert printable(text) is text


def test_one_line_escapes_control_characters():
    assert one_line("new\nline\t\x1b\ud800") == "new\\x0aline\\x09\\x1b\ufffd"


def test_json_line_is_one_line_for_every_reader():
    line = json_line({"text": "a\u2028b\u2029c\x85d\ud800"})
    assert len(line.splitlines()) == 1 and json.loads(line) == {"text": "a\u2028b\u2029c\x85d\ufffd"}
    line.encode("utf-8")
