"""The ODF toolkit: an OpenDocument Text package (.odt) written with zipfile, pure Python, no Qt.

What ODF 1.2 requires and LibreOffice reads: ``mimetype`` first and stored,
``META-INF/manifest.xml``, ``content.xml``, ``styles.xml`` (A4 portrait and landscape pages
whose header and footer carry the document's marking, page numbers in the footer; the named
paragraph and text styles below) and ``meta.xml`` (title, subject, author, creation date).
A document module (the dossier's and the report's ``odt.py``) builds its body from these:

- ``inline(value)``: a value as inline ODF text (cleaned, escaped; runs of spaces, tabs and
  line breaks as their ODF elements); ``p``, ``h`` and ``span`` wrap ready-made inline text in a
  paragraph, a heading or a span of a named style;
- ``Tables``: numbered tables of ready-made cells; their styles from ``table_style`` and
  ``layout_styles``;
- ``automatic_styles`` (page breaks, cell borders), ``document_content``, ``document_meta``
  and ``write_package``, which zips the four files.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from eunato_desk.documents.text import Described, clean, iso_datetime

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
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
TEXT_WIDTH_CM = 17.4  # A4 (21 cm) less 1.8 cm margins on each side
LANDSCAPE_TEXT_WIDTH_CM = 26.1  # A4 landscape (29.7 cm), the same margins

# Named styles. Paragraphs: Standard, Text_20_body, Muted, Label, Title, Subtitle,
# Heading_20_1..4, Table_20_Contents, Table_20_Heading, Footer, Marking (the header's and the
# footer's). Text: Strong_20_Emphasis, Emphasis, Overdue.
NAMED_STYLES = """<office:font-face-decls>
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
<style:style style:name="Heading_20_4" style:display-name="Heading 4" style:family="paragraph"
 style:parent-style-name="Heading" style:default-outline-level="4" style:class="text">
<style:text-properties fo:font-size="10.5pt"/></style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents"
 style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
<style:style style:name="Table_20_Heading" style:display-name="Table Heading"
 style:family="paragraph" style:parent-style-name="Table_20_Contents" style:class="extra">
<style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard"
 style:class="extra"><style:paragraph-properties fo:text-align="end"/>
<style:text-properties fo:font-size="8pt" fo:color="#555555"/></style:style>
<style:style style:name="Marking" style:family="paragraph" style:parent-style-name="Standard"
 style:class="extra"><style:paragraph-properties fo:text-align="center"/>
<style:text-properties fo:font-size="9pt" fo:font-weight="bold" fo:letter-spacing="0.02cm"/>
</style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis"
 style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="Emphasis" style:family="text">
<style:text-properties fo:font-style="italic"/></style:style>
<style:style style:name="Overdue" style:family="text">
<style:text-properties fo:color="#b00000" fo:font-weight="bold"/></style:style>
</office:styles>"""

PAGE_MARGINS = (
    ' fo:margin-top="1.2cm" fo:margin-bottom="1.0cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm"'
)
BANDS = (
    '<style:header-style><style:header-footer-properties fo:min-height="0.4cm"'
    ' fo:margin-bottom="0.35cm"/></style:header-style>'
    '<style:footer-style><style:header-footer-properties fo:min-height="0.4cm"'
    ' fo:margin-top="0.3cm"/></style:footer-style>'
)
PAGE_COUNT = (
    '<text:p text:style-name="Footer">Page <text:page-number text:select-page="current">1'
    "</text:page-number> of <text:page-count>1</text:page-count></text:p>"
)
# Master pages: name -> (page layout name, width cm, height cm, orientation).
PAGES = {"Standard": ("A4", 21.0, 29.7, "portrait"), "Landscape": ("A4L", 29.7, 21.0, "landscape")}


def styles_xml(marking: str) -> str:
    """styles.xml: the named styles, then A4 portrait (master page Standard) and landscape
    (Landscape) pages whose header shows ``marking`` and whose footer shows it above "Page n
    of N" (no marking line when it is empty)."""
    mark = p(inline(marking), "Marking") if marking else ""
    layouts, masters = [], []
    for master, (layout, width, height, orientation) in PAGES.items():
        layouts.append(
            f'<style:page-layout style:name="{layout}"><style:page-layout-properties'
            f' fo:page-width="{width}cm" fo:page-height="{height}cm"'
            f' style:print-orientation="{orientation}"{PAGE_MARGINS}/>{BANDS}</style:page-layout>'
        )
        masters.append(
            f'<style:master-page style:name="{master}" style:page-layout-name="{layout}">'
            + (f"<style:header>{mark}</style:header>" if mark else "")
            + f"<style:footer>{mark}{PAGE_COUNT}</style:footer></style:master-page>"
        )
    return (
        f'{XML_HEAD}<office:document-styles {XMLNS} office:version="{ODF_VERSION}">'
        f"{NAMED_STYLES}<office:automatic-styles>{''.join(layouts)}</office:automatic-styles>"
        f"<office:master-styles>{''.join(masters)}</office:master-styles>"
        "</office:document-styles>\n"
    )


