"""Audience exports: segments sent to channel tools, with consent, reachability and a contact cap.

The flow a caller (the Dagster asset) follows:

    audiences = load_audiences(settings.audiences)        # structure; AudienceError on problems
    run = export_audiences(conn, audiences, as_of, settings.export_dir,
                           ContactCap(settings.contact_cap, settings.contact_cap_days),
                           run_id, exported_at)
    run.folder       # <export_dir>/<as_of>/ with <audience>.csv/.parquet and manifest.json
    run.counts       # per audience: segment members, excluded per reason, exported

`export_audiences` first checks every audience's family and segments against
segments.segment_membership (`segment_check`), then judges members in SQL
(`eligibility`: the contact exclusions dbt decides, `channels`, then the contact
cap and max_members), logs contacts in history.contact_log (`contact_log`) and
writes the files (`export_files`). The file format is documented in
`audiences.yml` at the repository root.
"""

from orchestration.lib.activation.audience_file import load_audiences, parse_audiences
from orchestration.lib.activation.audiences import CHANNELS, Audience, AudienceError
from orchestration.lib.activation.contact_log import CONTACT_LOG, ContactCap
from orchestration.lib.activation.eligibility import EXCLUSION_REASONS, AudienceCounts
from orchestration.lib.activation.export_files import MANIFEST, export_columns
from orchestration.lib.activation.exports import ExportRun, export_audiences

__all__ = [
    "CHANNELS",
    "CONTACT_LOG",
    "EXCLUSION_REASONS",
    "MANIFEST",
    "Audience",
    "AudienceCounts",
    "AudienceError",
    "ContactCap",
    "ExportRun",
    "export_audiences",
    "export_columns",
    "load_audiences",
    "parse_audiences",
]
