"""Dependencies point one way: models import nothing of ours; the pipeline never imports the
CLI or the evaluation."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "incidentwatch"

FORBIDDEN = {
    "models": {"pipeline", "resources", "cli", "evaluation", "sources", "extraction", "errors"},
    "pipeline": {"cli", "evaluation", "sources", "store", "web"},
    "resources": {"cli", "evaluation", "sources", "pipeline"},
    "evaluation": {"cli"},
    "store": {"cli", "ingest", "pipeline", "evaluation", "sources"},
    "ingest": {"cli"},
    "sources": {"cli", "store", "ingest", "pipeline"},
    "watch": {"cli", "web", "evaluation"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level >= 1 and node.module:
            parts = path.relative_to(PACKAGE).parts
            base = parts[: len(parts) - node.level]
            target = (*base, *node.module.split("."))
            found.add(target[0] if target else "")
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("incidentwatch."):
            found.add(node.module.split(".")[1])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_do_not_import_upwards(layer):
    for path in (PACKAGE / layer).rglob("*.py"):
        bad = _imports(path) & FORBIDDEN[layer]
        assert not bad, f"{path.relative_to(PACKAGE)} imports {sorted(bad)}"
