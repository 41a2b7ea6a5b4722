"""A dossier as an OpenDocument Text file (.odt), written with zipfile: pure Python, no Qt.

The package holds what ODF 1.2 requires and LibreOffice reads: ``mimetype`` first and stored,
``META-INF/manifest.xml``, ``content.xml``, ``styles.xml`` (A4 page, named paragraph styles,
page numbers in the footer) and ``meta.xml``. Every value is cleaned of characters XML 1.0
forbids and escaped; runs of spaces, tabs and line breaks become their ODF elements.
The wording is the HTML dossier's (shared helpers), so both formats say the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from eunato_desk.core.records import ActionDossier, Dossier, HistoryEntry
from eunato_desk.documents.dossier.html import (
    DASH,
    NO_FOLLOW_UPS,
    NO_HISTORY,
    action_facts,
    action_label,
    clean,
    due_text,
    entry_facts,
    linked_as,
    open_follow_ups,
    paragraphs,
    stamp_text,
    when_text,
)

MIMETYPE = "application/vnd.oasis.opendocument.text"
ODF_VERSION = "1.2"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TEXT_WIDTH_CM = 17.4  # A4 (21 cm) less 1.8 cm margins on each side

# Table layouts: name -> column widths in cm (they add up to the text width).
TABLES = {
    "Facts": (4.0, 13.4),
    "FollowUps": (3.4, 3.4, 10.6),
    "Changes": (3.8, 2.6, 8.2, 2.8),
    "Contents": (1.8, 9.8, 2.8, 3.0),
}

STYLES_XML = f"""{_HEAD}<office:document-styles {_XMLNS} office:version="{ODF_VERSION}">
<office:font-face-decls>
<style:font-face style:name="DejaVu Sans" svg:font-family="&apos;DejaVu Sans&apos;"
 style:font-family-generic="swiss" style:font-pitch="variable"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:hyphenation-ladder-count="no-limit" style:writing-mode="page"/>
<style:text-properties style:font-name="DejaVu Sans" fo:font-size="10pt" fo:language="en"
 fo:country="GB" fo:hyphenate="false"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph"
 style:parent-style-name="Standard" style:class="text">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.12cm"/>
</style:style>
<style:style style:name="Muted" style:family="paragraph" style:parent-style-name="Text_20_body"
 style:class="text"><style:text-properties fo:color="#555555" fo:font-style="italic"/>
</style:style>
<style:style style:name="Label" style:family="paragraph" style:parent-style-name="Text_20_body"
 style:class="text"><style:paragraph-properties fo:margin-top="0.15cm" fo:margin-bottom="0.03cm"
 fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" fo:color="#333333"/>
</style:style>
<style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard"
 style:class="chapter"><style:paragraph-properties fo:margin-bottom="0.15cm"/>
<style:text-properties fo:font-size="18pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Subtitle" style:family="paragraph" style:parent-style-name="Standard"
 style:class="chapter"><style:paragraph-properties fo:margin-bottom="0.15cm"/>
<style:text-properties fo:font-size="12pt" fo:color="#333333"/></style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"
 style:next-style-name="Text_20_body" style:class="text">
<style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.12cm"
 fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">
<style:paragraph-properties fo:border-bottom="1pt solid #444444" fo:padding-bottom="0.05cm"/>
<style:text-properties fo:font-size="15pt"/></style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
<style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="3" style:class="text">
<style:text-properties fo:font-size="11pt"/></style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents"
 style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading"
 style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
<style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"
 style:class="extra"><style:paragraph-properties fo:text-align="end"/>
<style:text-properties fo:font-size="8pt" fo:color="#555555"/></style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis"
 style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Emphasis" style:family="text">
<style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Overdue" style:family="text">
<style:text-properties fo:color="#b00000" fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm"
 fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="1.6cm"
 fo:margin-bottom="1.2cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"/>
<style:footer-style><style:header-footer-properties fo:min-height="0.5cm"
 fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4"><style:footer>
