"""The HTML toolkit of the documents: escaping, the page head and style sheet, tables.

A document is one self-contained HTML page: the .html file a desk officer opens in a browser
or prints, and the input of the PDF writer (Qt's rich-text engine understands the subset used
here: ``<style>`` blocks with type and class selectors, tables, sizes in pt). Nothing refers
to anything outside the file: no links to fetch, no scripts, no images; the
Content-Security-Policy of ``html_document`` forbids them anyway. Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from eunato_desk.documents.text import clean

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
h2, h3, h4 { page-break-after: avoid; }
tr { page-break-inside: avoid; }
@media only screen { body { max-width: 720px; margin: 16px auto; padding: 0 12px; } }
"""
# No network, ever: even a pasted URL cannot make a browser fetch anything.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def esc(value: object) -> str:
    """Any value as HTML text or attribute value: cleaned (see ``text.clean``), escaped."""
    return escape(clean(value), quote=True)


def html_document(title: str, body: str, *extra_css: str) -> str:
    """A complete page: the shared head (charset, the CSP, ``CSS`` then each of
    ``extra_css`` in a style block of its own) and ``body``, ready-made markup."""
    sheets = "".join(f"<style>{css}</style>\n" for css in (CSS, *extra_css))
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">\n"
        "<meta name='generator' content='EU-NATO Desk'>\n"
        "<meta name='color-scheme' content='light'>\n"
        f"<title>{esc(title)}</title>\n{sheets}</head>\n<body>\n{body}</body>\n</html>\n"
    )


def facts_table(facts: Iterable[tuple[str, str]], auto_direction: bool = True) -> str:
    """Label-value lines as a borderless table, labels as row headers. ``auto_direction``
    lets each value run right to left when it is written so (names in Arabic, Hebrew...)."""
    td = "<td dir='auto'>" if auto_direction else "<td>"
    rows = "".join(
        f"<tr><th scope='row'>{esc(label)}</th>{td}{esc(value)}</td></tr>" for label, value in facts
    )
    return f"<table class='facts' cellspacing='0' cellpadding='2'>{rows}</table>"


def ruled_table(head: str, rows: str, classes: str = "grid") -> str:
    """A full-width table with ruled rows from ready-made header cells and ``<tr>`` rows."""
    return (
        f"<table class='{classes}' width='100%' cellspacing='0' cellpadding='3'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def grid(head: Iterable[str], rows: str) -> str:
    """A ruled table whose header cells are the given labels (escaped here)."""
    return ruled_table("".join(f"<th>{esc(label)}</th>" for label in head), rows)
