"""The HTML toolkit of the documents: escaping, the page head and style sheet, tables, the
marking banners, and the parts of a document (portrait or landscape pages).

A document is one self-contained HTML page: the .html file a desk officer opens in a browser
or prints, and the input of the PDF writer (Qt's rich-text engine understands the subset used
here: ``<style>`` blocks with type and class selectors, tables, sizes in pt). Nothing refers
to anything outside the file: no links to fetch, no scripts, no images; the
Content-Security-Policy of ``html_document`` forbids them anyway. Pure Python, no Qt.

The head carries the metadata (title, author, subject, creation date, marking) in ``<meta>``
tags; the body starts and ends with the document's marking (``banners``). A PDF has no such
banners in its body: its writer paints the marking in every page's header and footer
(``pdf_pages`` makes its input: one page per run of parts of the same orientation).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from eunato_desk.documents.text import Described, clean, iso_datetime

# "only screen": browsers apply it, Qt's rich text (the PDF) skips it; a body margin there
# would indent every table.
CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html, body { background: #ffffff; color: #111111; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 10pt; }
h1 { font-size: 18pt; margin: 0 0 4px 0; }
h2 { font-size: 14pt; margin: 0 0 8px 0; }
h3 { font-size: 11pt; margin: 16px 0 4px 0; }
h4 { font-size: 10pt; margin: 8px 0 2px 0; color: #333333; }
p { margin: 0 0 5px 0; }
table { border-collapse: collapse; margin: 2px 0 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 2px 8px 2px 0; }
th { color: #333333; font-weight: bold; }
.subtitle { font-size: 12pt; color: #333333; }
.muted { color: #555555; }
.none { color: #555555; font-style: italic; }
.note { margin: 4px 0 4px 0; }
.overdue { color: #b00000; font-weight: bold; }
.new-page { page-break-before: always; }
.facts th { font-weight: normal; color: #555555; padding-right: 12px; }
.grid th, .grid td { border-bottom: 1px solid #999999; padding: 3px 8px 3px 0; }
.entry { margin-top: 14px; }
.marking { text-align: center; font-weight: bold; font-size: 10pt; margin: 0 0 12px 0; }
.marking-end { margin: 18px 0 0 0; }
.tag { font-weight: bold; }
h2, h3, h4 { page-break-after: avoid; }
tr { page-break-inside: avoid; }
@media only screen { body { max-width: 720px; margin: 16px auto; padding: 0 12px; } }
"""
# No network, ever: even a pasted URL cannot make a browser fetch anything.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def esc(value: object) -> str:
    """Any value as HTML text or attribute value: cleaned (see ``text.clean``), escaped."""
    return escape(clean(value), quote=True)


# Printed from a browser, a landscape part gets pages of its own (Qt's PDF writer does the
# same from ``pdf_pages``). Only in the .html file: Qt's CSS parser stops at a named @page.
PRINT_CSS = """
@page wide { size: A4 landscape; margin: 14mm 16mm 14mm 16mm; }
.landscape { page: wide; break-before: page; break-after: page; }
"""


@dataclass(frozen=True)
class Part:
    """A run of a document's body (ready-made markup), on portrait or landscape pages."""

    body: str
    landscape: bool = False


def banner(about: Described, end: bool = False) -> str:
    """The document's marking, at the top of the body (or, ``end``, at its end)."""
    if not about.marking:
        return ""
    where = "marking marking-end" if end else "marking"
    return f"<p class='{where}'>{esc(about.marking)}</p>"


def _meta(about: Described) -> str:
    created = iso_datetime(about.generated_at) or about.generated_at
    tags = [
        ("author", about.author),
        ("description", about.subject),
        ("dcterms.title", about.document_title),
        ("dcterms.creator", about.author),
        ("dcterms.subject", about.subject),
        ("dcterms.created", created),
        ("classification", about.marking),
    ]
    return "".join(f"<meta name='{name}' content='{esc(value)}'>\n" for name, value in tags)


