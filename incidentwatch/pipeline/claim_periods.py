"""Periods of published figures read the way monitors and offices count: in whole months.

- "Over the past nine months" in a report published on 9 October is January to September: an
  office's figures cover whole calendar months, the last one being the month before
  publication, not the 270 days before the publication date. The same for "the last three
  months", "the previous six months" (two months or more: "the past month" stays as it is).
- "This year" in an annual report published in the first days of January is the year just
  ended.
- "The first six months of the year", "the first three quarters": the part of the year the
  sentence opens with, the figures before it were about, or the publication year.
- "For 2024 so far", "the year-to-date toll": the year up to the publication day; with no
  publication date, a period that cannot be fixed.
- "February had witnessed 58 attacks", "August saw 24 militants killed": a month that is the
  subject of a monitor's verb is the period of the figures after it, in the year of the period
  the figures before were about (else the publication's).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..models import Claim, DatePrecision, Sentence
from ..models.mentions import TemporalMention

ROLLING_MONTHS = re.compile(
    r"\b(?:past|last|previous|preceding)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+months\b",
    re.IGNORECASE,
)
WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
         "twelve": 12}
SLACK_DAYS = 3  # the rolling period ends on (or within these days of) the publication day


def whole_months(claim: Claim, published: date | None) -> Claim:
    """A rolling "past N months" ending at publication, as the N calendar months before it."""
    label = claim.period.label or ""
    m = ROLLING_MONTHS.search(label)
    if published is None or m is None or claim.period.end is None:
        return claim
    n = int(m.group("n")) if m.group("n").isdigit() else WORDS[m.group("n").lower()]
    if not 2 <= n <= 24 or abs((date.fromisoformat(claim.period.end) - published).days) > SLACK_DAYS:
        return claim
    end = published.replace(day=1) - timedelta(days=1)
    months = end.year * 12 + end.month - 1 - (n - 1)
    start = date(months // 12, months % 12 + 1, 1)
    return claim.model_copy(update={"period": claim.period.model_copy(update={"start": start.isoformat(), "end": end.isoformat()})})


THIS_YEAR = re.compile(r"\b(?:this|the current|current) year\b", re.IGNORECASE)
YEAR_END_DAYS = 10


def year_just_ended(claim: Claim, published: date | None) -> Claim:
    """'This year' in an annual report published in the first days of January is the year just
    ended (CRSS's report of 31 December, carried on 1 January)."""
    if published is None or published.month != 1 or published.day > YEAR_END_DAYS or not claim.period.label:
        return claim
    if not THIS_YEAR.search(claim.period.label) or claim.period.start != f"{published.year}-01-01":
        return claim
    year = published.year - 1
    return claim.model_copy(update={"period": claim.period.model_copy(update={"start": f"{year}-01-01", "end": f"{year}-12-31"})})


# "the first six months of the year", "the second half of the year", "the first three quarters":
# parts of a year that the time reader leaves unresolved unless a year is written after them
PART_OF_YEAR = re.compile(
    r"\b(?:the\s+)?(?:(?P<half>first|second|last)\s+half|(?:first|initial)\s+(?P<n>\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+"
    r"(?P<unit>months|quarters)|last\s+six\s+months)(?P<of>\s+of\s+(?:the|this|the\s+current)\s+year)?\b(?!\s+of\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
OPENING_YEAR = 12  # "In 2022, it said, the first six months of the year ...": a year this close to the start opens the sentence


def _part_bounds(m: re.Match[str], year: int) -> tuple[date, date] | None:
    if m.group("half"):
        first = m.group("half").lower() == "first"
        return (date(year, 1, 1), date(year, 6, 30)) if first else (date(year, 7, 1), date(year, 12, 31))
    if m.group("n") is None:  # "the last six months of the year"
        return date(year, 7, 1), date(year, 12, 31)
    n = int(m.group("n")) if m.group("n").isdigit() else WORDS[m.group("n").lower()]
    months = n * 3 if m.group("unit").lower() == "quarters" else n
    if not 1 <= months <= 11 or (m.group("unit").lower() == "quarters" and n > 3):
        return None
    end = date(year, months + 1, 1) - timedelta(days=1)
    return date(year, 1, 1), end


def part_of_year_periods(sentence: Sentence, dates: list[TemporalMention], *, last_period: TemporalMention | None,
                         published: date | None) -> list[TemporalMention]:
    """Periods for the parts of a year the time reader left unresolved ("In 2022, ... the first six
    months of the year", "in the first three quarters"). The year is the one opening the sentence,
    else that of the period the figures before were about, else the publication year; with none
    of them the part stays unresolved (no mention)."""
    out = []
    for m in PART_OF_YEAR.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if any(t.range_start is not None and t.start < end and start < t.end for t in dates):
            continue  # already read, its year written after it
        if m.group("of") is None and m.group("unit") is None and m.group("half") is None:
            continue
        opening = [t for t in dates if t.range_start is not None and t.range_end is not None and t.start - sentence.start <= OPENING_YEAR
                   and t.range_start.year == t.range_end.year and (t.range_start.month, t.range_end.month) == (1, 12) and t.end <= start]
        year = None
        if opening:
            year = opening[0].range_start.year  # type: ignore[union-attr]
        elif last_period is not None and last_period.range_start is not None and last_period.range_end is not None \
                and last_period.range_start.year == last_period.range_end.year:
            year = last_period.range_start.year
        elif published is not None:
            year = published.year
        bounds = _part_bounds(m, year) if year is not None else None
        if bounds is None:
            continue
        label = m.group(0)
        out.append(TemporalMention(start=start, end=end, text=label, range_start=bounds[0], range_end=bounds[1],
                                   precision=DatePrecision.MONTH, kind="period", label=label))
    return out


MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
# a capitalised month, as the subject of a count's verb; not "May" the modal ("may have seen")
SUBJECT_MONTH = re.compile(r"\b(?P<mon>" + "|".join(MONTH_NAMES) + r")(?:,? \d{4})?\s+(?:also\s+|had\s+|has\s+)*"
                           r"(?:witnessed|saw|recorded|registered|reported|experienced|suffered|emerged as|was|remained|proved)\b")
# "January witnessed 60 incidents, February 38, March 33, and April 48": the list's later months
MONTH_ITEM = re.compile(r"(?:,|\band)\s*(?:and\s+)?(?P<mon>" + "|".join(MONTH_NAMES) + r")\s+(?=\d)")


def subject_month_periods(sentence: Sentence, dates: list[TemporalMention], *, last_period: TemporalMention | None,
                          published: date | None) -> list[TemporalMention]:
    """Periods for months that open a clause as its subject ("February had witnessed 58 attacks"),
    which the time reader, wanting "in February", leaves aside. The year is that of the period
    the figures before were about, else the publication's; the month is the latest such month
    not after that reference (February before a March report is the same year's)."""
    reference = last_period.range_end if last_period is not None and last_period.range_end is not None else published
    if reference is None:
        return []
    out = []
    first = SUBJECT_MONTH.search(sentence.text)
    items = list(MONTH_ITEM.finditer(sentence.text, first.end())) if first else []
    for m in [*SUBJECT_MONTH.finditer(sentence.text), *items]:
        start, end = sentence.start + m.start("mon"), sentence.start + m.end("mon")
        if any(t.start < end and start < t.end for t in dates):
            continue  # already read ("in February", "February 2023")
        month = MONTH_NAMES.index(m.group("mon")) + 1
        year = reference.year if month <= reference.month else reference.year - 1
        last = (date(year + (month == LAST_MONTH), month % LAST_MONTH + 1, 1) - timedelta(days=1))
        out.append(TemporalMention(start=start, end=end, text=m.group("mon"), range_start=date(year, month, 1), range_end=last,
                                   precision=DatePrecision.MONTH, kind="period", label=m.group("mon")))
    return out


# "For 2024 so far", "so far in 2024", "the year-to-date toll": a year still running, counted up to
# the day the figures were published
SO_FAR = re.compile(r"\b(?P<y>(?:19|20)\d\d)\s+so\s+far\b|\bso\s+far\s+in\s+(?P<y2>(?:19|20)\d\d)\b|\byear[- ]to[- ]date\b", re.IGNORECASE)


THIS_YEAR = re.compile(r"^(?:in |during |so far )?(?:this|the current) year$", re.IGNORECASE)
LAST_MONTH = 12


def year_so_far(claim: Claim, published: date | None) -> Claim:
    """A whole calendar year read for figures counted 'so far' in it: it ends on the publication
    day, and without a publication date the end (and so the period) cannot be fixed."""
    start, end = claim.period.start, claim.period.end
    if start is None or end is None or not start.endswith("-01-01") or not end.endswith("-12-31") or start[:4] != end[:4]:
        return claim
    m = SO_FAR.search(claim.evidence.text if claim.evidence else "")
    if m is None and published is not None and THIS_YEAR.match(claim.period.label or "") and published.month < LAST_MONTH:
        # "this year, 19 incidents were reported" in September: the year so far, to the publication
        # day; a report of the year's last month ("this year" on 24 December) counts the whole year
        m = THIS_YEAR.match(claim.period.label or "")
    elif m is None or (m.group("y") or m.group("y2") or start[:4]) != start[:4]:
        return claim
    if published is None:
        period = claim.period.model_copy(update={"start": None, "end": None})
    elif published.year == int(start[:4]):
        period = claim.period.model_copy(update={"end": published.isoformat()})
    else:
        return claim
    return claim.model_copy(update={"period": period})


# "53 incidents in 2107", "55 incidents in year 2105": a year the figure states for itself that
# the dates stage could not fix (a misprint, a year after the publication); up to a few words of
# its noun between, no other number, comma or clause
OWN_YEAR_AFTER = re.compile(r"^(?P<gap>[^\d,;.]{0,40}?)\b(?:in|during|of)\s+(?:the\s+)?(?:year\s+)?(?P<year>\d{4})\b(?![\d/-])", re.IGNORECASE)


def unfixable_own_year(after: str, offset: int, dates: list[TemporalMention]) -> TemporalMention | None:
    """The figure's own stated year when no date mention fixes it: the figure's period is then
    unknown ("period unknown", its label kept), never a neighbouring figure's year. ``after`` is
    the text right after the figure, starting at ``offset`` in the article."""
    m = OWN_YEAR_AFTER.match(after)
    if m is None or re.search(r"\b(?:while|whereas|against|compared|than|and)\b", m.group("gap"), re.IGNORECASE):
        return None
    start, end = offset + m.start("year"), offset + m.end("year")
    if any(t.start < end and start < t.end and t.range_start is not None for t in dates):
        return None
    return TemporalMention(start=start, end=end, text=m.group("year"), range_start=None, range_end=None,
                           precision=DatePrecision.YEAR, kind="period")
