"""Data Docs per run: where a run's docs go, and how many runs are kept."""

from __future__ import annotations

import os

from orchestration.lib.quality.docs import prune_run_docs, run_docs_overview, run_docs_root


def make_run(docs_dir, run_id: str, age: int) -> None:
    overview = run_docs_root(docs_dir, run_id) / "index.html"
    (overview.parent / "crm__orders").mkdir(parents=True)
    (overview.parent / "crm__orders" / "outcome.json").write_text("{}")
    overview.write_text(run_id)
    os.utime(overview, (1_000_000 - age, 1_000_000 - age))


def test_a_run_has_an_overview_once_a_check_wrote_one(tmp_path):
    assert run_docs_root(tmp_path, "run-a") == tmp_path / "run-a"
    assert run_docs_overview(tmp_path, "run-a") is None
    make_run(tmp_path, "run-a", age=0)
    assert run_docs_overview(tmp_path, "run-a") == tmp_path / "run-a" / "index.html"


def test_pruning_keeps_the_newest_runs_and_the_current_one_and_foreign_folders(tmp_path):
    for age in range(5):
        make_run(tmp_path, f"run-{age}", age=age)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "index.html").write_text("an operator's page, not a run")
    (tmp_path / "current").mkdir()
    prune_run_docs(tmp_path, keep="current", runs_kept=3)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["current", "notes", "run-0", "run-1"]
