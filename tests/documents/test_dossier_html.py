"""The HTML dossier: complete, self-contained, escaped, every interaction in the given order;
its summary first, its marking at the top and the end, each item's own when not the lowest,
its metadata in the head."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from eunato_desk.core.analysis.dossier import DossierDocument as Dossier
from eunato_desk.documents.dossier.html import dossier_html
from eunato_desk.documents.text import clean, stamp_text


class _Collector(HTMLParser):
    """The document as a browser would read it: tags with attributes, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"
        self.text.append(" ")  # cells and blocks read apart: "Set 2016", not "Set2016"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_interaction_title_appears_in_the_given_order(dossier: Dossier, samples) -> None:
    text = squash("".join(parse(dossier_html(dossier)).text))
    titles = tuple(squash(t) for t in samples.first_titles)
    samples.in_order(text, (*titles, "Charlie: seminar on hybrid threats"))
    # The actions themselves, in the order given, after the contents list.
    body = text[text.index("Action 36:") :]
    samples.in_order(body, ("Action 36:", "Action 37:", "Action (no number):"))


def test_markup_in_values_is_escaped_never_interpreted(dossier: Dossier, samples) -> None:
    html = dossier_html(dossier)
    parsed = parse(html)
    tag_names = {tag for tag, _ in parsed.tags}
    assert "script" not in tag_names
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&amp; &quot;quotes&quot;" in html
    assert "Summary 0 &amp; &lt;b&gt;not bold&lt;/b&gt;" in html
    # ...and a browser reads the hostile text back literally.
    text = "".join(parsed.text)
    assert samples.hostile in text
    assert "Summary 0 & <b>not bold</b>" in text
    # The structure is intact: one closing body and html, no stray closing div from a value.
    assert html.count("</body>") == 1 and html.count("</html>") == 1
    assert html.count("<div") == html.count("</div>")


def test_a_complete_self_contained_document(dossier: Dossier) -> None:
    html = dossier_html(dossier)
    assert html.startswith("<!DOCTYPE html>")
    parsed = parse(html)
    tags = [tag for tag, _ in parsed.tags]
    assert tags[:3] == ["html", "head", "meta"]
    assert parsed.tags[2][1] == {"charset": "utf-8"}
    for forbidden in ("script", "link", "img", "iframe", "object", "embed", "a", "base", "form"):
        assert forbidden not in tags, forbidden
    for _, attrs in parsed.tags:
        assert "src" not in attrs and "href" not in attrs
        assert not any(name.startswith("on") for name in attrs)
    lowered = html.lower()
    for network in ("http://", "https://", "//fonts.", "@import", "url("):
        assert network not in lowered, network
    csp = [a["content"] for t, a in parsed.tags if t == "meta" and "http-equiv" in a]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    assert "<title>Dossier — Area 3 dossier &lt;script&gt;" in html


def test_unicode_rtl_and_emoji_are_kept_and_control_characters_dropped(
    dossier: Dossier, samples
) -> None:
    html = dossier_html(dossier)
    text = "".join(parse(html).text)
    assert samples.rtl in text
    assert samples.emoji in text
    assert "bell null escape vertical end" in text
    for char in ("\x00", "\x07", "\x1b", "\x0b"):
        assert char not in html
    assert "dir='auto'" in html  # browsers lay out right-to-left values by their own direction


def test_action_header_history_details_follow_ups_and_changes(dossier: Dossier) -> None:
    text = squash("".join(parse(dossier_html(dossier)).text))
    first = text[text.index("Action 36:") : text.index("Action 37:")]
    for expected in (
        "Area 3 — Cyber security & defence",
        "Set 2016",
        "Status Active",
        "Source confidence Official",
        "Description of Cyber exercises",
        "Interactions (5)",
        "1. 2019-05-02 09:00 — Staff talks — Zulu",  # date and time, type, title
        "4. 2017-12-01 — Staff talks — Bravo",  # no time given: date only
        "Status Held Location Brussels",
        "Countries Moldova, Tunisia",
        "Organisations EEAS, NATO IS",
        "Participants Anna Virtanen",
        "Link note Kick-off",
        "(linked as action 12)",
        "Summary Summary 0 &",
        "Outcome Outcome 0",
        "Nothing recorded.",  # the empty outcome of the fifth interaction
        "Open follow-ups",
        "2018-01-31 (OVERDUE) Anna Virtanen [LIMITE] Send the minutes <now> & then",
        "from: 2018-03-01 Staff talks on cyber exercises",
        "2030-01-01 — Invite",  # no owner
        "Catalogue changes",
        "2019-01-05 10:00 UTC renumber 12 -> 36 <moved> Anna",
    ):
        assert expected in first, expected
    # Linked under its own number: no "linked as" remark; done follow-ups are not printed.
    assert first.count("linked as action") == 1
    assert "Already done" not in text


def test_overdue_follow_ups_are_marked(dossier: Dossier) -> None:
    html = dossier_html(dossier)
    assert "<span class='overdue'>2018-01-31 (OVERDUE)</span>" in html
    assert html.count("(OVERDUE)") == 1


def test_an_action_without_interactions_says_so(dossier: Dossier) -> None:
    text = squash("".join(parse(dossier_html(dossier)).text))
    empty = text[text.index("Action 37:") : text.index("Action (no number):")]
    assert "Interactions (0)" in empty
    assert "No interaction is linked to this action yet." in empty
    assert "No open follow-ups." in empty
    assert "Catalogue changes" not in empty
    last = text[text.index("Action (no number):") :]
    assert "Area —" in last and "Superseded by action 40" in last


def test_contents_only_for_an_area_and_each_action_then_starts_a_page(
    dossier: Dossier, samples
) -> None:
    html = dossier_html(dossier)
    assert "Contents" in html
    assert html.count("class='action new-page'") == 3
    one = dossier_html(samples.document("Action 36: Cyber", dossier.sections[:1]))
    assert "Contents" not in one
    assert one.count("class='action new-page'") == 1  # after the summary page
    empty = dossier_html(samples.document("Nothing", ()))
    assert "This dossier contains no action." in empty


def test_progress_hook_is_called_after_each_section(dossier: Dossier) -> None:
    seen: list[int] = []
    dossier_html(dossier, seen.append)
    assert seen == [1, 2, 3]


def test_clean_and_stamp_helpers() -> None:
    assert clean("a\x00b\x1fc\td\ne\r\nf\rg\ufffeh\ud800i") == "abc\td\ne\nf\ngh" + "i"
    assert clean(None) == "" and clean(12) == "12"
    assert stamp_text("2026-11-26T15:53:52Z") == "2026-11-26 15:53 UTC"
    assert stamp_text("2026-11-26T15:53:52.123+00:00") == "2026-11-26 15:53 UTC"
    assert stamp_text("2026-11-26 15:53") == "2026-11-26 15:53"
    assert stamp_text("26 November 2026") == "26 November 2026"
