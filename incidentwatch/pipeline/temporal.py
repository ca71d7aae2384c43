"""Temporal: find time expressions and resolve them against the publication date.

Reads sentences; writes ``TemporalMention``s with a date range and a precision.

Day-level relative expressions ("on Thursday", "yesterday") resolve only against a known
publication date. Year-level ones ("this year", "the first quarter") resolve against the
publication date, else the article's anchor date (a date in a photo caption), else the last
year the article itself named.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..models import DatePrecision, Sentence
from ..models.mentions import TemporalMention
from ..models.window import in_window
from .base import ArticleDoc

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
ORDINALS = {"first": 1, "initial": 1, "opening": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": 4, "final": 4}
HALVES = {"first": 1, "second": 2, "1st": 1, "2nd": 2, "last": 2}
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12, "24": 24, "48": 48, "72": 72}

_M = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_Y = r"(?:19|20)\d\d"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_N = r"(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# Order matters: the first pattern that claims a stretch of text wins it.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rx, re.IGNORECASE))
    for name, rx in [
        ("iso", r"\b(?P<y>" + _Y + r")-(?P<m>\d\d)-(?P<d>\d\d)\b"),
        # two days of one month ("On 28 & 29 August", "On night 29/30 August"): the first
        ("dmy_pair", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:&|and|/|-|–|to)\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mon>" + _M
         + r")(?:,? (?P<y>" + _Y + r"))?\b"),
        ("mdy", r"\b(?P<mon>" + _M + r") (?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>" + _Y + r"))?\b"),
        ("dmy", r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?(?P<mon>" + _M + r")(?:,? (?P<y>" + _Y + r"))?\b"),
        ("quarter", r"\b(?:the )?(?P<ord>first|initial|opening|second|third|fourth|final|last|1st|2nd|3rd|4th) quarter(?: of (?:(?P<y>" + _Y + r")|(?P<this>this|the current|last|the previous) year))?(?:,? (?P<y2>" + _Y + r"))?"),
        ("qcode", r"\bQ(?P<q>[1-4])[ ,/-]*(?P<y>" + _Y + r")?\b"),
        ("half", r"\b(?:the )?(?P<ord>first|second|1st|2nd|last) half of (?:(?P<y>" + _Y + r")|(?P<this>this|the current|last) year)"),
        ("first_months", r"\b(?:the )?first (?P<n>" + _N + r") months of (?:(?P<y>" + _Y + r")|(?P<this>this|the current|last) year)"),
        ("month_range", r"\b(?:between |from )?(?P<m1>" + _M + r")(?: (?P<y1>" + _Y + r"))?(?: and | to |-|–)(?P<m2>" + _M + r"),? (?P<y>" + _Y + r")"),
        # "since December 2014", "from December 2014 till date": a month to the reference day
        ("since_month_year", r"\b(?:since (?P<mon>" + _M + r"),? (?P<y>" + _Y + r")\b|from (?P<mon2>" + _M + r"),? (?P<y2>" + _Y
         + r"),? (?:till|until|to|up to) (?:date|now|today)\b)"),
        ("month_year", r"\b(?P<mon>" + _M + r"),? (?P<y>" + _Y + r")\b"),
        ("fiscal", r"\b(?:fiscal year|FY) ?(?P<y>" + _Y + r")[-–/](?P<y2>\d{2,4})\b"),
        ("since_year", r"\bsince (?P<y>" + _Y + r")\b"),
        ("since_last_month", r"\bsince last (?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)\b"),
        ("last_year_explicit", r"\blast year,? (?:in )?(?P<y>" + _Y + r")\b"),
        ("year", r"\b(?:in |during |of |for )?(?:the year )?(?P<y>" + _Y + r")\b"),
        ("so_far", r"\b(?:so far|thus far|to date) (?:this|in the current) year|\bthis year so far\b|\bsince (?:january|the (?:start|beginning) of (?:this|the) year)\b"),
        ("this_year", r"\b(?:this|the current) year\b"),
        ("last_year", r"\b(?:last|the previous|the past) year\b"),
        ("last_month", r"\blast month\b|\bthe previous month\b|\bthe month of (?P<mon>" + _M + r")\b"),
        ("past_n", r"\b(?:in |during |over )?(?:the )?(?:past|last|previous) (?P<n>" + _N + r") (?P<unit>hours|days|weeks|months|years)\b"),
        ("past_unit", r"\b(?:in |during |over )?(?:the )?(?:past|last|previous) (?P<unit>week|month|24 hours|48 hours|fortnight)\b"),
        ("n_months", r"\bin (?:just |only |the )?(?P<n>" + _N + r") months\b"),
        ("this_month", r"\b(?:earlier |later )?this month\b"),
        ("month_only", r"\b(?:in|during|of|since|on|for) (?:early |mid-|late )?(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december)\b"),
        ("weekday", r"\b(?:on |late |early |last )*(?P<wd>" + _WD + r")(?: (?:night|morning|evening|afternoon))?\b"),
        ("days_ago", r"\b(?:the day before yesterday|(?P<n>two|three|four|five|six|\d) days ago)\b"),
        ("yesterday", r"\b(?:yesterday|last night|the previous day|the day before)\b"),
        ("today", r"\b(?:today|this morning|tonight|earlier today|this afternoon|this evening)\b"),
        ("month_range_bare", r"\b(?:between |from |the )(?P<m1>january|february|march|april|may|june|july|august|september|october|november|december)(?: and | to |-|–)(?P<m2>january|february|march|april|may|june|july|august|september|october|november|december)\b"),
        ("anaphor", r"\b(?:during |in |over )?(?:this|that|the same|the said|the reporting|the review) (?:period|quarter|time|month|year)\b|\b(?:during|in|over|for) the (?:period|quarter|month|year)\b"),
    ]
]


# Words one of which a pattern cannot match without: a cheap substring test skips the regex.
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NEEDLES: dict[str, tuple[str, ...]] = {
    "mdy": _MONTH_STEMS, "dmy": _MONTH_STEMS, "dmy_pair": _MONTH_STEMS, "month_range": _MONTH_STEMS, "month_year": _MONTH_STEMS,
    "month_only": _MONTH_STEMS, "since_month_year": _MONTH_STEMS, "month_range_bare": _MONTH_STEMS,
    "quarter": ("quarter",), "qcode": ("q1", "q2", "q3", "q4"), "half": ("half",), "first_months": ("months",),
    "fiscal": ("fiscal", "fy"), "since_year": ("since",), "since_last_month": ("since last",), "so_far": ("far", "to date", "since"),
    "this_year": ("year",), "last_year": ("year",), "last_year_explicit": ("year",),
    "last_month": ("month",), "past_n": ("past", "last", "previous"), "past_unit": ("past", "last", "previous"),
    "n_months": ("months",), "this_month": ("this month",), "weekday": ("day",),
    "days_ago": ("days ago", "day before yesterday"),
    "yesterday": ("yesterday", "last night", "previous day", "day before"),
    "today": ("today", "this morning", "tonight", "this afternoon", "this evening"),
    "anaphor": ("period", "quarter", "time", "month", "year"),
}


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _month_range(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _count(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else COUNT_WORDS.get(token, 0)


@dataclass
class TemporalContext:
    """What relative expressions resolve against, updated as the article is read."""

    published: date | None
    anchor: date | None
    last_year_named: int | None = None
    # (offset, year) of every date the article writes with its year ("Since 20 August 2024"), and
    # the offset of the sentence being read: a day without a year ("On August 28") in an article
    # with no publication date takes the year the text gives nearest before it
    dated_years: tuple[tuple[int, int], ...] = ()
    offset: int = 0

    @property
    def reference(self) -> date | None:
        """The date that 'this year' is counted from."""
        return self.published or self.anchor

    def year(self) -> int | None:
        ref = self.reference
        if ref is not None:
            return ref.year
        return self.last_year_named

    def year_near(self) -> int | None:
        """The year of the written-out date nearest before the sentence being read: the statement's
        own ("Since 20 August 2024 ... On August 28"). A year named only after the day is not used:
        it is most often a recalled earlier event's ("Last year in March 2024, ...")."""
        before = [y for at, y in self.dated_years if at < self.offset]
        return before[-1] if before else None


