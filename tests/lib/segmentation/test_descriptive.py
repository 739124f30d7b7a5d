"""Descriptive families: one value per member per family, `unknown` where data is missing."""

from __future__ import annotations

import pandas as pd

from orchestration.lib.segmentation.descriptive import DESCRIPTIVE_FAMILIES, describe_members

NAN = float("nan")
CHANNELS = ("email", "push", "sms", "mail")


def member(**overrides) -> dict:
    row = {
        "customer_id": "C1",
        "age_years": 30,
        "gender": "female",
        "country": "DE",
        "region": "Bavaria",
        "membership_type": "premium",
        "survey_lifestyle": "family",
        "survey_price_sensitivity": "value_seeker",
        "survey_interests": "outdoor",
        "campaigns_contacted": 10,
        "campaign_open_rate": 0.5,
        "campaign_click_rate": 0.2,
        "campaign_conversion_rate": 0.05,
        "preferred_purchase_channel": "app",
    }
    for channel in CHANNELS:
        row |= {
            f"has_{channel}_consent": channel == "email",
            f"is_unsubscribed_{channel}": False,
            f"has_bounced_{channel}": False,
            f"{channel}_open_rate": 0.5 if channel == "email" else NAN,
            f"{channel}_click_rate": 0.2 if channel == "email" else NAN,
        }
    return row | overrides


def describe(*rows: dict) -> pd.DataFrame:
    return describe_members(pd.DataFrame(list(rows)))


def test_a_fully_known_member():
    result = describe(member()).iloc[0]
    assert result["age_band"] == "25-34"
    assert result["region"] == "DE-Bavaria"
    assert result["psychographic"] == "family_value_seeker"
    assert result["campaign_response"] == "responsive"
    assert result["preferred_channel"] == "email"
    assert result["purchase_channel"] == "app"


def test_missing_data_is_unknown_in_every_family():
    empty = {column: None for column in member() if column != "customer_id"}
    empty |= {f"has_{c}_consent": False for c in CHANNELS} | {"campaigns_contacted": 0}
    empty |= {f"is_unsubscribed_{c}": False for c in CHANNELS} | {f"has_bounced_{c}": False for c in CHANNELS}
    result = describe(member(**empty)).iloc[0]
    for family in ("age_band", "gender", "country", "region", "membership_type", "psychographic", "interest"):
        assert result[family] == "unknown", family
    assert result["campaign_response"] == "never_reached"
    assert result["preferred_channel"] == "no_consent"
    assert set(DESCRIPTIVE_FAMILIES) <= set(result.index)


def test_age_bands_edges():
    ages = [17, 18, 24, 25, 64, 65, 90]
    result = describe(*[member(age_years=a) for a in ages])
    assert result["age_band"].tolist() == ["under_18", "18-24", "18-24", "25-34", "55-64", "65+", "65+"]


def test_campaign_response_levels():
    rows = [
        member(campaign_open_rate=0.3, campaign_click_rate=0.0, campaign_conversion_rate=0.0),
        member(campaign_open_rate=0.05, campaign_click_rate=0.0, campaign_conversion_rate=0.0),
        member(campaign_open_rate=0.2, campaign_click_rate=0.01, campaign_conversion_rate=0.05),
    ]
    assert describe(*rows)["campaign_response"].tolist() == ["occasional", "unresponsive", "responsive"]


def test_preferred_channel_skips_unreachable_and_prefers_engagement():
    sms_engaged = member(
        has_sms_consent=True, sms_open_rate=0.9, sms_click_rate=0.5, email_open_rate=0.1, email_click_rate=0.0
    )
    unsubscribed = member(is_unsubscribed_email=True, has_push_consent=True)
    bounced_only = member(has_bounced_email=True)
    result = describe(sms_engaged, unsubscribed, bounced_only)["preferred_channel"].tolist()
    assert result == ["sms", "push", "no_consent"]
