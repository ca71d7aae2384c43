"""Plain-language summary sentences written from the tallies, the way monitors' reports say them:

- ``380 people were killed and 220 injured in 240 incidents in 2024Q2.``
- ``Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths and 87 percent of incidents.``
- ``Deaths fell by 12 percent compared with 2024Q1.``

Every number comes from a ``StatsTable`` (and so from the incidents it counts); nothing here
queries the database except ``summary_sentences``, which builds the tables it needs. Percentages
are rounded half up to whole numbers, but a share or change that is not zero never reads as 0
("less than 1 percent"), and one short of all never reads as 100 ("over 99 percent").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sqlalchemy.orm import Session

from .periods import Period
from .preset_stats import preset_stats
from .presets import CountingPreset
from .selection import Selection, country_name, single
from .stats import METRICS, Dimension, StatsTable, is_unknown_label, stats

NOUNS = {"killed": "deaths", "injured": "injuries", "incidents": "incidents"}


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def percent_words(value: float) -> str:
    """``92 percent``; ``less than 1 percent`` for a small non-zero value; ``over 99 percent`` just short of 100."""
    value = abs(value)
    if value == 0:
        return "0 percent"
    rounded = math.floor(value + 0.5)
    if rounded == 0:
        return "less than 1 percent"
    if rounded >= 100 > value:
        return "over 99 percent"
    return f"{rounded} percent"


def period_words(selection: Selection, period: Period | None) -> str:
    """``in 2024Q2``, ``from 2024-01-10 to 2024-02-20``, ``since 2024-04-01``, ``up to ...``, or ''."""
    if period is not None:
        if period.granularity is not None:
            return f"in {period.label}"
        return f"from {period.start.isoformat()} to {period.last.isoformat()}"
    if selection.date_from:
        return f"since {selection.date_from.isoformat()}"
    if selection.date_to:
        return f"up to {selection.date_to.isoformat()}"
    return ""


def place_words(selection: Selection) -> str:
    """``in Bannu``, ``in Balochistan``, ``in Pakistan``, ``in Balochistan and Sindh`` from the
    selection's place filter, or ''."""
    names = list(selection.district or selection.province or [country_name(c) for c in selection.country])
    return f"in {_names(names)}" if names else ""


def toll_sentence(table: StatsTable) -> str:
    """``380 people were killed and 220 injured in 240 incidents in 2024Q2.`` from the table's total
    (``..., 40 of them militants, and ...`` when militants were among the dead)."""
    total = table.total
    where = " ".join(p for p in (place_words(table.selection), period_words(table.selection, table.period)) if p)
    tail = f" {where}" if where else ""
    if total.incidents == 0:
        return f"No incidents were recorded{tail}."
    if total.killed == 0:
        killed = "No one was killed"
    else:
        killed = f"{_count(total.killed, 'person was', 'people were')} killed"
        # everyone killed is counted; the militants among them are named, since monitors' and our
        # ledger's "killed" leaves them out (docs/output-contract.md)
        if total.killed_militants == total.killed:
            killed += ", all of them militants,"
        elif total.killed_militants:
            killed += f", {total.killed_militants:,} of them {'a militant' if total.killed_militants == 1 else 'militants'},"
    injured = "none injured" if total.injured == 0 else f"{total.injured:,} injured"
    return f"{killed} and {injured} in {_count(total.incidents, 'incident', 'incidents')}{tail}."


