"""Rollups: monthly totals of the incidents that the database keeps itself, so that ``stats``
adds up a few thousand rows instead of a million incidents.

Each ``rollup_*`` table (``tables.ROLLUP_KEYS``) holds, per month, rejected or not, and its
keys (country, province, then event type, district or perpetrator group), what its incidents
add up to (``tables.ROLLUP_VALUES``). An incident is in one row of ``rollup_place`` and of
``rollup_district``, and in one row of ``rollup_group`` and of ``rollup_district_group`` per
group named for it (actor 0 when none is), as ``stats`` counts it; ``rollup_category_group``
has it once per group and per victim category it killed or injured any of (for a victim-category
filter).

Triggers on ``incidents`` and ``incident_perpetrators`` keep them: every insert, update and
delete, whoever makes it (the writer, an editor's merge or split, a hand-written statement),
takes the old row's part away and adds the new row's, in the same transaction. So a rollup
cannot drift from the incidents; ``check`` proves it by recounting, ``rebuild`` recounts into
them. On SQLite the triggers run after each row; on PostgreSQL those on the perpetrators run
before each row, where they see the rows the same statement changed before (AFTER ROW triggers
there wait for the end of the statement, and could not tell an incident's first group).
Deleting an incident: its part is taken away before the row goes, while its groups are still
there; groups deleted by the cascade afterwards find no incident and change nothing.

A bulk load (``Store.bulk_load``) drops the triggers, loads, and rebuilds in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from ..models import VictimCategory
from .tables import ROLLUP_BY_CATEGORY, ROLLUP_BY_GROUP, ROLLUP_KEYS, ROLLUP_VALUES

CATEGORIES = tuple(c.value for c in VictimCategory)  # the columns killed_<c>, injured_<c>
# the incident columns a rollup reads: a change to any other column leaves the rollups alone
WATCHED = ("date", "review_state", "country", "admin1", "admin2", "event_type", "killed_total",
           *(f"killed_{c}" for c in CATEGORIES), "injured_total", *(f"injured_{c}" for c in CATEGORIES))
UNATTRIBUTED_ACTOR = 0
TRIGGERS = ("iw_rollup_incidents_insert", "iw_rollup_incidents_update", "iw_rollup_incidents_delete",
            "iw_rollup_perpetrators_insert", "iw_rollup_perpetrators_update", "iw_rollup_perpetrators_delete")
PG_FUNCTIONS = ("iw_rollup_incidents", "iw_rollup_perpetrators")


@dataclass(frozen=True)
class Rollup:
    table: str
    keys: tuple[str, ...]

    @property
    def by_group(self) -> bool:
        return self.table in ROLLUP_BY_GROUP

    @property
    def by_category(self) -> bool:
        return self.table in ROLLUP_BY_CATEGORY

    @property
    def key_columns(self) -> tuple[str, ...]:
        return ("month", "rejected", *self.keys, *(("actor_id",) if self.by_group else ()),
                *(("category",) if self.by_category else ()))


ROLLUPS = tuple(Rollup(table, keys) for table, keys in ROLLUP_KEYS.items())


# --- SQL pieces --------------------------------------------------------------------------------

def _month(row: str, dialect: str) -> str:
    if dialect == "postgresql":
        return f"coalesce(CAST(extract(year FROM {row}.date) * 100 + extract(month FROM {row}.date) AS INTEGER), 0)"
    # SQLite keeps dates as 'YYYY-MM-DD'
    return f"coalesce(CAST(substr({row}.date, 1, 4) AS INTEGER) * 100 + CAST(substr({row}.date, 6, 2) AS INTEGER), 0)"


def _values(row: str, sign: str) -> list[str]:
    """The part of incident ``row`` in each of ``ROLLUP_VALUES``, times ``sign`` (1 or -1)."""
    def n(column: str) -> str:
        return f"coalesce({row}.{column}, 0)"

    def unsplit(what: str) -> str:
        return f"{n(f'{what}_total')} - ({' + '.join(n(f'{what}_{c}') for c in CATEGORIES)}) > 0"

    out = [sign, f"{sign} * {n('killed_total')}", *(f"{sign} * {n(f'killed_{c}')}" for c in CATEGORIES),
           f"{sign} * {n('injured_total')}", *(f"{sign} * {n(f'injured_{c}')}" for c in CATEGORIES)]
    out += [f"CASE WHEN {n(f'killed_{c}')} > 0 OR {n(f'injured_{c}')} > 0 THEN {sign} ELSE 0 END" for c in CATEGORIES]
    out.append(f"CASE WHEN {unsplit('killed')} OR {unsplit('injured')} THEN {sign} ELSE 0 END")
    assert len(out) == len(ROLLUP_VALUES)
    return out


def _keys(rollup: Rollup, row: str, dialect: str, actor: str | None) -> list[str]:
    keys = [_month(row, dialect), f"CASE WHEN {row}.review_state = 'rejected' THEN 1 ELSE 0 END",
            *(f"coalesce({row}.{key}, '')" for key in rollup.keys)]
    if rollup.by_group:
        keys.append(actor or str(UNATTRIBUTED_ACTOR))
    if rollup.by_category:
        keys.append("c.category")
    return keys


def _categories(rollup: Rollup, row: str) -> str:
    """For a rollup by victim category, the join that gives incident ``row`` one row (``c``) per
    category it killed or injured any of; else nothing."""
    if not rollup.by_category:
        return ""
    names = " UNION ALL ".join(f"SELECT '{c}' AS category" if i == 0 else f"SELECT '{c}'" for i, c in enumerate(CATEGORIES))
    hit = " OR ".join(f"(c.category = '{c}' AND (coalesce({row}.killed_{c}, 0) > 0 OR coalesce({row}.injured_{c}, 0) > 0))"
                      for c in CATEGORIES)
    return f" JOIN ({names}) AS c ON {hit}"


def _upsert(rollup: Rollup, select_sql: str) -> str:
    """Add the rows of ``select_sql`` (keys then values) to the rollup's matching rows."""
    columns = ", ".join((*rollup.key_columns, *ROLLUP_VALUES))
    adds = ", ".join(f"{v} = {rollup.table}.{v} + excluded.{v}" for v in ROLLUP_VALUES)
    return (f"INSERT INTO {rollup.table} ({columns}) {select_sql} "
            f"ON CONFLICT ({', '.join(rollup.key_columns)}) DO UPDATE SET {adds}")


