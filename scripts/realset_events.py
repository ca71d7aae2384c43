"""Write ``realset/events.jsonl`` from the gold: one line per real attack that a main incident
names (the "several reports of one attack" file of ``shared/eval/README.md``).

Fields derived from the gold each run: the attack's place, type and perpetrator (from its
reports, most common value), ``killed_low``/``killed_high`` (the range its reports state),
``articles`` and ``background_articles``. ``killed_best``, ``killed_militants_best``,
``injured_best`` and ``notes`` are kept from the existing file when a line has ``"hand":
true`` (a labeller's choice); otherwise they are the latest-published report's figures.

    python scripts/realset_events.py            # rewrite realset/events.jsonl
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "realset"
FIELDS = ("date", "country", "admin1", "admin2", "place", "event_type", "perpetrator", "perpetrator_status")


def _common(values: list) -> object:
    values = [v for v in values if v is not None]
    return Counter(values).most_common(1)[0][0] if values else None


def _latest(reports: list[tuple[str, dict]], key: str) -> int | None:
    stated = [(published, incident[key]) for published, incident in reports if incident.get(key) is not None]
    return max(stated)[1] if stated else None


def build(gold_rows: list[dict], existing: dict[str, dict]) -> list[dict]:
    main: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    articles: dict[str, list[str]] = defaultdict(list)
    background: dict[str, list[str]] = defaultdict(list)
    for row in gold_rows:
        for incident in row["incidents"]:
            event = incident.get("event")
            if not event:
                continue
            if incident.get("reported_as", "main") == "main":
                main[event].append((row.get("published") or "", incident))
                if row["id"] not in articles[event]:
                    articles[event].append(row["id"])
            elif row["id"] not in background[event]:
                background[event].append(row["id"])
    out = []
    for event in sorted(main):
        reports = main[event]
        line = {"event": event}
        for name in FIELDS:
            line[name] = _common([incident.get(name) for _, incident in reports])
        tolls = [incident["killed"] for _, incident in reports if incident.get("killed") is not None]
        line["killed_best"] = _latest(reports, "killed")
        line["killed_low"] = min(tolls) if tolls else None
        line["killed_high"] = max(tolls) if tolls else None
        line["killed_militants_best"] = _latest(reports, "killed_militants")
        line["injured_best"] = _latest(reports, "injured")
        line["articles"] = articles[event]
        line["background_articles"] = background.get(event, [])
        line["notes"] = "killed_best: the latest-published report stating a toll."
        kept = existing.get(event)
        if kept and kept.get("hand"):
            for name in ("killed_best", "killed_militants_best", "injured_best", "notes", "hand"):
                if name in kept:
                    line[name] = kept[name]
        out.append(line)
    return out


def main() -> None:
    gold = [json.loads(x) for x in (ROOT / "gold.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    path = ROOT / "events.jsonl"
    existing = {}
    if path.exists():
        existing = {row["event"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if row}
    lines = build(gold, existing)
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} events written to {path}")


if __name__ == "__main__":
    main()
