"""Periods of published figures read the way monitors and offices count: in whole months.

- "Over the past nine months" in a report published on 9 October is January to September: an
  office's figures cover whole calendar months, the last one being the month before
  publication, not the 270 days before the publication date. The same for "the last three
  months", "the previous six months" (two months or more: "the past month" stays as it is).
- "This year" in an annual report published in the first days of January is the year just
  ended.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..models import Claim

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