<text:p text:style-name="Footer">Page <text:page-number text:select-page="current">1</text:page-number> of <text:page-count>1</text:page-count></text:p>
</style:footer></style:master-page>
</office:master-styles>
</office:document-styles>
"""  # noqa: E501


def _automatic_styles() -> str:
    out = [
        '<style:style style:name="H1_20_new_20_page" style:display-name="H1 new page"'
        ' style:family="paragraph" style:parent-style-name="Heading_20_1">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>',
        '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties'
        ' fo:padding="0.06cm" fo:border="none"/></style:style>',
        '<style:style style:name="GridCell" style:family="table-cell">'
        '<style:table-cell-properties fo:padding="0.06cm" fo:border-left="none"'
        ' fo:border-right="none" fo:border-top="none"'
        ' fo:border-bottom="0.5pt solid #999999"/></style:style>',
    ]
    for name, widths in TABLES.items():
        out.append(
            f'<style:style style:name="{name}" style:family="table"><style:table-properties'
            f' style:width="{sum(widths):.2f}cm" table:align="left"'
            ' fo:margin-top="0.05cm" fo:margin-bottom="0.15cm"/></style:style>'
        )
        for i, width in enumerate(widths):
            out.append(
                f'<style:style style:name="{name}.{chr(65 + i)}" style:family="table-column">'
                f'<style:table-column-properties style:column-width="{width:.2f}cm"/>'
                "</style:style>"
            )
    return "".join(out)


_SPACES = re.compile(r"  +")


def _t(value: object) -> str:
    """Inline ODF text: escaped, with text:s for runs of spaces, text:tab, text:line-break."""
    lines = []
    for line in clean(value).split("\n"):
        chunks = []
        for part in line.split("\t"):
            part = _SPACES.sub(lambda m: f' <text:s text:c="{len(m.group()) - 1}"/>', escape(part))
            chunks.append(part)
        lines.append("<text:tab/>".join(chunks))
    text = "<text:line-break/>".join(lines)
    return "<text:s/>" + text[1:] if text.startswith(" ") else text


def _p(content: str, style: str = "Text_20_body") -> str:
    return f'<text:p text:style-name="{style}">{content}</text:p>'


def _h(content: str, level: int, style: str | None = None) -> str:
    name = style or f"Heading_20_{level}"
    return f'<text:h text:style-name="{name}" text:outline-level="{level}">{content}</text:h>'


def _span(content: str, style: str) -> str:
    return f'<text:span text:style-name="{style}">{content}</text:span>'


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return _p("Nothing recorded.", "Muted")
    return "".join(_p(_t(line)) for line in lines)


class _Tables:
    """Numbers the tables: each ODF table needs a unique name."""

    def __init__(self) -> None:
        self.count = 0

    def table(
        self,
        layout: str,
        rows: Iterable[Sequence[str]],
        header: Sequence[str] | None = None,
        cell_style: str = "GridCell",
    ) -> str:
        """A table of already-formatted inline contents (see _t); a header row repeats."""
        self.count += 1
        columns = "".join(
            f'<table:table-column table:style-name="{layout}.{chr(65 + i)}"/>'
            for i in range(len(TABLES[layout]))
        )

        def row(cells: Sequence[str], style: str) -> str:
            return (
                "<table:table-row>"
                + "".join(
                    f'<table:table-cell table:style-name="{cell_style}"'
                    f' office:value-type="string">{_p(c, style)}</table:table-cell>'
                    for c in cells
                )
                + "</table:table-row>"
            )

        head = (
            f"<table:table-header-rows>{row(header, 'Table_20_Heading')}</table:table-header-rows>"
            if header
            else ""
        )
        body = "".join(row(cells, "Table_20_Contents") for cells in rows)
        return (
            f'<table:table table:name="{layout}{self.count}" table:style-name="{layout}">'
            f"{columns}{head}{body}</table:table>"
        )


def _entry(tables: _Tables, index: int, entry: HistoryEntry, section: ActionDossier) -> str:
    action = section.action
    facts = [(_t(label), _t(value)) for label, value in entry_facts(entry)]
    parts = []
    if entry.note.strip():
        parts.append(f"{_span('Link note:', 'Strong_20_Emphasis')} {_t(entry.note.strip())}")
    if linked_as(entry, action):
        parts.append(_span(_t(f"({linked_as(entry, action)})"), "Emphasis"))
    return (
        _h(_t(f"{index}. {when_text(entry)} {DASH} {entry.title}"), 3)
        + tables.table("Facts", facts, cell_style="Cell")
        + (_p(" ".join(parts)) if parts else "")
        + _p("Summary", "Label")
        + _text_block(entry.summary)
        + _p("Outcome", "Label")
        + _text_block(entry.outcome)
    )


def _section(tables: _Tables, section: ActionDossier, new_page: bool) -> str:
    action = section.action
    out = [
        _h(
            _t(f"{action_label(action)}: {action.title}"),
            1,
            "H1_20_new_20_page" if new_page else None,
        ),
        tables.table("Facts", [(_t(k), _t(v)) for k, v in action_facts(action)], cell_style="Cell"),
    ]
    if action.description.strip():
        out.append(_text_block(action.description))
    out.append(_h(_t(f"Interactions ({len(section.history)})"), 2))
    if section.history:
        out += [_entry(tables, i, e, section) for i, e in enumerate(section.history, 1)]
    else:
        out.append(_p(NO_HISTORY, "Muted"))
    out.append(_h("Open follow-ups", 2))
    follow_ups = open_follow_ups(section)
    if follow_ups:
        rows = [
            (
                _span(_t(due_text(f)), "Overdue") if f.overdue else _t(due_text(f)),
                _t(f.owner or DASH),
                _t(f.text)
                + "<text:line-break/>"
                + _span(
                    _t(f"from: {f.interaction_date.isoformat()} {f.interaction_title}"),
                    "Emphasis",
                ),
            )
            for f in follow_ups
        ]
        out.append(tables.table("FollowUps", rows, header=("Due", "Owner", "Follow-up")))
    else:
        out.append(_p(NO_FOLLOW_UPS, "Muted"))
    if section.changes:
        out.append(_h("Catalogue changes", 2))
        rows = [
            (_t(stamp_text(c.changed_at)), _t(c.kind), _t(c.detail), _t(c.officer or DASH))
            for c in section.changes
        ]
        out.append(tables.table("Changes", rows, header=("When", "Change", "Detail", "Officer")))
    return "".join(out)


def content_xml(dossier: Dossier, on_section: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_section(i)`` after each section, as in dossier_html."""
    tables = _Tables()
    body = [_p(_t(dossier.title), "Title")]
    if dossier.subtitle:
        body.append(_p(_t(dossier.subtitle), "Subtitle"))
    body.append(_p(_t(f"Generated {stamp_text(dossier.generated_at)}"), "Muted"))
    several = len(dossier.sections) > 1
    if several:
        body.append(_p("Contents", "Label"))
        rows = [
            (
                _t(s.action.number if s.action.number is not None else DASH),
                _t(s.action.title),
                str(len(s.history)),
                str(len(open_follow_ups(s))),
            )
            for s in dossier.sections
        ]
        header = ("Action", "Title", "Interactions", "Open follow-ups")
        body.append(tables.table("Contents", rows, header=header))
    for i, section in enumerate(dossier.sections, 1):
        body.append(_section(tables, section, new_page=several))
        if on_section is not None:
            on_section(i)
    if not dossier.sections:
        body.append(_p("This dossier contains no action.", "Muted"))
    return (
        f'{_HEAD}<office:document-content {_XMLNS} office:version="{ODF_VERSION}">'
        f"<office:automatic-styles>{_automatic_styles()}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>\n"
    )


