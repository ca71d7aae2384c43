"""Write the hostile corpus: files of the kinds the open web and broken crawlers produce.

    python tests/hostile/generate.py OUT_DIR [--large]

Every file comes from a fixed seed, so the corpus is the same on every machine. The kinds:
random bytes, bad encodings, deeply nested and attribute-heavy HTML, broken feeds and WARC
files, JSON Lines with wrong types, absurd numbers and dates, non-finite numbers, oversized
integers, deep nesting and lone surrogates, text cut at random points, odd file names, and
inputs just under the size cap that a superlinear stage would choke on. ``--large`` adds the
5 MB shapes (for ``benchmarks/hostile_bench.py``); without it the big shapes stay under 300 kB.
No compression bomb is written (issue 17 covers those).

Each file's name starts with its kind (``KIND-NNNN``); ``shapes`` gives the size-scaled shapes
the benchmark times at 100 kB, 1 MB and 5 MB.
"""

from __future__ import annotations

import gzip
import json
import random
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

SEED = 15
PLACES = ["Bannu", "Peshawar", "Quetta", "Kabul", "North Waziristan", "Dera Ismail Khan", "Khyber", "Kandahar", "Lakki Marwat"]
GROUPS = ["TTP", "BLA", "ISKP", "Hafiz Gul Bahadur group", "unknown militants"]
VICTIMS = ["soldiers", "policemen", "civilians", "militants", "people", "labourers", "FC personnel"]
VERBS = ["were martyred", "were killed", "were injured", "sustained injuries", "were shot dead", "died"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "yesterday", "last week", "on May 5, 2024", "in March 2023",
        "on 12 January 2022", "this year", "in the first quarter of 2024", "over the past 30 days"]
ABSURD_NUMBERS = ["99999999999999999999", "1e400", "9" * 400, "0.0000001", "-5", "1,000,000,000,000", "NaN", "inf",
                  "3.5", "007", "1" * 5000]
ABSURD_DATES = ["31 February 2024", "May 0, 2024", "0000-00-00", "9999-12-31", "0001-01-01", "2024-13-45", "on 31/12/9999",
                "January 1, 1", "the year 99999", "in 1066", "in 2999", "over the past 999 years", "over the past 9999 months",
                "Dec 32, 2024"]
UNICODE = ["\u202e", "\u200b", "\ufeff", "\U0001f4a3", "\u0627\u0644\u0644\u0647", "\u0938\u093f\u0902\u0939", "\x00", "\x1b[31m",
           "\u0301" * 50, "\ufffd", "\u2028", "e\u0301"]


def sentence(rng: random.Random) -> str:
    n = rng.choice([str(rng.randint(1, 60)), "at least " + str(rng.randint(2, 30)), "three", "a dozen", "two"])
    return (f"{n} {rng.choice(VICTIMS)} {rng.choice(VERBS)} when {rng.choice(GROUPS)} attacked a checkpost in "
            f"{rng.choice(PLACES)} {rng.choice(DAYS)}, officials said.")


def article(rng: random.Random, sentences: int = 6) -> str:
    return f"{rng.choice(PLACES).upper()}: " + " ".join(sentence(rng) for _ in range(sentences))


def absurd_article(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(3, 8)):
        parts.append(f"{rng.choice(ABSURD_NUMBERS)} {rng.choice(VICTIMS)} {rng.choice(VERBS)} in {rng.choice(PLACES)} "
                     f"{rng.choice(ABSURD_DATES)}, and {rng.choice(ABSURD_NUMBERS)} others were injured.")
        parts.append(sentence(rng))
    return " ".join(parts)


def cut(rng: random.Random, text: str) -> str:
    return text[: rng.randint(1, len(text))]


# -- size-scaled shapes: (kind, suffix, builder(size) -> bytes) -----------------------------------