def html_document(
    about: Described, body: str | Sequence[Part], *extra_css: str, banners: bool = True
) -> str:
    """A complete page: the shared head (charset, the CSP, the metadata of ``about``, ``CSS``
    then each of ``extra_css`` in a style block of its own) and ``body`` (ready-made markup,
    or parts: a landscape one in a block of its own), between the marking ``banners``."""
    if not isinstance(body, str):
        body = "".join(
            f"<div class='landscape'>{part.body}</div>\n" if part.landscape else part.body
            for part in body
        )
    sheets = "".join(f"<style>{css}</style>\n" for css in (CSS, *extra_css))
    if banners:
        body = f"{banner(about)}\n{body}{banner(about, end=True)}\n"
        sheets += f"<style>{PRINT_CSS}</style>\n"
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">\n"
        "<meta name='generator' content='EU-NATO Desk'>\n"
        "<meta name='color-scheme' content='light'>\n"
        f"{_meta(about)}<title>{esc(about.document_title)}</title>\n{sheets}</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def pdf_pages(about: Described, parts: Sequence[Part], *extra_css: str) -> list[tuple[str, bool]]:
    """The PDF writer's input: one complete page (no banners) per run of parts of the same
    orientation, with that orientation (True: landscape)."""
    runs: list[tuple[list[str], bool]] = []
    for part in parts:
        if runs and runs[-1][1] == part.landscape:
            runs[-1][0].append(part.body)
        else:
            runs.append(([part.body], part.landscape))
    return [
        (html_document(about, "".join(bodies), *extra_css, banners=False), landscape)
        for bodies, landscape in runs
    ]


def facts_table(facts: Iterable[tuple[str, str]], auto_direction: bool = True) -> str:
    """Label-value lines as a borderless table, labels as row headers. ``auto_direction``
    lets each value run right to left when it is written so (names in Arabic, Hebrew...)."""
    td = "<td dir='auto'>" if auto_direction else "<td>"
    rows = "".join(
        f"<tr><th scope='row'>{esc(label)}</th>{td}{esc(value)}</td></tr>" for label, value in facts
    )
    return f"<table class='facts' cellspacing='0' cellpadding='2'>{rows}</table>"


def ruled_table(head: str, rows: str, classes: str = "grid", width: str = "100%") -> str:
    """A table (full width unless ``width`` says otherwise) with ruled rows from ready-made
    header cells and ``<tr>`` rows."""
    return (
        f"<table class='{classes}' width='{width}' cellspacing='0' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def counts_table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    numbers: Collection[int] = (),
    *,
    width: str = "100%",
    first: str = "",
    total_row: bool = False,
) -> str:
    """A ruled table of text (escaped here) whose columns ``numbers`` (default: all but the
    first) are right-aligned, header included; ``first``: the first column's width; with
    ``total_row`` the last row is bold. Qt's rich text (the PDF) ignores class selectors on
    cells, so alignment, widths and bold are attributes and <b>."""
    numbers = set(numbers) if numbers else set(range(1, len(head)))
    head_cells = []
    for i, label in enumerate(head):
        attrs = (" align='right'" if i in numbers else "") + (
            f" width='{first}'" if i == 0 and first else ""
        )
        head_cells.append(f"<th{attrs}>{esc(label)}</th>")
    rows = list(rows)
    body = []
    for n, row in enumerate(rows):
        b = ("<b>", "</b>") if total_row and n == len(rows) - 1 else ("", "")
        cells = "".join(
            f"<td align='right'>{b[0]}{esc(v)}{b[1]}</td>"
            if i in numbers
            else f"<td dir='auto'>{b[0]}{esc(v)}{b[1]}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return ruled_table("".join(head_cells), "".join(body), "grid counts", width)


def grid(head: Iterable[str], rows: str) -> str:
    """A ruled table whose header cells are the given labels (escaped here)."""
    return ruled_table("".join(f"<th>{esc(label)}</th>" for label in head), rows)