def _iso_datetime(text: str) -> str | None:
    """generated_at as xsd:dateTime when it is an ISO timestamp, else None."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment.isoformat(timespec="seconds") + "Z"
    return moment.isoformat(timespec="seconds")


def meta_xml(dossier: Dossier) -> str:
    stamp = _iso_datetime(dossier.generated_at)
    dates = (
        f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
        if (stamp)
        else ""
    )
    return (
        f'{_HEAD}<office:document-meta {_XMLNS} office:version="{ODF_VERSION}"><office:meta>'
        "<meta:generator>EU-NATO Desk</meta:generator>"
        f"<dc:title>{escape(clean(dossier.title))}</dc:title>"
        f"<dc:subject>{escape(clean(dossier.subtitle))}</dc:subject>{dates}"
        "</office:meta></office:document-meta>\n"
    )


MANIFEST_XML = f"""{_HEAD}<manifest:manifest \
xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="{ODF_VERSION}">
<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}" \
manifest:media-type="{MIMETYPE}"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_package(path: Path | str, content: str, meta: str) -> None:
    """Zip an OpenDocument text file from its content.xml and meta.xml (styles and manifest
    are shared). The caller makes the write atomic (see write.py)."""
    stamp = time.localtime()[:6]

    def entry(name: str, compress: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=stamp)
        info.compress_type = compress
        return info

    with zipfile.ZipFile(path, "w") as odt:
        # The first entry, uncompressed and without extra field: how tools recognise an ODT.
        odt.writestr(entry("mimetype", zipfile.ZIP_STORED), MIMETYPE)
        for name, data in (
            ("content.xml", content),
            ("styles.xml", STYLES_XML),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", MANIFEST_XML),
        ):
            odt.writestr(entry(name, zipfile.ZIP_DEFLATED), data.encode("utf-8"))


def write_odt(
    dossier: Dossier, path: Path | str, on_section: Callable[[int], None] | None = None
) -> None:
    """Write ``dossier`` to ``path`` as .odt (the caller makes it atomic: see write.py)."""
    write_package(path, content_xml(dossier, on_section), meta_xml(dossier))
