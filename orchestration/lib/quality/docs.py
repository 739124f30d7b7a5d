"""GX Data Docs on disk: one static site per check, and an overview page linking them.

Sites live in `<serving_dir>/quality_docs/<check>/`, beside the published marts
but outside what a publish swaps (`loyalty.duckdb`, `parquet/`), so a failed
run still shows why it failed while the last good publish stays in place.
Each site is rebuilt from scratch per run: the GX context is in memory, so an
old site would otherwise keep pages of earlier runs.
"""

from __future__ import annotations

import html
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from orchestration.lib.quality.outcome import ValidationOutcome

QUALITY_DOCS_DIR = "quality_docs"
SITE_NAME = "quality_docs"
OUTCOME_FILE = "outcome.json"
SITE_ENTRIES = {"index.html", "static", "validations", "expectations", OUTCOME_FILE}
"""What a site folder holds (also after a run that died half-way), so it may be deleted and rebuilt."""


def quality_docs_root(serving_dir: Path) -> Path:
    """Where every check's Data Docs site goes."""
    return serving_dir / QUALITY_DOCS_DIR


def site_config(directory: Path) -> dict[str, Any]:
    """A GX Data Docs site writing static HTML into `directory`."""
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def reset_site(directory: Path) -> None:
    """Remove the previous run's site; refuses a folder that is not a Data Docs site."""
    if not directory.exists():
        return
    entries = {path.name for path in directory.iterdir()}
    if entries and not entries & SITE_ENTRIES:
        raise FileExistsError(f"{directory} exists and is not a GX Data Docs site; not deleting it")
    shutil.rmtree(directory)


def build_site(context: Any, directory: Path) -> Path:
    """Render the context's validation results into `directory`; returns its index.html."""
    context.build_data_docs(site_names=[SITE_NAME])
    index = directory / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"GX did not write the Data Docs index {index}")
    return index


def write_overview(root: Path, site: str, outcome: ValidationOutcome) -> Path:
    """Record `site`'s verdict and rewrite `root/index.html`, a table of every site's latest verdict."""
    (root / site).mkdir(parents=True, exist_ok=True)
    verdict = {
        "success": outcome.success,
        "expectations": len(outcome.results),
        "failed": len(outcome.failures),
        "suites": [suite.name for suite in outcome.suites],
        "validated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (root / site / OUTCOME_FILE).write_text(json.dumps(verdict, indent=2), encoding="utf-8")
    rows = []
    for path in sorted(root.glob(f"*/{OUTCOME_FILE}")):
        seen = json.loads(path.read_text(encoding="utf-8"))
        name = html.escape(path.parent.name)
        status = "passed" if seen["success"] else f"FAILED ({seen['failed']} of {seen['expectations']})"
        rows.append(
            f"<tr><td><a href='{name}/index.html'>{name}</a></td><td>{status}</td>"
            f"<td>{html.escape(', '.join(seen['suites']))}</td><td>{seen['validated_at']}</td></tr>"
        )
    page = (
        "<!doctype html><meta charset='utf-8'><title>Data quality</title><h1>Data quality checks</h1>"
        "<table border='1' cellpadding='4'><tr><th>check</th><th>latest result</th><th>suites</th>"
        f"<th>validated at (UTC)</th></tr>{''.join(rows)}</table>"
    )
    index = root / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
