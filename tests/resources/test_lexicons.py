import re

from incidentwatch.resources.lexicons import Boilerplate


def _one_by_one(b: Boilerplate, line: str) -> bool:
    return any(p.search(line) for p in b.lines) or any(p.search(line) for p in b.chrome)


def test_boilerplate_lines_read_as_one_pattern_find_what_each_finds(resources):
    b = resources.boilerplate
    assert b._lines_and_chrome is not None  # the shipped patterns combine
    lines = ["Leave a reply", "Please enter your comment here!", "Five soldiers were martyred in Bannu.",
             "Print friendly, PDF & Email", "Related: more stories", "", "ADVERTISEMENT", "Share this article"]
    for line in lines:
        assert b.is_boilerplate(line) is _one_by_one(b, line)
    assert any(b.is_boilerplate(line) for line in lines) and not all(b.is_boilerplate(line) for line in lines)


def test_boilerplate_patterns_that_cannot_combine_are_read_one_by_one():
    # a back-reference would point at another pattern's group once combined; a group name used twice
    # does not compile; a verbose pattern's comment would swallow the rest
    for lines, chrome in [
        ((re.compile(r"^(\w+) \1$"),), (re.compile(r"^(ad)$"),)),
        ((re.compile(r"^(?P<w>menu)$"),), (re.compile(r"^(?P<w>share)$"),)),
        ((re.compile(r"^menu$  # a comment", re.VERBOSE),), (re.compile(r"^share$", re.VERBOSE),)),
        ((re.compile(r"^menu$", re.IGNORECASE),), (re.compile(r"^share$"),)),
    ]:
        b = Boilerplate(lines=lines, prefixes=(), captions=(), chrome=chrome)
        assert b._lines_and_chrome is None
        for line in ["word word", "ad", "menu", "MENU", "share", "word other"]:
            assert b.is_boilerplate(line) is _one_by_one(b, line)