def _part(rollup: Rollup, row: str, sign: str, dialect: str, *, actor: str | None = None, source: str = "",
          where: str = "1 = 1") -> str:
    """``rollup`` += ``sign`` times incident ``row`` (``WHERE`` always given: SQLite's upsert needs it)."""
    return _upsert(rollup, f"SELECT {', '.join(_keys(rollup, row, dialect, actor) + _values(row, sign))}{source} WHERE {where}")


def _incident_part(rollup: Rollup, row: str, sign: str, dialect: str) -> str:
    """``rollup`` += ``sign`` times incident NEW or OLD, under each of its groups (or actor 0)
    and each victim category it hit, for rollups keyed by those."""
    if not rollup.by_group and not rollup.by_category:
        return _part(rollup, row, sign, dialect)
    source = " FROM (SELECT 1 AS one) AS one"
    if rollup.by_group:
        source += f" LEFT JOIN incident_perpetrators AS p ON p.incident_id = {row}.id"
    return _part(rollup, row, sign, dialect, actor=f"coalesce(p.actor_id, {UNATTRIBUTED_ACTOR})",
                 source=source + _categories(rollup, row))


def _group_part(sign: str, dialect: str, *, incident: str, actor: str, when: str = "") -> list[str]:
    """Each group rollup += ``sign`` times the incident with id ``incident``, under ``actor``."""
    where = f"i.id = {incident}" + (f" AND {when}" if when else "")
    return [_part(r, "i", sign, dialect, actor=actor, source=" FROM incidents AS i" + _categories(r, "i"), where=where)
            for r in ROLLUPS if r.by_group]


def _perpetrators(incident: str) -> str:
    return f"(SELECT count(*) FROM incident_perpetrators WHERE incident_id = {incident})"


def _changed(columns: Iterable[str], dialect: str) -> str:
    differs = "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)


# --- per statement: what the triggers do -------------------------------------------------------

