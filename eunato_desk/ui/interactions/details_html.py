"""The selected interaction as HTML for the details pane (no Qt needed, easy to test)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eunato_desk.core.records import InteractionRecord

FORMAT_LABELS = {"in_person": "in person", "video": "video", "hybrid": "hybrid"}


def _para(text: str) -> str:
    if not text.strip():
        return "<p style='color:#777'><i>Nothing recorded.</i></p>"
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())


def _stamp(iso: str) -> str:
    """'2026-11-26T15:53:52Z' -> '2026-11-26 15:53 UTC' (anything else as it is)."""
    if len(iso) >= 16 and iso[10] == "T":
        return f"{iso[:10]} {iso[11:16]} UTC"
    return iso


def interaction_html(r: InteractionRecord) -> str:
    when = r.start_date.isoformat() + (f" {r.start_time}" if r.start_time else "")
    if r.end_date and r.end_date != r.start_date:
        when += f" – {r.end_date.isoformat()}" + (f" {r.end_time}" if r.end_time else "")
    elif r.end_time:
        when += f"–{r.end_time}"
    facts = [
        ("When", when),
        ("Type", r.type),
        ("Status", r.status.capitalize()),
        ("Where", ", ".join(x for x in (r.location, FORMAT_LABELS.get(r.format or "", "")) if x)),
        ("Organisations", ", ".join(r.organisations)),
        ("Countries", ", ".join(r.countries)),
        ("Participants", ", ".join(r.participants)),
        ("Tags", "; ".join(r.tags)),
        ("Marking", r.marking),
    ]
    rows = "".join(
        f"<tr><td style='color:#555;padding-right:10px'>{k}</td><td>{escape(v)}</td></tr>"
        for k, v in facts
        if v
    )
    if r.links:
        links = "".join(
            f"<li><b>{lk.number if lk.number is not None else '–'}</b> {escape(lk.title)}"
            + (f"<br><span style='color:#444'>{escape(lk.note)}</span>" if lk.note else "")
            + "</li>"
            for lk in r.links
        )
        links_html = f"<ul style='margin-top:0'>{links}</ul>"
    else:
        links_html = "<p style='color:#777'><i>Not linked to any action yet.</i></p>"
    stamp = f"Created {escape(_stamp(r.created_at))}" + (
        f" by {escape(r.created_by)}" if r.created_by else ""
    )
    if r.updated_at != r.created_at:
        stamp += f" · updated {escape(_stamp(r.updated_at))}" + (
            f" by {escape(r.updated_by)}" if r.updated_by else ""
        )
    trash = (
        f"<p style='color:#c62828'><b>In the Trash since {escape(_stamp(r.deleted_at))}.</b></p>"
        if r.deleted_at
        else ""
    )
    return (
        f"{trash}<h3 style='margin-bottom:4px'>{escape(r.title)}</h3>"
        f"<table cellspacing='0' cellpadding='1'>{rows}</table>"
        f"<h4 style='margin-bottom:2px'>Actions advanced</h4>{links_html}"
        f"<h4 style='margin-bottom:2px'>Summary</h4>{_para(r.summary)}"
        f"<h4 style='margin-bottom:2px'>Outcome / next steps</h4>{_para(r.outcome)}"
        f"<p style='color:#777;font-size:small'>{stamp}</p>"
    )