def _names(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def share_sentence(table: StatsTable, *, names: Sequence[str] | None = None, top: int = 2,
                   metrics: Sequence[str] = ("killed", "incidents")) -> str | None:
    """``Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths and 87 percent of
    incidents.`` from a table by one place, type or group dimension.

    Args:
        table: a tally by exactly one dimension that is not time or victim category.
        names: the rows to put together; default the ``top`` named rows by deaths.
        top: how many rows to name when ``names`` is not given.
        metrics: the shares to give, the first one deciding whether there is anything to say.

    Returns:
        The sentence, or None when the first metric's total is 0 or no named row has any of it.

    Raises:
        ValueError: the table is not by one such dimension, or a name is not one of its rows.
    """
    if len(table.by) != 1 or table.by[0].granularity or table.by[0] is Dimension.CATEGORY:
        raise ValueError("a share sentence needs a table by one place, type or group dimension")
    if any(m not in METRICS for m in metrics) or not metrics:
        raise ValueError(f"metrics must be some of {', '.join(METRICS)}")
    lead = metrics[0]
    if getattr(table.total, lead) == 0:
        return None
    if names is None:
        ranked = sorted((r for r in table.rows if not is_unknown_label(r.keys[0]) and getattr(r.figures, lead) > 0),
                        key=lambda r: -getattr(r.figures, lead))
        chosen = ranked[:top]
    else:
        chosen = []
        for name in names:
            row = table.row(name)
            if row is None:
                raise ValueError(f"{name!r} is not a row of the table")
            chosen.append(row)
    if not chosen:
        return None
    parts = []
    for metric in metrics:
        whole = getattr(table.total, metric)
        if whole == 0:
            continue
        part = sum(getattr(r.figures, metric) for r in chosen)
        if part >= whole and table.by[0].partitions:
            parts.append(f"all {NOUNS[metric]}")
        else:
            parts.append(f"{percent_words(100.0 * part / whole)} of {NOUNS[metric]}")
    labels = [r.keys[0] for r in chosen]
    province = single(table.selection.province)
    if table.by[0] is Dimension.DISTRICT and province:  # "Bannu", not "Bannu (Khyber Pakhtunkhwa)"
        labels = [label.removesuffix(f" ({province})") for label in labels]
    return f"{_names(labels)} accounted for {' and '.join(parts)}."


def change_sentence(table: StatsTable, metric: str = "killed") -> str | None:
    """``Deaths fell by 12 percent compared with 2024Q1.``; None when the table has no previous
    period (its selection lacks a start or an end).

    Wording: "rose by", "fell by", "were unchanged from", "rose from none in 2024Q1 to 12",
    "fell from 432 in 2024Q1 to none", and, when the previous period holds no incident at all,
    "No incidents are recorded in 2024Q1 to compare with."
    """
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}")
    change = table.total_change(metric)
    if change is None or table.previous_total is None or table.previous_period is None:
        return None
    before = table.previous_period.label if table.previous_period.granularity else (
        f"{table.previous_period.start.isoformat()} to {table.previous_period.last.isoformat()}")
    noun = NOUNS[metric]
    now = getattr(table.total, metric)
    if table.previous_total.incidents == 0:
        return f"No incidents are recorded in {before} to compare with."
    if change.delta == 0:
        return f"{_capital(noun)} were unchanged from {before} ({now:,})."
    if change.previous == 0:
        return f"{_capital(noun)} rose from none in {before} to {now:,}."
    if now == 0:
        return f"{_capital(noun)} fell from {change.previous:,} in {before} to none."
    verb = "rose" if change.delta > 0 else "fell"
    return f"{_capital(noun)} {verb} by {percent_words(change.percent or 0.0)} compared with {before}."


def summary_sentences(session: Session, selection: Selection, period: Period | None = None,
                      preset: CountingPreset | None = None) -> list[str]:
    """The toll, where it fell (by province, or by district within a province), and the change
    on the period before, for ``selection`` (narrowed to ``period`` when given), counted under
    ``preset`` when one is given.

    Returns:
        One to three sentences; the share is left out for a district or when no one was
        killed, the change when there is no bounded period to compare.
    """
    if period is not None:
        selection = selection.within(period)
    def count(by: list[Dimension]) -> StatsTable:
        return preset_stats(session, selection, by, preset) if preset is not None else stats(session, selection, by)

    total = count([])
    sentences = [toll_sentence(total)]
    if not selection.district:
        dimension = Dimension.DISTRICT if selection.province else Dimension.PROVINCE
        shares = share_sentence(count([dimension]))
        if shares:
            sentences.append(shares)
    change = change_sentence(total)
    if change:
        sentences.append(change)
    return sentences