def _on_incident(op: str, dialect: str) -> list[str]:
    statements = []
    if op in ("update", "delete"):
        statements += [_incident_part(r, "OLD", "-1", dialect) for r in ROLLUPS]
    if op in ("insert", "update"):
        statements += [_incident_part(r, "NEW", "1", dialect) for r in ROLLUPS]
    return statements


def _on_perpetrator(op: str, dialect: str) -> list[str]:
    """The group rollups' statements for a perpetrator row inserted, deleted or moved.

    On SQLite (after the row changed) an incident's first group is the one it now has alone and
    its last is gone when none is left; on PostgreSQL (before) the first finds none there yet
    and the last is the only one still there."""
    after = dialect != "postgresql"
    first = f"{_perpetrators('NEW.incident_id')} = {1 if after else 0}"
    last = f"{_perpetrators('OLD.incident_id')} = {0 if after else 1}"
    moved = "OLD.incident_id IS NOT NEW.incident_id" if after else "OLD.incident_id IS DISTINCT FROM NEW.incident_id"
    removal = [*_group_part("-1", dialect, incident="OLD.incident_id", actor="OLD.actor_id"),
               *_group_part("1", dialect, incident="OLD.incident_id", actor=str(UNATTRIBUTED_ACTOR),
                            when=last if op == "delete" else f"{moved} AND {last}")]
    addition = [*_group_part("-1", dialect, incident="NEW.incident_id", actor=str(UNATTRIBUTED_ACTOR),
                             when=first if op == "insert" else f"{moved} AND {first}"),
                *_group_part("1", dialect, incident="NEW.incident_id", actor="NEW.actor_id")]
    if op == "insert":
        return addition
    if op == "delete":
        return removal
    return removal + addition


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the rollup triggers (and, on PostgreSQL, their functions)."""
    incident_update = f"UPDATE OF {', '.join(WATCHED)}"
    if dialect != "postgresql":
        def sqlite_trigger(name: str, timing: str, table: str, body: list[str], when: str = "") -> str:
            condition = f" WHEN {when}" if when else ""
            return f"CREATE TRIGGER {name} {timing} ON {table}{condition} BEGIN {'; '.join(body)}; END"

        return [
            sqlite_trigger("iw_rollup_incidents_insert", "AFTER INSERT", "incidents", _on_incident("insert", dialect)),
            sqlite_trigger("iw_rollup_incidents_update", f"AFTER {incident_update}", "incidents", _on_incident("update", dialect),
                    _changed(WATCHED, dialect)),
            sqlite_trigger("iw_rollup_incidents_delete", "BEFORE DELETE", "incidents", _on_incident("delete", dialect)),
            sqlite_trigger("iw_rollup_perpetrators_insert", "AFTER INSERT", "incident_perpetrators",
                    _on_perpetrator("insert", dialect)),
            sqlite_trigger("iw_rollup_perpetrators_update", "AFTER UPDATE OF incident_id, actor_id", "incident_perpetrators",
                    _on_perpetrator("update", dialect), _changed(("incident_id", "actor_id"), dialect)),
            sqlite_trigger("iw_rollup_perpetrators_delete", "AFTER DELETE", "incident_perpetrators",
                    _on_perpetrator("delete", dialect)),
        ]

    def function(name: str, on: Callable[[str, str], list[str]], returns: dict[str, str]) -> str:
        branches = " ".join(f"IF TG_OP = '{op.upper()}' THEN {' '.join(s + ';' for s in on(op, dialect))} "
                            f"RETURN {returns[op]}; END IF;" for op in ("insert", "update", "delete"))
        return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$ "
                f"BEGIN {branches} RETURN NULL; END $body$")

    def trigger(name: str, timing: str, table: str, fn: str, when: str = "") -> str:
        condition = f" WHEN ({when})" if when else ""
        return f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{condition} EXECUTE FUNCTION {fn}()"

    rows = {"insert": "NEW", "update": "NEW", "delete": "OLD"}
    return [
        function("iw_rollup_incidents", _on_incident, rows),
        function("iw_rollup_perpetrators", _on_perpetrator, rows),
        # the incident's part leaves before the row does (its groups are still there to say where)
        trigger("iw_rollup_incidents_insert", "AFTER INSERT", "incidents", "iw_rollup_incidents"),
        trigger("iw_rollup_incidents_update", "AFTER UPDATE", "incidents", "iw_rollup_incidents",
                _changed(WATCHED, dialect)),
        trigger("iw_rollup_incidents_delete", "BEFORE DELETE", "incidents", "iw_rollup_incidents"),
        trigger("iw_rollup_perpetrators_insert", "BEFORE INSERT", "incident_perpetrators", "iw_rollup_perpetrators"),
        trigger("iw_rollup_perpetrators_update", "BEFORE UPDATE", "incident_perpetrators", "iw_rollup_perpetrators",
                _changed(("incident_id", "actor_id"), dialect)),
        trigger("iw_rollup_perpetrators_delete", "BEFORE DELETE", "incident_perpetrators", "iw_rollup_perpetrators"),
    ]


# --- install, drop, recount, check -------------------------------------------------------------

def _recount_sql(rollup: Rollup, dialect: str) -> str:
    """The rollup's rows counted afresh from the incidents: keys, then sums."""
    keys = _keys(rollup, "i", dialect, f"coalesce(p.actor_id, {UNATTRIBUTED_ACTOR})")
    source = "incidents AS i"
    if rollup.by_group:
        source += " LEFT JOIN incident_perpetrators AS p ON p.incident_id = i.id"
    source += _categories(rollup, "i")
    sums = [f"sum({v})" for v in _values("i", "1")]
    return (f"SELECT {', '.join(keys + sums)} FROM {source} "
            f"GROUP BY {', '.join(str(i) for i in range(1, len(keys) + 1))}")


