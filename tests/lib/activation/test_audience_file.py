"""Loading an audiences file: problems name the file, the audience and the field; order is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from orchestration.lib.activation import Audience, AudienceError, load_audiences
from orchestration.lib.segmentation.families import FIXED_SEGMENTS, RULE_FAMILY_PREFIX
from orchestration.lib.segmentation.rules import load_rules
from orchestration.lib.settings import REPO_ROOT

SHIPPED = REPO_ROOT / "audiences.yml"
GOOD = {"name": "win-back", "segment_family": "win_back", "segment": "candidate", "channel": "email"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "audiences.yml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, audiences: object) -> str:
    """The AudienceError message for `audiences`, checked to name the file."""
    path = write(tmp_path, yaml.safe_dump({"audiences": audiences}))
    with pytest.raises(AudienceError) as raised:
        load_audiences(path)
    assert str(path) in str(raised.value)
    return str(raised.value)


def test_loads_audiences_in_file_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "audiences:\n"
        "  - name: at-risk-sms\n"
        "    description: '  Reminded by SMS. '\n"
        "    segment_family: rfm\n"
        "    segment: [at_risk, cannot_lose_them]\n"
        "    channel: sms\n"
        "    max_members: 500\n"
        "  - {name: young_push, segment_family: 'rule:app_first', segment: in, channel: push}\n",
    )
    assert load_audiences(path) == [
        Audience(
            "at-risk-sms", "rfm", ("at_risk", "cannot_lose_them"), "sms", "Reminded by SMS.", 500, str(path)
        ),
        Audience("young_push", "rule:app_first", ("in",), "push", "", None, str(path)),
    ]


def test_shipped_audiences_name_real_segments() -> None:
    """The default file only uses fixed segment values and rules that segments.yml defines."""
    audiences = load_audiences(SHIPPED)
    assert len(audiences) >= 4
    assert {audience.channel for audience in audiences} == {"email", "sms", "push", "mail"}
    rules = {RULE_FAMILY_PREFIX + rule.name for rule in load_rules(REPO_ROOT / "segments.yml")}
    for audience in audiences:
        if audience.segment_family.startswith(RULE_FAMILY_PREFIX):
            assert audience.segment_family in rules
            assert audience.segments == ("in",)
        else:
            assert set(audience.segments) <= set(FIXED_SEGMENTS[audience.segment_family])


def test_an_empty_list_is_no_audiences(tmp_path: Path) -> None:
    assert load_audiences(write(tmp_path, "audiences: []\n")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Win Back"}, "audiences[0]: name 'Win Back' must be a lowercase slug"),
        ({"name": None}, "audiences[0]: name None must be a lowercase slug"),
        ({"channel": "fax"}, "audience 'win-back': channel 'fax' must be one of email, sms, push, mail"),
        ({"segment": []}, "audience 'win-back': segment must name at least one segment"),
        ({"segment": True}, "audience 'win-back': segment True is not a segment name (quote"),
        ({"segment": ["a", "a"]}, "audience 'win-back': segment lists a segment twice"),
        (
            {"segment_family": ""},
            "audience 'win-back': segment_family '' must be the name of a segment family",
        ),
        ({"max_members": 0}, "audience 'win-back': max_members must be a whole number of at least 1, got 0"),
        ({"max_members": "10"}, "audience 'win-back': max_members must be a whole number of at least 1"),
        ({"description": 5}, "audience 'win-back': description must be text, got 5"),
        (
            {"segments": "x"},
            "audience 'win-back': unknown key 'segments' (expected name, description, segment_family",
        ),
        ({"channel": None}, "audience 'win-back': channel None must be one of"),
    ],
)
def test_field_problems_name_the_audience_and_field(tmp_path: Path, change: dict, message: str) -> None:
    assert message in load_error(tmp_path, [{**GOOD, **change}])


def test_missing_fields_are_all_reported(tmp_path: Path) -> None:
    error = load_error(tmp_path, [{"name": "bare"}])
    for field in ("segment_family", "segment", "channel"):
        assert f"audience 'bare': missing {field}" in error


def test_every_problem_of_the_file_is_reported(tmp_path: Path) -> None:
    items = [{**GOOD, "channel": "fax"}, "text", GOOD, {**GOOD, "name": "b", "max_members": -1}, GOOD]
    lines = load_error(tmp_path, items).splitlines()
    assert [line.removeprefix(f"{tmp_path / 'audiences.yml'}: ") for line in lines] == [
        "audience 'win-back': channel 'fax' must be one of email, sms, push, mail",
        "audiences[1]: expected an audience with name, segment_family, segment and channel",
        "audience 'b': max_members must be a whole number of at least 1, got -1",
        "audience 'win-back': duplicate name (each audience needs its own file name)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[]\n", "expected exactly one top-level key 'audiences'"),
        ("audiences: {name: x}\n", "'audiences' must be a list of audiences"),
        ("audiences: [\n", "not valid YAML"),
        ("audiences:\n  - name: a\n    name: b\n", "duplicate key 'name'"),
    ],
)
def test_file_problems_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AudienceError, match=message) as raised:
        load_audiences(path)
    assert str(raised.value).startswith(str(path))


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(AudienceError, match="audiences file not found"):
        load_audiences(tmp_path / "absent.yml")
