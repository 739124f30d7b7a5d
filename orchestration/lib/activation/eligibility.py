"""Who of an audience's segment may be contacted today, and why the others may not, in one SQL pass.

Each member gets the first reason that keeps them out, in this order: the
channel's contact exclusion from dbt (CONTACT_EXCLUSIONS: no consent on the
channel, unsubscribed, bounced, unreachable), capped (already `contacts` exports
on the channel within the window of the contact log), over max_members
(eligible, but ranked below max_members by predicted 12-month CLV, highest
first, ties by customer_id). Members without a reason are exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from orchestration.lib.activation.audiences import Audience
from orchestration.lib.activation.channels import CONTACT_EXCLUSIONS, CONTACT_FIELDS, CONTACTABILITY, CONTACTS
from orchestration.lib.activation.contact_log import CONTACT_LOG, ContactCap
from orchestration.lib.segmentation.families import SEGMENT_MEMBERSHIP
from orchestration.lib.sql import quote_identifier

CANDIDATES = "activation_candidates"
"""Temp table: the current audience's members with their exclusion (null = exported)."""

EXCLUSION_REASONS = (*CONTACT_EXCLUSIONS, "capped", "over_max_members")

# CONTACTABILITY covers the staged customers, as the segments do: the inner join only keeps an id
# it lacks out of the counts. CONTACTS gives the exported contact fields.
_CANDIDATES_SQL = """
create or replace temp table {candidates} as
with members as (
    select customer_id, string_agg(distinct segment, '|' order by segment) as segment
    from {membership}
    where segment_family = $family and list_contains($segments, segment)
    group by customer_id
),
recent as (
    select customer_id, count(*) as contacts
    from {contact_log}
    where channel = $channel and as_of_date between $window_start and $as_of
    group by customer_id
),
checked as (
    select
        members.customer_id,
        members.segment,{contact_fields}
        scores.predicted_clv_12m,
        coalesce(
            contactability.exclusion,
            case when coalesce(recent.contacts, 0) >= $cap then 'capped' end
        ) as exclusion
    from members
    join {contactability} as contactability
        on contactability.customer_id = members.customer_id and contactability.channel = $channel
    left join {contacts} as contacts on contacts.customer_id = members.customer_id
    left join recent on recent.customer_id = members.customer_id
    left join segments.customer_scores as scores on scores.customer_id = members.customer_id
)
select
    * exclude (exclusion),
    case
        when exclusion is null
            and row_number() over (
                partition by exclusion is null
                order by predicted_clv_12m desc nulls last, customer_id
            ) > $max_members
        then 'over_max_members'
        else exclusion
    end as exclusion
from checked
"""


@dataclass(frozen=True)
class AudienceCounts:
    """How many members an audience's segments held, how many each reason kept out, how many went out."""

    audience: str
    segment_members: int
    excluded: dict[str, int]
    exported: int

    def as_json(self) -> dict[str, object]:
        return {"segment_members": self.segment_members, "excluded": self.excluded, "exported": self.exported}


def select_candidates(
    conn: duckdb.DuckDBPyConnection, audience: Audience, as_of: date, cap: ContactCap
) -> AudienceCounts:
    """Fill the temp table CANDIDATES for `audience`, judged against the contact log as it stands now."""
    channel = audience.channel
    contact_fields = "".join(
        f"\n        contacts.{quote_identifier(name)}," for name in CONTACT_FIELDS[channel]
    )
    sql = _CANDIDATES_SQL.format(
        candidates=CANDIDATES,
        membership=SEGMENT_MEMBERSHIP,
        contact_log=CONTACT_LOG,
        contactability=CONTACTABILITY,
        contacts=CONTACTS,
        contact_fields=contact_fields,
    )
    conn.execute(
        sql,
        {
            "family": audience.segment_family,
            "segments": list(audience.segments),
            "channel": channel,
            "window_start": cap.window_start(as_of),
            "as_of": as_of,
            "cap": cap.contacts,
            "max_members": audience.max_members,
        },
    )
    return _count_candidates(conn, audience.name)


def _count_candidates(conn: duckdb.DuckDBPyConnection, audience: str) -> AudienceCounts:
    """Tally CANDIDATES by exclusion reason (every reason listed, zero when none)."""
    tally = dict(conn.execute(f"select exclusion, count(*) from {CANDIDATES} group by all").fetchall())
    return AudienceCounts(
        audience=audience,
        segment_members=sum(tally.values()),
        excluded={reason: tally.get(reason, 0) for reason in EXCLUSION_REASONS},
        exported=tally.get(None, 0),
    )
