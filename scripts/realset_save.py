"""Build the real-pages cache from saved search results, and check it.

The real-pages development set (``realset/``) commits only a manifest and labels; the page
texts live in a git-ignored cache (``$INCIDENTWATCH_REALSET_CACHE``, default
``realset/cache/``). Each page is the excerpt that the search tool (corpus ``pages``) returns
for the manifest row's ``query``, from the result whose ``url`` is the row's ``url``.

    python scripts/realset_save.py save RESULT.json [RESULT.json ...]
        write ``<cache>/<id>.txt`` for every manifest row whose url is among the results
    python scripts/realset_save.py add RESULT.json --pick RANK:KIND:SPLIT[:PUBLISHED] ... [--id-prefix P]
        append manifest rows (next free ids, P-NNN, default real-NNN) for the picked results, then save them
    python scripts/realset_save.py check
        list the manifest ids missing from the cache (exit 1 when any is missing)
    python scripts/realset_save.py screen RESULT.json
        list the results' ranks and urls, marking those held out or already in the manifest

``--manifest realset/stats-manifest.jsonl`` (before the command) works on another manifest of
the same format, such as the statistical pages'.

RESULT.json is the tool's answer saved as is: ``{"query": ..., "results": [{"rank", "url",
"excerpt"}, ...]}``. A URL listed in the held-out file (``../shared/eval/heldout-urls.txt``
from the repository root) is refused.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "realset" / "manifest.jsonl"
# ``../shared/eval/heldout-urls.txt`` from the repository root (a worktree may sit one level deeper)
HELDOUT = next((p / "shared" / "eval" / "heldout-urls.txt" for p in ROOT.parents[:3] if (p / "shared" / "eval" / "heldout-urls.txt").exists()), ROOT.parent / "shared" / "eval" / "heldout-urls.txt")
KINDS = {"single_attack", "followup", "roundup", "ispr", "policy", "monitor_report", "chrome_heavy", "other"}


def cache_dir() -> Path:
    return Path(os.environ.get("INCIDENTWATCH_REALSET_CACHE") or ROOT / "realset" / "cache")


def normalise_url(url: str) -> str:
    """Scheme, ``www.``, case of the host and trailing slashes aside."""
    url = url.strip()
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme):]
    host, _, rest = url.partition("/")
    host = host.lower().removeprefix("www.")
    return f"{host}/{rest}".rstrip("/")


def heldout_urls(path: Path | None = None) -> set[str]:
    path = path or HELDOUT
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {normalise_url(line) for line in lines if line.strip() and not line.startswith("#")}


def read_manifest(path: Path | None = None) -> list[dict]:
    path = path or MANIFEST
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_results(path: Path) -> tuple[str | None, list[dict]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        sys.exit(f"{path}: not a saved search result ({error})")
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        sys.exit(f"{path}: not a saved search result (no 'results' list)")
    return data.get("query"), data["results"]


def save(paths: list[Path]) -> int:
    rows = read_manifest()
    by_url = {normalise_url(r["url"]): r for r in rows}
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    chosen: dict[str, dict] = {}
    for path in paths:
        _, results = read_results(path)
        for result in results:
            row = by_url.get(normalise_url(result.get("url", "")))
            if row is None or not result.get("excerpt"):
                continue
            # a page can come back twice in one answer (two excerpts): the row's rank decides
            if row["id"] not in chosen or result.get("rank") == row.get("rank"):
                chosen[row["id"]] = result
    for ident, result in chosen.items():
        (folder / f"{ident}.txt").write_text(result["excerpt"], encoding="utf-8")
    written = len(chosen)
    print(f"wrote {written} page(s) into {folder}")
    return written


def add(path: Path, picks: list[str], prefix: str = "real", first: int = 1) -> None:
    query, results = read_results(path)
    rows = read_manifest()
    known = {normalise_url(r["url"]) for r in rows}
    heldout = heldout_urls()
    by_rank = {int(r["rank"]): r for r in results}
    taken = [int(r["id"].rsplit("-", 1)[1]) for r in rows if r["id"].rsplit("-", 1)[0] == prefix]
    number = max([first - 1, *(n for n in taken if n >= first)])
    added = []
    for pick in picks:
        rank, kind, split, *rest = pick.split(":")
        result = by_rank.get(int(rank))
        if result is None:
            sys.exit(f"{path}: no result of rank {rank}")
        if kind not in KINDS or split not in ("tune", "test"):
            sys.exit(f"bad pick {pick!r}: kind one of {sorted(KINDS)}, split tune or test")
        url = normalise_url(result["url"])
        if url in heldout:
            sys.exit(f"{result['url']}: held out, never to be used")
        if url in known:
            print(f"already in the manifest: {result['url']}")
            continue
        number += 1
        row = {"id": f"{prefix}-{number:03d}", "url": result["url"], "query": query, "rank": int(rank), "split": split, "kind": kind}
        if rest:
            row["published"] = rest[0]
        rows.append(row)
        known.add(url)
        added.append(row)
    with MANIFEST.open("a", encoding="utf-8") as out:
        for row in added:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            print(f"{row['id']} {row['kind']} {row['split']} {row['url']}")
    save([path])


def check() -> int:
    folder = cache_dir()
    missing = [r["id"] for r in read_manifest() if not (folder / f"{r['id']}.txt").exists()]
    for ident in missing:
        print(f"missing from {folder}: {ident}")
    print(f"{len(read_manifest()) - len(missing)} of {len(read_manifest())} pages cached")
    return 1 if missing else 0


def screen(path: Path) -> None:
    _, results = read_results(path)
    heldout = heldout_urls()
    known = {normalise_url(r["url"]) for r in read_manifest()}
    for result in results:
        url = normalise_url(result.get("url", ""))
        mark = "HELD OUT" if url in heldout else "known" if url in known else "ok"
        print(f"{result.get('rank')}\t{mark}\t{result.get('url')}")


def main() -> None:
    global MANIFEST
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="the manifest to read and extend")
    sub = parser.add_subparsers(dest="command", required=True)
    p_save = sub.add_parser("save")
    p_save.add_argument("results", nargs="+", type=Path)
    p_add = sub.add_parser("add")
    p_add.add_argument("results", type=Path)
    p_add.add_argument("--pick", nargs="+", required=True)
    p_add.add_argument("--id-prefix", default="real", help="ids are PREFIX-NNN (the statistical pages use their own prefix)")
    p_add.add_argument("--first-number", type=int, default=1, help="number new ids from the first free number at or above this one (people adding pages at once each take their own range)")
    sub.add_parser("check")
    p_screen = sub.add_parser("screen")
    p_screen.add_argument("results", type=Path)
    args = parser.parse_args()
    MANIFEST = args.manifest
    if args.command == "save":
        save(args.results)
    elif args.command == "add":
        add(args.results, args.pick, args.id_prefix, args.first_number)
    elif args.command == "screen":
        screen(args.results)
    else:
        sys.exit(check())


if __name__ == "__main__":
    main()