def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def shape_long_line(size: int) -> bytes:
    rng = random.Random(SEED)
    return " ".join(sentence(rng).rstrip(".") for _ in range(size // 90 + 1)).encode()[:size]


def shape_dense_dates(size: int) -> bytes:
    return _fill("Bannu, May 5, 2024: on Monday 12 January 2022 and in March 2023, last week, this year; ", size).encode()


def shape_dense_tolls(size: int) -> bytes:
    return _fill("7 soldiers were martyred and 11 others injured, including 3 policemen, killing 5 people. ", size).encode()


def shape_html_table(size: int) -> bytes:
    row = "<tr><td>Bannu</td><td>7 soldiers killed</td><td>May 5, 2024</td></tr>"
    return (f"<html><body><p>{'Seven soldiers were martyred in Bannu on Monday, officials said. ' * 4}</p><table>"
            + _fill(row, size) + "</table></body></html>").encode()


def shape_html_attributes(size: int) -> bytes:
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(size // 24))
    return (f"<html><body><div {attrs}><p>Seven soldiers were martyred in Bannu on Monday, officials said. "
            "Eleven others were injured in the attack, police said.</p></div></body></html>").encode()


def shape_nested_html(size: int) -> bytes:
    depth = size // 13
    return ("<html><body>" + "<div><span>" * (depth // 2) + "Seven soldiers were martyred in Bannu on Monday."
            + "</span></div>" * (depth // 2) + "</body></html>").encode()


def shape_feed_items(size: int) -> bytes:
    rng = random.Random(SEED)
    items = []
    total = 0
    n = 0
    while total < size:
        item = (f"<item><title>Attack {n}</title><link>https://example.org/{n}</link>"
                f"<pubDate>Mon, 06 May 2024 10:00:00 +0500</pubDate><description>{sentence(rng)} {sentence(rng)}</description></item>")
        items.append(item)
        total += len(item)
        n += 1
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>' + "".join(items)
            + "</channel></rss>").encode()


def shape_jsonl_record(size: int) -> bytes:
    rng = random.Random(SEED)
    text = " ".join(sentence(rng) for _ in range(size // 90 + 1))[: min(size, 999_000)]
    return (json.dumps({"id": "big", "text": text, "published": "2024-05-06"}) + "\n").encode()


def shape_no_spaces(size: int) -> bytes:
    return _fill("Bannu7soldiersmartyred,", size).encode()


SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "long-line": (".txt", shape_long_line),
    "dense-dates": (".txt", shape_dense_dates),
    "dense-tolls": (".txt", shape_dense_tolls),
    "html-table": (".html", shape_html_table),
    "html-attributes": (".html", shape_html_attributes),
    "nested-html": (".html", shape_nested_html),
    "feed-items": (".rss", shape_feed_items),
    "jsonl-record": (".jsonl", shape_jsonl_record),
    "no-spaces": (".txt", shape_no_spaces),
}


# -- the small kinds: (kind, count, builder(rng) -> (suffix, bytes)) -----------------------------

def k_random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice([".txt", ".html", ".jsonl", ".rss", ".warc"]), rng.randbytes(rng.randint(1, 4000))


def k_bad_encoding(rng: random.Random) -> tuple[str, bytes]:
    text = article(rng)
    encoding = rng.choice(["latin-1", "utf-16", "utf-16-be", "cp1252", "utf-32", "mixed"])
    if encoding == "mixed":
        data = text.encode() + b"\xff\xfe\xc3\x28" + text.encode("utf-16")
    else:
        data = text.replace("'", "\u2019" if encoding == "cp1252" else "'").encode(encoding, "replace") + b"\xe9\xff"
    return rng.choice([".txt", ".html"]), data


def k_cut_article(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", cut(rng, article(rng, rng.randint(1, 12))).encode()


def k_absurd_text(rng: random.Random) -> tuple[str, bytes]:
    return ".txt", absurd_article(rng).encode()


def k_unicode_text(rng: random.Random) -> tuple[str, bytes]:
    words = article(rng).split()
    for _ in range(rng.randint(1, 20)):
        words.insert(rng.randrange(len(words)), rng.choice(UNICODE))
    return ".txt", " ".join(words).encode("utf-8", "surrogatepass")


def k_html(rng: random.Random) -> tuple[str, bytes]:
    body = article(rng)
    variants = [
        f"<html><head><meta property='article:published_time' content='{rng.choice(ABSURD_DATES)}'></head><body><p>{body}</p></body></html>",
        f"<html><body><p>{body}" + "<b>" * rng.randint(100, 3000) + "</body>",
        f"<html><body>{'<div>' * rng.randint(500, 5000)}<p>{body}</p></body></html>",
        f"<html><body><script>{'x' * rng.randint(1, 50000)}</script><p>{body}</p><!-- {'-' * 5000}",
        f"<!doctype html><html><body><p>{body}</p><p>{rng.choice(ABSURD_DATES)} {rng.choice(ABSURD_NUMBERS)} killed</p></body></html>",
        f"<html><body><table>{'<tr><td>killed 5</td></tr>' * rng.randint(10, 2000)}</table><p>{body}</p></body></html>",
        f"<html><body><p>{body}</p><img src='x' onerror='alert(1)'><a href='javascript:alert(1)'>x</a>{'&#' * 500}</body></html>",
        f"<html><body><p>{body}</p>" + "&" + "amp;" * rng.randint(1, 3000) + "</body></html>",
    ]
    return ".html", rng.choice(variants).encode()


def k_jsonl(rng: random.Random) -> tuple[str, bytes]:
    body = article(rng)
    records: list[str] = [
        json.dumps({"id": rng.randint(0, 10**6), "text": rng.choice([1, 2.5, None, [body], {"a": body}, True]), "title": "t"}),
        json.dumps({"id": [1, 2], "text": body}),
        json.dumps({"id": "x", "text": body, "title": rng.choice([5, ["a"], {"b": 1}, 1.5])}),
        json.dumps({"id": "x", "text": body, "published": rng.choice(ABSURD_DATES + ["2024-05-06", 20240506, -1, None, True])}),
        json.dumps({"id": "x", "text": body, "url": rng.choice([1, ["u"], "javascript:alert(1)", "http://[::1"])}),
        '{"id": "n", "text": "' + body + '", "score": NaN}',
        '{"id": "n", "text": "' + body + '", "score": Infinity}',
        '{"id": "n", "text": "' + body + '", "big": ' + "9" * 5000 + "}",
        '{"id": "d", "text": "' + body + '", "deep": ' + "[" * 100000 + "]" * 100000 + "}",
        '{"id": "\\ud800", "text": "' + body + '"}',
        '{"id": "s", "text": "' + body + ' \\udfff lone"}',
        '{"id": "s", "title": "\\ud83d", "text": "' + body + '"}',
        json.dumps({"id": "x", "text": absurd_article(rng), "published": "2024-05-06"}),
        json.dumps({"id": "x", "text": cut(rng, body), "published": "2024-05-06"}),
        json.dumps([body]),
        json.dumps(body),
        '{"id": "x", "text": "' + body[:50],
        json.dumps({"id": "x" * 100000, "text": body}),
        json.dumps({"id": "x", "text": body, "published": "2024-05-06T25:61:00"}),
    ]
    return ".jsonl", (rng.choice(records) + "\n").encode("utf-8", "surrogatepass")


def k_feed(rng: random.Random) -> tuple[str, bytes]:
    body = article(rng)
    date = rng.choice(["Mon, 06 May 2024 10:00:00 +0500", "Mon, 06 May 0001 10:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 -1200",
                       "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "garbage", "", "2024-02-30"])
    variants = [
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><pubDate>{date}</pubDate><description>{body}</description></item></channel></rss>',
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><description>{body}',
        f'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title>A</title><updated>{date}</updated><content type="html">{body}</content></entry></feed>',
        '<?xml version="1.0"?><rss version="2.0"><channel>' + "<item><title>x</title></item>" * rng.randint(1, 50) + "</channel></rss>",
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss version="2.0"><channel><item><description>&b;</description></item></channel></rss>',
        f'<?xml version="1.0"?><rss version="2.0"><channel><item><description><![CDATA[<p>{body}</p>{"<div>" * 2000}]]></description></item></channel></rss>',
        f'<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><description>{body}</description></item></channel></rss>',
    ]
    return rng.choice([".rss", ".xml", ".atom"]), rng.choice(variants).encode()


def _warc_record(url: str, payload: bytes, *, length: int | None = None, date: str = "2024-05-06T10:00:00Z") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + payload
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\n"
            f"WARC-Record-ID: <urn:uuid:{random.Random(url).getrandbits(64):016x}>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http) if length is None else length}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def k_warc(rng: random.Random) -> tuple[str, bytes]:
    page = f"<html><body><p>{article(rng)}</p></body></html>".encode()
    record = _warc_record(f"https://example.org/{rng.randint(0, 999)}", page,
                          date=rng.choice(["2024-05-06T10:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "x"]))
    variants = [
        record,
        record[: rng.randint(10, len(record))],
        record + rng.randbytes(rng.randint(1, 500)),
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: abc\r\n\r\n" + page,
        rng.randbytes(10) + record,
    ]
    data = rng.choice(variants)
    if rng.random() < 0.3:
        return ".warc.gz", gzip.compress(data, mtime=0)
    return ".warc", data


def k_dense_small(rng: random.Random) -> tuple[str, bytes]:
    name = rng.choice(list(SHAPES))
    suffix, build = SHAPES[name]
    return suffix, build(rng.randint(1_000, 40_000))


KINDS: list[tuple[str, int, Callable[[random.Random], tuple[str, bytes]]]] = [
    ("random-bytes", 180, k_random_bytes),
    ("bad-encoding", 150, k_bad_encoding),
    ("cut-article", 300, k_cut_article),
    ("absurd-text", 300, k_absurd_text),
    ("unicode-text", 150, k_unicode_text),
    ("html", 250, k_html),
    ("jsonl", 400, k_jsonl),
    ("feed", 150, k_feed),
    ("warc", 100, k_warc),
    ("dense-small", 60, k_dense_small),
]
# odd names: spaces, quotes, control characters, right-to-left marks, very long; and (bytes) not UTF-8
ODD_NAMES = ["a b", "quote'\"", "new\nline", "tab\t", "\u202eevil", "\U0001f4a3", "x" * 200, "-dash", "..dots", "semi;colon"]
ODD_BYTE_NAMES = [b"latin-\xe9", b"bad-\xff\xfe", b"lone-\xed\xa0\x80"]


def files(large: bool = False) -> Iterator[tuple[str, bytes]]:
    """(relative name, content) of every file, in a fixed order."""
    for kind, count, build in KINDS:
        rng = random.Random(f"{SEED}-{kind}")
        for number in range(count):
            suffix, data = build(rng)
            yield f"{kind}-{number:04d}{suffix}", data
    rng = random.Random(f"{SEED}-names")
    for number, odd in enumerate(ODD_NAMES):
        yield f"odd-name-{number:04d}-{odd}.txt", article(rng).encode()
    for number, size in enumerate([100_000, 250_000]):
        for name, (suffix, build) in SHAPES.items():
            yield f"shape-{name}-{number:04d}{suffix}", build(size)
    if large:
        for name, (suffix, build) in SHAPES.items():
            yield f"large-{name}{suffix}", build(5 * 1024 * 1024 - 4096)


def write(out: Path, *, large: bool = False) -> list[Path]:
    """Write the corpus into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files(large):
        path = out / name
        path.write_bytes(data)
        written.append(path)
    rng = random.Random(f"{SEED}-bytenames")
    for number, raw in enumerate(ODD_BYTE_NAMES):
        name = f"odd-bytes-{number:04d}-".encode() + raw + b".txt"
        target = Path(bytes(out).decode("utf-8", "surrogateescape") if isinstance(out, bytes) else out) / name.decode("utf-8", "surrogateescape")
        try:
            target.write_bytes(article(rng).encode())
        except (OSError, UnicodeEncodeError):  # a file system that refuses such names
            continue
        written.append(target)
    return written


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    paths = write(Path(argv[0]), large="--large" in argv)
    print(f"{len(paths)} files written to {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