def dated_years(text: str) -> tuple[tuple[int, int], ...]:
    """(offset, year) of each date ``text`` writes with its year: "20 August 2024", "May 5, 2022",
    "2024-05-14", "August 2024"."""
    found = []
    for name in ("iso", "mdy", "dmy", "month_year", "since_month_year"):
        for m in dict(PATTERNS)[name].finditer(text):
            year = next((m.group(k) for k in ("y", "y2") if k in m.groupdict() and m.group(k)), None)
            if year:
                found.append((m.start(), int(year)))
    return tuple(sorted(found))


def find_full_dates(text: str, *, default_year: int | None = None) -> list[date]:
    """Calendar dates written out in ``text`` ("May 5, 2022", "5 May 2022", "2024-05-14")."""
    found: list[date] = []
    for name in ("iso", "mdy", "dmy"):
        pattern = dict(PATTERNS)[name]
        for m in pattern.finditer(text):
            year = m.group("y")
            y = int(year) if year else default_year
            if y is None:
                continue
            month = int(m.group("m")) if name == "iso" else _month(m.group("mon"))
            d = _safe_date(y, month, int(m.group("d")))
            if d is not None:
                found.append(d)
    return found


def _resolve(name: str, m: re.Match[str], ctx: TemporalContext) -> tuple[date | None, date | None, DatePrecision | None, str]:
    """(start, end, precision, kind) for one match; start is None when it cannot be resolved."""
    g = m.groupdict()
    pub = ctx.published
    year = ctx.year()

    def explicit_year(*keys: str) -> int | None:
        for k in keys:
            if g.get(k):
                return int(g[k])
        return None

    def this_or_last(word: str | None) -> int | None:
        if word is None:
            return None
        if year is None:
            return None
        return year - 1 if word.lower() in {"last", "the previous"} else year

    if name == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return d, d, DatePrecision.DAY, "point"
    if name in {"mdy", "dmy", "dmy_pair"}:
        y = explicit_year("y")
        month, day = _month(g["mon"]), int(g["d"])
        if y is None and pub is None:
            y = ctx.year_near()  # "Since 20 August 2024 ... On August 28": the year the text gives
        elif y is None and pub is not None:
            y = pub.year
            candidate = _safe_date(y, month, day)
            if candidate is not None and candidate > pub + timedelta(days=1):
                y -= 1
        if y is None:
            return None, None, DatePrecision.DAY, "point"
        d = _safe_date(y, month, day)
        last = _safe_date(y, month, int(g["d2"])) if name == "dmy_pair" else None
        return d, (last if d is not None and last is not None and last >= d else d), DatePrecision.DAY, "point"
    if name == "quarter":
        q = ORDINALS[g["ord"].lower()]
        y = explicit_year("y", "y2") or this_or_last(g.get("this")) or year
        if y is None:
            return None, None, DatePrecision.QUARTER, "period"
        s, e = _month_range(y, 3 * q - 2, 3 * q)
        return s, e, DatePrecision.QUARTER, "period"
    if name == "qcode":
        q = int(g["q"])
        y = explicit_year("y") or year
        if y is None:
            return None, None, DatePrecision.QUARTER, "period"
        s, e = _month_range(y, 3 * q - 2, 3 * q)
        return s, e, DatePrecision.QUARTER, "period"
    if name == "half":
        h = HALVES[g["ord"].lower()]
        y = explicit_year("y") or this_or_last(g.get("this"))
        if y is None:
            return None, None, None, "period"
        s, e = _month_range(y, 6 * h - 5, 6 * h)
        return s, e, None, "period"
    if name == "first_months":
        y = explicit_year("y") or this_or_last(g.get("this"))
        n = _count(g["n"])
        if y is None or not 1 <= n <= 12:
            return None, None, None, "period"
        s, e = _month_range(y, 1, n)
        return s, e, None, "period"
    if name == "month_range":
        y = int(g["y"])
        y1 = int(g["y1"]) if g.get("y1") else y
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        if y1 == y and m1 > m2:
            y1 = y - 1
        return date(y1, m1, 1), date(y, m2, calendar.monthrange(y, m2)[1]), None, "period"
    if name == "month_range_bare":
        y = year
        if y is None:
            return None, None, None, "period"
        m1, m2 = _month(g["m1"]), _month(g["m2"])
        y1 = y - 1 if m1 > m2 else y
        return date(y1, m1, 1), date(y, m2, calendar.monthrange(y, m2)[1]), None, "period"
    if name == "month_year":
        s, e = _month_range(int(g["y"]), _month(g["mon"]), _month(g["mon"]))
        return s, e, DatePrecision.MONTH, "point"
    if name == "fiscal":
        y = int(g["y"])
        return date(y, 7, 1), date(y + 1, 6, 30), None, "period"
    if name == "since_year":
        end = ctx.reference
        return date(int(g["y"]), 1, 1), end, None, "since"
    if name == "since_month_year":
        month, y = _month(g["mon"] or g["mon2"]), int(g["y"] or g["y2"])
        start, end = date(y, month, 1), ctx.reference
        return start, end if end is None or end >= start else None, None, "since"
    if name == "since_last_month":  # "since last July": the latest July before this month
        ref = ctx.reference
        if ref is None:
            return None, None, None, "since"
        month = _month(g["mon"])
        y = ref.year if month < ref.month else ref.year - 1
        return date(y, month, 1), ref, None, "since"
    if name in {"last_year_explicit", "year"}:
        y = int(g["y"])
        return date(y, 1, 1), date(y, 12, 31), DatePrecision.YEAR, "period"
    if name == "so_far":
        ref = ctx.reference
        if ref is None:
            return None, None, None, "period"
        return date(ref.year, 1, 1), ref, None, "period"
    if name in {"this_year", "last_year"}:
        y = year if name == "this_year" else (year - 1 if year else None)
        if y is None:
            return None, None, DatePrecision.YEAR, "period"
        return date(y, 1, 1), date(y, 12, 31), DatePrecision.YEAR, "period"
    if name in {"past_n", "past_unit"}:
        ref = ctx.reference
        if ref is None or pub is None:
            return None, None, None, "period"
        unit = g["unit"].lower()
        if unit == "month":
            # "the past month" is the calendar month before the publication's, as "last month" is:
            # monitors count by calendar month (a rolling 30 days matches no published figure)
            prev = pub.replace(day=1) - timedelta(days=1)
            s, e = _month_range(prev.year, prev.month, prev.month)
            return s, e, DatePrecision.MONTH, "period"
        n = _count(g["n"]) if g.get("n") else 1
        if unit in {"24 hours", "48 hours"}:
            n, unit = int(unit.split()[0]), "hours"
        days = {"hours": max(1, n // 24), "days": n, "weeks": 7 * n, "week": 7, "fortnight": 14,
                "months": 30 * n, "month": 30, "years": 365 * n}.get(unit, n)
        return ref - timedelta(days=days), ref, None, "period"
    if name == "n_months":
        return None, None, None, "duration"
    if name == "this_month":
        if pub is None:
            return None, None, DatePrecision.MONTH, "point"
        s, e = _month_range(pub.year, pub.month, pub.month)
        return s, e, DatePrecision.MONTH, "point"
    if name == "last_month":
        if g.get("mon"):
            return _resolve("month_only", m, ctx)
        if pub is None:
            return None, None, DatePrecision.MONTH, "point"
        prev = pub.replace(day=1) - timedelta(days=1)
        s, e = _month_range(prev.year, prev.month, prev.month)
        return s, e, DatePrecision.MONTH, "point"
    if name == "month_only":
        month = _month(g["mon"])
        ref = ctx.reference
        if ref is None:
            y = ctx.last_year_named
            if y is None:
                return None, None, DatePrecision.MONTH, "point"
        else:
            y = ref.year if month <= ref.month else ref.year - 1
        s, e = _month_range(y, month, month)
        return s, e, DatePrecision.MONTH, "point"
    if name == "weekday":
        if pub is None:
            return None, None, DatePrecision.DAY, "point"
        back = (pub.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        if back == 0 and re.match(r"(?:(?:on|late|early)\s+)*last\b", m.group(0), re.IGNORECASE):
            back = 7  # "last Friday" in an article of a Friday: the week before
        d = pub - timedelta(days=back)
        return d, d, DatePrecision.DAY, "point"
    if name == "days_ago":
        if pub is None:
            return None, None, DatePrecision.DAY, "point"
        d = pub - timedelta(days=_count(g["n"]) if g.get("n") else 2)  # "the day before yesterday": two
        return d, d, DatePrecision.DAY, "point"
    if name == "yesterday":
        if pub is None:
            return None, None, DatePrecision.DAY, "point"
        d = pub - timedelta(days=1)
        return d, d, DatePrecision.DAY, "point"
    if name == "today":
        if pub is None:
            return None, None, DatePrecision.DAY, "point"
        return pub, pub, DatePrecision.DAY, "point"
    if name == "anaphor":
        return None, None, None, "anaphor"
    return None, None, None, "point"


def _resolved(name: str, m: re.Match[str], ctx: TemporalContext) -> tuple[date | None, date | None, DatePrecision | None, str]:
    """``_resolve`` kept inside the supported window (1900-2100): an expression whose date would
    fall outside it, or overflow computing it, is left unresolved rather than raised."""
    try:
        start, end, precision, kind = _resolve(name, m, ctx)
    except (ValueError, OverflowError):
        return None, None, None, "point" if name not in {"since_year", "since_month_year", "past_n", "past_unit"} else "period"
    if (start is not None and not in_window(start)) or (end is not None and not in_window(end)):
        return None, None, precision, kind
    return start, end, precision, kind


def _combine_this_year_with_months(mentions: list[TemporalMention]) -> list[TemporalMention]:
    """'This year, ... in just four months' is January to April of this year."""
    years = [t for t in mentions if t.kind == "period" and t.precision is DatePrecision.YEAR and t.range_start]
    durations = [t for t in mentions if t.kind == "duration"]
    if not years or not durations:
        return mentions
    year_mention, duration = years[0], durations[0]
    n = _count(re.search(_N, duration.text, re.IGNORECASE).group(0))  # type: ignore[union-attr]
    if not 1 <= n <= 12 or year_mention.range_start is None:
        return mentions
    s, e = _month_range(year_mention.range_start.year, 1, n)
    combined = TemporalMention(
        start=year_mention.start,
        end=year_mention.end,
        text=year_mention.text,
        label=f"{year_mention.text} ... {duration.text}",
        range_start=s,
        range_end=e,
        precision=None,
        kind="period",
    )
    return [t for t in mentions if t is not year_mention] + [combined]


# each tuple of needles as one pattern of literals: one scan of the sentence instead of one per needle
_NEEDLE_PATTERNS = {needles: re.compile("|".join(map(re.escape, needles))) for needles in set(NEEDLES.values())}


def find_temporal(sentence: Sentence, ctx: TemporalContext) -> list[TemporalMention]:
    """Time expressions in one sentence, resolved; updates ``ctx.last_year_named``."""
    text = sentence.text
    low = text.lower()
    ctx.offset = sentence.start
    has_digit = any(map(str.isdigit, text))
    taken: list[tuple[int, int]] = []
    mentions: list[TemporalMention] = []
    present: dict[tuple[str, ...], bool] = {}  # the month stems serve seven patterns: looked for once
    for name, pattern in PATTERNS:
        needles = NEEDLES.get(name)
        if needles is None:
            if not has_digit:
                continue  # iso dates and bare years need a digit
        else:
            found = present.get(needles)
            if found is None:
                needle = _NEEDLE_PATTERNS.get(needles)
                found = present[needles] = needle.search(low) is not None if needle else any(n in low for n in needles)
            if not found:
                continue
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if name == "year" and not _plausible_year_context(text, s, e):
                continue
            if name == "mdy" and int(m.group("d")) > 31:
                continue  # "January witnessed 60 incidents, February 38": a month and a count, no day
            start, end, precision, kind = _resolved(name, m, ctx)
            taken.append((s, e))
            mentions.append(
                TemporalMention(
                    start=sentence.start + s,
                    end=sentence.start + e,
                    text=m.group(0),
                    range_start=start,
                    range_end=end,
                    precision=precision,
                    kind=kind,
                )
            )
    mentions.sort(key=lambda t: t.start)
    for t in mentions:
        if t.range_start is not None and t.kind in {"period", "point"} and t.precision is not None \
                and (ctx.reference is not None or not RELATIVE_YEAR.search(t.text)):
            # without a publication date, "the previous year" read against 2019 is 2018 but does not
            # make 2018 the year a later "last year" counts back from (that would give 2017)
            ctx.last_year_named = t.range_start.year
    return _combine_this_year_with_months(mentions)


RELATIVE_YEAR = re.compile(r"\b(?:last|previous|past|preceding|prior) year\b", re.IGNORECASE)


def _plausible_year_context(text: str, s: int, e: int) -> bool:
    """A bare four-digit number is a year unless it counts something ("2500 workers")."""
    after = text[e : e + 20].lower()
    if re.match(r"\s+(?:people|persons|troops|soldiers|workers|citizens|incidents|attacks|km|kilometres|families|individuals)\b", after):
        return False
    return not re.match(r"[,.]\d", text[e : e + 2])


class TemporalStage:
    name = "temporal"
    requires = ("clean", "sentences")
    provides = ("dates",)

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        assert doc.clean is not None  # noqa: S101 - guaranteed by the pipeline's requires check
        ctx = TemporalContext(published=doc.clean.published, anchor=doc.clean.anchor_date,
                              dated_years=dated_years(doc.text) if doc.clean.published is None else ())
        doc.dates = [t for s in doc.sentences for t in find_temporal(s, ctx)]
        return doc