def install(connection: Connection) -> None:
    """Create the triggers and count the rollups from the incidents there are."""
    for statement in trigger_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
    rebuild(connection)


def drop(connection: Connection) -> None:
    """Drop the triggers (the rollups stop following the incidents until ``install``)."""
    postgres = connection.dialect.name == "postgresql"
    for name in TRIGGERS:
        table = "incidents" if "_incidents_" in name else "incident_perpetrators"
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
    if postgres:
        for name in PG_FUNCTIONS:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}()")


def rebuild(connection: Connection) -> None:
    """Count every rollup afresh from the incidents."""
    for rollup in ROLLUPS:
        columns = ", ".join((*rollup.key_columns, *ROLLUP_VALUES))
        connection.exec_driver_sql(f"DELETE FROM {rollup.table}")
        connection.exec_driver_sql(f"INSERT INTO {rollup.table} ({columns}) {_recount_sql(rollup, connection.dialect.name)}")


@dataclass(frozen=True)
class Drift:
    """A rollup row that does not hold what its incidents add up to."""

    table: str
    key: tuple
    stored: tuple[int, ...] | None  # None: no row (or one of zeros)
    counted: tuple[int, ...] | None

    def __str__(self) -> str:
        key = ", ".join(f"{c}={v!r}" for c, v in zip(next(r for r in ROLLUPS if r.table == self.table).key_columns,
                                                      self.key, strict=True))
        return f"{self.table} ({key}): holds {self.stored}, the incidents add up to {self.counted}"


def _nonzero(connection: Connection, sql: str, n_keys: int) -> dict[tuple, tuple[int, ...]]:
    """Rows of ``sql`` (keys, then values) by key, leaving out those of zeros (a rollup keeps a
    row whose incidents all left it)."""
    out = {}
    for row in connection.exec_driver_sql(sql):
        values = tuple(int(v) for v in row[n_keys:])
        if any(values):
            out[tuple(row[:n_keys])] = values
    return out


def check(connection: Connection) -> list[Drift]:
    """Every rollup row that differs from a fresh count of the incidents (none: they agree)."""
    drifts: list[Drift] = []
    for rollup in ROLLUPS:
        n = len(rollup.key_columns)
        stored = _nonzero(connection, f"SELECT {', '.join((*rollup.key_columns, *ROLLUP_VALUES))} FROM {rollup.table}", n)
        counted = _nonzero(connection, _recount_sql(rollup, connection.dialect.name), n)
        for key in sorted(stored.keys() | counted.keys(), key=repr):
            if stored.get(key) != counted.get(key):
                drifts.append(Drift(rollup.table, key, stored.get(key), counted.get(key)))
    return drifts