def automatic_styles() -> str:
    """The automatic styles every document uses: H1_20_new_20_page (a level-1 heading that
    starts a page), H1_20_landscape and H1_20_portrait (one that starts a landscape or a
    portrait page), Cell (no border) and GridCell (a rule below) for table cells."""
    return (
        '<style:style style:name="H1_20_new_20_page" style:display-name="H1 new page"'
        ' style:family="paragraph" style:parent-style-name="Heading_20_1">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        '<style:style style:name="H1_20_landscape" style:display-name="H1 landscape"'
        ' style:family="paragraph" style:parent-style-name="Heading_20_1"'
        ' style:master-page-name="Landscape"/>'
        '<style:style style:name="H1_20_portrait" style:display-name="H1 portrait"'
        ' style:family="paragraph" style:parent-style-name="Heading_20_1"'
        ' style:master-page-name="Standard"/>'
        '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties'
        ' fo:padding="0.06cm" fo:border="none"/></style:style>'
        '<style:style style:name="GridCell" style:family="table-cell">'
        '<style:table-cell-properties fo:padding="0.06cm" fo:border-left="none"'
        ' fo:border-right="none" fo:border-top="none"'
        ' fo:border-bottom="0.5pt solid #999999"/></style:style>'
    )


def column_styles(name: str, count: int) -> list[str]:
    """The names of a table layout's column styles: name.A, name.B..."""
    return [f"{name}.{chr(65 + i)}" for i in range(count)]


def table_style(name: str, widths: Sequence[float], total: float | None = None) -> str:
    """A table style ``name`` (``total`` cm wide, by default the sum of the widths) and one
    column style per width (see ``column_styles``)."""
    total = sum(widths) if total is None else total
    out = [
        f'<style:style style:name="{name}" style:family="table"><style:table-properties'
        f' style:width="{total:.2f}cm" table:align="left"'
        ' fo:margin-top="0.05cm" fo:margin-bottom="0.15cm"/></style:style>'
    ]
    for column, width in zip(column_styles(name, len(widths)), widths, strict=True):
        out.append(
            f'<style:style style:name="{column}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>'
        )
    return "".join(out)


def layout_styles(layouts: Mapping[str, Sequence[float]]) -> str:
    """``table_style`` for each layout: name -> column widths in cm."""
    return "".join(table_style(name, widths) for name, widths in layouts.items())


_SPACES = re.compile(r"  +")


def inline(value: object) -> str:
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


def p(content: str, style: str = "Text_20_body") -> str:
    """A paragraph of ready-made inline content (see ``inline``)."""
    return f'<text:p text:style-name="{style}">{content}</text:p>'


def h(content: str, level: int, style: str | None = None) -> str:
    """A heading of outline ``level``, in the style Heading_20_<level> unless ``style``."""
    name = style or f"Heading_20_{level}"
    return f'<text:h text:style-name="{name}" text:outline-level="{level}">{content}</text:h>'


def span(content: str, style: str) -> str:
    return f'<text:span text:style-name="{style}">{content}</text:span>'


