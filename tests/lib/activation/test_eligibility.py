"""Who of a segment is exported, and the one reason each of the others is kept out."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from orchestration.lib.activation import ContactCap
from orchestration.lib.activation.channels import CONTACT_EXCLUSIONS, CONTACTABILITY
from orchestration.project import dbt_project
from tests.lib.activation.warehouse_tables import (
    Member,
    audience,
    build_warehouse,
    counts_of,
    export,
    exported_ids,
)

NO_EXCLUSIONS = {
    "no_consent": 0,
    "unsubscribed": 0,
    "bounced": 0,
    "unreachable": 0,
    "capped": 0,
    "over_max_members": 0,
}


def test_each_contact_exclusion_keeps_the_member_out_under_its_reason(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01"),
            Member("C02", excluded={"email": "no_consent"}),
            Member("C03", excluded={"email": "unsubscribed"}),
            Member("C04", excluded={"email": "bounced"}),
            Member("C05", excluded={"email": "unreachable"}),
            Member("C06", excluded={"email": "unreachable"}),
            Member("C07", excluded={"sms": "no_consent", "push": "bounced", "mail": "unreachable"}),
            Member("C08", segments={"rfm": "loyal_customers"}),
            Member("C09", staged=False),  # kept out of the dbt models by the quarantine
        ],
    )
    run = export(conn, tmp_path, [audience("champions-email")])
    assert counts_of(run, "champions-email") == {
        "segment_members": 7,
        "excluded": {**NO_EXCLUSIONS, "no_consent": 1, "unsubscribed": 1, "bounced": 1, "unreachable": 2},
        "exported": 2,
    }
    assert exported_ids(run, "champions-email") == ["C01", "C07"]


def test_the_exclusions_are_those_the_dbt_model_gives() -> None:
    """The model's accepted values are the reasons the exports count, so none goes uncounted."""
    manifest = json.loads(dbt_project.manifest_path.read_text(encoding="utf-8"))
    model = f"model.loyalty.{CONTACTABILITY.split('.')[1]}"
    [accepted] = [
        test["kwargs"]["values"]
        for node in manifest["nodes"].values()
        if node.get("attached_node") == model
        and node.get("column_name") == "exclusion"
        and (test := node.get("test_metadata", {})).get("name") == "accepted_values"
    ]
    assert tuple(accepted) == CONTACT_EXCLUSIONS


def test_a_list_of_segments_exports_each_member_once(conn: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", segments={"rfm": "at_risk"}),
            Member("C02", segments={"rfm": "cannot_lose_them"}),
            Member("C03", segments={"rfm": "champions"}),
        ],
    )
    conn.execute("insert into segments.segment_membership values ('C01', 'interest', 'outdoor')")
    conn.execute("insert into segments.segment_membership values ('C01', 'interest', 'sports')")
    rfm = export(conn, tmp_path, [audience("a", segments=["at_risk", "cannot_lose_them"])])
    assert exported_ids(rfm, "a") == ["C01", "C02"]
    interest = export(conn, tmp_path, [audience("b", family="interest", segments=["sports", "outdoor"])])
    segments = duckdb.execute("select segment from read_parquet(?)", [str(interest.folder / "b.parquet")])
    assert segments.fetchall() == [("outdoor|sports",)]


def test_max_members_keeps_the_highest_predicted_value(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", predicted_clv_12m=50.0),
            Member("C02", predicted_clv_12m=None),
            Member("C03", predicted_clv_12m=300.0),
            Member("C04", predicted_clv_12m=200.0),
            Member("C05", predicted_clv_12m=200.0),
            Member("C06", predicted_clv_12m=900.0, excluded={"email": "no_consent"}),
        ],
    )
    run = export(conn, tmp_path, [audience("top", max_members=3)])
    assert exported_ids(run, "top") == ["C03", "C04", "C05"]
    assert counts_of(run, "top")["excluded"] == {**NO_EXCLUSIONS, "no_consent": 1, "over_max_members": 2}


def test_max_members_breaks_ties_by_customer_id_and_puts_unknown_value_last(
    conn: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    build_warehouse(
        conn,
        [
            Member("C01", predicted_clv_12m=50.0),
            Member("C02", predicted_clv_12m=None),
            Member("C03", predicted_clv_12m=200.0),
            Member("C04", predicted_clv_12m=200.0),
        ],
    )
    run = export(
        conn,
        tmp_path,
        [audience("first", max_members=1), audience("rest", max_members=2)],
        cap=ContactCap(1, 7),
    )
    assert exported_ids(run, "first") == ["C03"]
    assert exported_ids(run, "rest") == ["C01", "C04"]
    assert counts_of(run, "rest")["excluded"] == {**NO_EXCLUSIONS, "capped": 1, "over_max_members": 1}
