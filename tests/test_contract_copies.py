"""The raw-layer declaration (`raw_schema`) is the only one: the committed dbt sources, raw GX
suites and vocabulary macros are what it renders, and every other user of a contract
vocabulary reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from orchestration.lib.activation.channels import CONTACT_FIELDS
from orchestration.lib.contract_copies import COPIES, REGENERATE, stale_copies, write_copies
from orchestration.lib.landed_files import ROW_CHANGES
from orchestration.lib.quarantine import QUARANTINE
from orchestration.lib.raw_schema import (
    CONTACT_CHANNELS,
    LOADER_COLUMNS,
    RAW_TABLES,
    RawColumn,
    RawTable,
    Vocabulary,
)
from orchestration.lib.settings import REPO_ROOT

STAGING = REPO_ROOT / "dbt_project" / "models" / "staging" / "crm"


def test_the_committed_copies_are_what_the_declaration_renders():
    stale = stale_copies()
    assert stale == [], f"{', '.join(stale)} differ from orchestration/lib/raw_schema.py: run `{REGENERATE}`"


def test_rendering_is_byte_stable_and_a_drifted_copy_is_found_and_rewritten(tmp_path: Path):
    for relative, render in COPIES.items():
        assert render() == render(), relative
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(render(), encoding="utf-8")
    drifted = next(iter(COPIES))
    (tmp_path / drifted).write_text((tmp_path / drifted).read_text() + "# edited by hand\n")
    assert stale_copies(tmp_path) == [drifted]
    assert write_copies(tmp_path) == [drifted]
    assert stale_copies(tmp_path) == []


def test_the_dbt_sources_list_every_declared_column_in_table_order():
    (source,) = yaml.safe_load((STAGING / "_crm__sources.yml").read_text(encoding="utf-8"))["sources"]
    tables = {table["name"]: table for table in source["tables"]}
    assert list(tables) == [QUARANTINE.name, ROW_CHANGES.name, *(table.name for table in RAW_TABLES)]
    for bookkeeping in (QUARANTINE, ROW_CHANGES):
        assert [c["name"] for c in tables[bookkeeping.name]["columns"]] == bookkeeping.column_names
    for table in RAW_TABLES:
        columns = {column["name"]: column for column in tables[table.name]["columns"]}
        assert list(columns) == [*table.column_names, *(column.name for column in LOADER_COLUMNS)]
        for column in table.columns:
            assert columns[column.name]["description"].startswith(column.description)
            tested = [next(iter(test)) for test in columns[column.name].get("data_tests", [])]
            names = {"not_null": "not_null", "unique": "unique", "non_negative": "expression_is_true"}
            assert tested == [names[test] for test in column.dbt_tests], f"{table.name}.{column.name}"


def test_each_enum_column_is_normalised_in_staging_with_its_vocabulary():
    """A synonym the quarantine accepts must be mapped by staging, not passed on as landed (for the
    big tables, in the base model that types each row once)."""
    for table in RAW_TABLES:
        base = STAGING / "base" / f"base_crm__{table.name}.sql"
        path = base if base.exists() else STAGING / f"stg_crm__{table.name}.sql"
        model = path.read_text(encoding="utf-8")
        for column in table.columns:
            if column.vocabulary:
                call = f"normalise_enum('{column.name}', '{column.vocabulary.macro}')"
                assert call in model, f"{path.name} should normalise with {call}"


def test_the_channel_tie_order_var_lists_each_contact_channel_once():
    project = yaml.safe_load((REPO_ROOT / "dbt_project" / "dbt_project.yml").read_text(encoding="utf-8"))
    order = project["vars"]["descriptive_channel_tie_order"]
    assert sorted(order) == sorted(CONTACT_CHANNELS) and len(order) == len(CONTACT_CHANNELS)


def test_every_contact_channel_has_its_export_fields():
    """Reachability per channel is the dbt model's, over the generated contact_channels() macro."""
    assert set(CONTACT_FIELDS) == set(CONTACT_CHANNELS)


def test_no_dbt_file_spells_out_the_contact_channels():
    """The generated vocabulary macros are the only dbt copy of the channel list."""
    spelled = re.compile(r"'email',\s*'sms',\s*'push',\s*'mail'")
    generated = REPO_ROOT / "dbt_project" / "macros" / "contract_vocabulary.sql"
    files = [
        path
        for folder in ("models", "macros", "tests")
        for path in (REPO_ROOT / "dbt_project" / folder).rglob("*")
        if path.suffix in (".sql", ".yml") and path != generated
    ]
    assert [path for path in files if spelled.search(path.read_text(encoding="utf-8"))] == []


@pytest.mark.parametrize(
    ("values", "synonyms", "message"),
    [
        (("email", "SMS"), (), "lowercased and trimmed"),
        (("email",), (("email", (" e-mail",)),), "lowercased and trimmed"),
        (("email", "sms"), (("sms", ("email",)),), "listed twice"),
        (("email",), (("fax", ("telefax",)),), "values it does not have"),
        (("o'clock",), (), "quote"),
    ],
)
def test_a_vocabulary_must_be_written_as_it_is_compared(values, synonyms, message):
    with pytest.raises(ValueError, match=message):
        Vocabulary("channels", values, synonyms)


def test_a_dbt_test_needs_the_rule_it_repeats():
    with pytest.raises(ValueError, match="need a rule"):
        RawTable("t", (RawColumn("a", "VARCHAR", dbt_tests=("not_null",)),), key=())
    with pytest.raises(ValueError, match="need a rule"):
        RawTable("t", (RawColumn("a", "VARCHAR", required=True, dbt_tests=("unique",)),), key=())


def test_the_tables_declared_staged_incrementally_are_those_with_a_dbt_base_model():
    """The loader notes changed rows only for declared tables: a base model of another would miss them."""
    base_models = {path.stem.removeprefix("base_crm__") for path in STAGING.glob("base/base_crm__*.sql")}
    assert base_models == {table.name for table in RAW_TABLES if table.staged_incrementally}