class Tables:
    """Writes a document's tables, numbering them (each ODF table needs a unique name).

    ``layouts`` maps a layout name to its column widths; a table of that layout uses the
    column styles of ``table_style`` (written by ``layout_styles``) unless it names its own."""

    def __init__(self, layouts: Mapping[str, Sequence[float]] | None = None) -> None:
        self.layouts = dict(layouts or {})
        self.count = 0

    def table(
        self,
        layout: str,
        rows: Iterable[Sequence[str]],
        header: Sequence[str] | None = None,
        *,
        columns: Sequence[str] | None = None,
        numeric_from: int | None = None,
        numeric: Collection[int] = (),
        cell_style: str = "GridCell",
        head_style: str = "Table_20_Heading",
        number_head: str = "NumberHead",
    ) -> str:
        """A table of ready-made inline cells (see ``inline``); a header row repeats on each
        page. ``columns``: the column style names (default: the layout's); cells from column
        ``numeric_from`` on, and those of the columns ``numeric``, are right-aligned
        (paragraph styles Number and ``number_head``, which the document defines); the other
        header cells are in ``head_style``."""
        self.count += 1
        if columns is None:
            columns = column_styles(layout, len(self.layouts[layout]))
        column_xml = "".join(f'<table:table-column table:style-name="{c}"/>' for c in columns)

        def row(cells: Sequence[str], text: str, number: str) -> str:
            out = []
            for i, cell in enumerate(cells):
                right = i in numeric or (numeric_from is not None and i >= numeric_from)
                style = number if right else text
                out.append(
                    f'<table:table-cell table:style-name="{cell_style}"'
                    f' office:value-type="string">{p(cell, style)}</table:table-cell>'
                )
            return f"<table:table-row>{''.join(out)}</table:table-row>"

        head = ""
        if header:
            head_row = row(header, head_style, number_head)
            head = f"<table:table-header-rows>{head_row}</table:table-header-rows>"
        body = "".join(row(cells, "Table_20_Contents", "Number") for cells in rows)
        return (
            f'<table:table table:name="{layout}{self.count}" table:style-name="{layout}">'
            f"{column_xml}{head}{body}</table:table>"
        )


def document_content(styles: str, body: str) -> str:
    """content.xml: the automatic ``styles`` and the ``body`` (paragraphs, headings, tables)."""
    return (
        f'{XML_HEAD}<office:document-content {XMLNS} office:version="{ODF_VERSION}">'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>\n"
    )


def document_meta(about: Described) -> str:
    """meta.xml: generator, title, subject, author (initial creator and creator), the
    creation date (when ``generated_at`` is an ISO timestamp) and the marking (a custom
    property, "Marking", as Writer's File > Properties shows it)."""
    stamp = iso_datetime(about.generated_at)
    dates = (
        f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
        if stamp
        else ""
    )
    author = escape(clean(about.author))
    people = (
        f"<meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator>"
        if author
        else ""
    )
    marking = (
        f'<meta:user-defined meta:name="Marking">{escape(clean(about.marking))}</meta:user-defined>'
        if about.marking
        else ""
    )
    return (
        f'{XML_HEAD}<office:document-meta {XMLNS} office:version="{ODF_VERSION}"><office:meta>'
        "<meta:generator>EU-NATO Desk</meta:generator>"
        f"<dc:title>{escape(clean(about.document_title))}</dc:title>"
        f"<dc:subject>{escape(clean(about.subject))}</dc:subject>{people}{dates}{marking}"
        "</office:meta></office:document-meta>\n"
    )


MANIFEST_XML = f"""{XML_HEAD}<manifest:manifest \
xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="{ODF_VERSION}">
<manifest:file-entry manifest:full-path="/" manifest:version="{ODF_VERSION}" \
manifest:media-type="{MIMETYPE}"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_package(path: Path | str, content: str, about: Described) -> None:
    """Zip an OpenDocument text file from its content.xml and what ``about`` says: its
    metadata (meta.xml) and its marking (the header and footer of styles.xml). The caller
    makes the write atomic (see ``documents.write``)."""
    meta = document_meta(about)
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
            ("styles.xml", styles_xml(about.marking)),
            ("meta.xml", meta),
            ("META-INF/manifest.xml", MANIFEST_XML),
        ):
            odt.writestr(entry(name, zipfile.ZIP_DEFLATED), data.encode("utf-8"))
