"""GX Data Docs on disk: one static site per check, and an overview page linking them.

Sites live in `<LOYALTY_QUALITY_DOCS_DIR>/<run_id>/<check>/`, one folder per run and
outside the serving folder, so a failed run shows why it failed without touching
what BI reads; the publish copies the published run's folder into its release
(`<serving_dir>/quality_docs/`). The newest `RUNS_KEPT` run folders are kept.
Each site is rebuilt from scratch when its check runs again in the same run: the
GX context is in memory, so an old site would otherwise keep pages of earlier attempts.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2

from orchestration.lib.quality.outcome import ValidationOutcome

SITE_NAME = "quality_docs"
OUTCOME_FILE = "outcome.json"
SITE_ENTRIES = {"index.html", "static", "validations", "expectations", OUTCOME_FILE}
"""What a site folder holds (also after a run that died half-way), so it may be deleted and rebuilt."""


OVERVIEW_FILE = "index.html"
OVERVIEW = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    "<!doctype html><meta charset='utf-8'><title>Data quality</title><h1>Data quality checks</h1>"
    "<table border='1' cellpadding='4'><tr><th>check</th><th>latest result</th><th>suites</th>"
    "<th>validated at (UTC)</th></tr>"
    "{% for site in sites %}<tr><td><a href='{{ site.name }}/index.html'>{{ site.name }}</a></td>"
    "<td>{% if site.success %}passed"
    "{% else %}FAILED ({{ site.failed }} of {{ site.expectations }}){% endif %}</td>"
    "<td>{{ site.suites | join(', ') }}</td><td>{{ site.validated_at }}</td></tr>{% endfor %}</table>"
)
"""The overview of a run's checks; every value is escaped (autoescape), check names included."""
RUNS_KEPT = 30
"""About a month of daily runs, enough to compare a failure with the last good runs."""


def run_docs_root(docs_dir: Path, run_id: str) -> Path:
    """Where every check of run `run_id` writes its Data Docs site, and the run's overview."""
    return docs_dir / run_id


def run_docs_overview(docs_dir: Path, run_id: str) -> Path | None:
    """The run's overview page, if any of its checks got as far as writing docs."""
    overview = run_docs_root(docs_dir, run_id) / OVERVIEW_FILE
    return overview if overview.is_file() else None


def prune_run_docs(docs_dir: Path, keep: str, runs_kept: int = RUNS_KEPT) -> None:
    """Delete all but the newest `runs_kept` run folders (by modification time), never `keep`.

    Only folders holding an overview page and a check's verdict are run folders; anything
    else is left alone.
    """
    runs = [
        overview
        for overview in docs_dir.glob(f"*/{OVERVIEW_FILE}")
        if overview.parent.name != keep and any(overview.parent.glob(f"*/{OUTCOME_FILE}"))
    ]
    runs.sort(key=lambda overview: overview.stat().st_mtime, reverse=True)
    for overview in runs[max(runs_kept - 1, 0) :]:
        shutil.rmtree(overview.parent, ignore_errors=True)


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
    sites = [
        {"name": path.parent.name, **json.loads(path.read_text(encoding="utf-8"))}
        for path in sorted(root.glob(f"*/{OUTCOME_FILE}"))
    ]
    page = OVERVIEW.render(sites=sites)
    index = root / OVERVIEW_FILE
    index.write_text(page, encoding="utf-8")
    return index
