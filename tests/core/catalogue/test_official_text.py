"""Reading the official texts: the parser on the layouts a PDF or a web page gives, short
titles, area headings, page furniture, and texts that must be refused. Pure, no database.

The texts here and in tests/fixtures/official_texts are INVENTED in the style of the Council
annex and of the 2017 press release; they are not the official wording."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from eunato_desk.core.catalogue.official_source import decode_text, read_text_file
from eunato_desk.core.catalogue.official_text import parse_official_text
from eunato_desk.core.catalogue.official_words import match_area, short_title
from eunato_desk.core.errors import ValidationError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "official_texts"
ANNEX_2016 = FIXTURES / "invented-2016-style-council-annex.txt"
RELEASE_2017 = FIXTURES / "invented-2017-style-press-release.txt"


@dataclass(frozen=True)
class Item:
    area: int
    subheading: str | None
    text: str
    subs: tuple[str, ...] = ()


HEADINGS = {1: "Countering hybrid threats", 3: "Cyber security and defence", 6: "Exercises",
            7: "Defence and security capacity-building"}  # fmt: skip
ITEMS = [
    Item(1, "Situational awareness", "Staff to exchange analysis on hybrid threats between the "
         "EU Hybrid Fusion Cell and the relevant staff of the other organisation, with a view to "
         "a shared picture of the threats in the East and in the South."),
    Item(1, None, "Both organisations will take part in the activities of the European Centre "
         "of Excellence for Countering Hybrid Threats, including seminars and exercises."),
    Item(1, "Strategic communication", "EU and NATO will cooperate on strategic communication, "
         "e.g. by sharing assessments of disinformation campaigns and coordinating messages."),
    Item(1, "Crisis response", "Staff to make the crisis procedures of the two organisations "
         "work together, so that they respond in a coordinated way to a hybrid crisis."),
    Item(1, "Bolstering resilience", "Both organisations will support the resilience of "
         "Member States and Allies upon request, including through expert teams:",
         ("advice on civil preparedness and on the continuity of government in a crisis of "
          "long duration;", "assessment of vulnerabilities to hybrid threats.")),
    Item(3, None, "Staff to exchange information on concepts and doctrines in cyber defence, "
         "and on cyber training and education."),
    Item(3, None, "Both organisations will strengthen cooperation on cyber exercises, including "
         "through reciprocal participation in the main exercises of each organisation."),
    Item(6, None, "Staff to conduct parallel and coordinated exercises in 2017 and 2018 with a "
         "hybrid scenario; the first to be held in the autumn of 2017."),
    Item(6, None, "EU and NATO will invite each other's staff to observe their main exercises."),
    Item(7, None, "Staff to coordinate support to the defence and security capacity-building of "
         "partners in the East and the South, starting with three pilot countries."),
]  # fmt: skip


@dataclass(frozen=True)
class Layout:
    marker: str = "•"  # "•", "-", "1.", "1)", "(1)", "a)"
    sub: str = "o"  # "o", "–", "(a)", "(i)"
    width: int = 60
    indent: bool = True  # continuation lines indented under the text
    heading: str = "{name}"  # e.g. "{n}. {name}", "{roman}. {NAME}"
    blank_between: bool = False  # a blank line after every item (a web page)
    page_every: int = 0  # page furniture every N lines
    restart: bool = False  # numbers restart in every area


def _label(style: str, i: int) -> str:
    if style in ("1.", "1)", "(1)"):
        return style.replace("1", str(i))
    if style in ("a)", "(a)"):
        return style.replace("a", "abcdefghijklmnopqrstuvwxyz"[i - 1])
    if style == "(i)":
        return f"({['i', 'ii', 'iii', 'iv'][i - 1]})"
    return style


def render(layout: Layout, items: list[Item] = ITEMS) -> str:
    lines: list[str] = ["COMMON SET OF PROPOSALS (INVENTED)", ""]
    area, subheading, count = 0, None, 0
    roman = {1: "I", 3: "III", 6: "VI", 7: "VII"}
    for item in items:
        if item.area != area:
            area, subheading = item.area, None
            count = 0 if layout.restart else count
            name = HEADINGS[area]
            lines += ["", layout.heading.format(n=area, roman=roman[area], name=name,
                                                NAME=name.upper()), ""]  # fmt: skip
        if item.subheading and item.subheading != subheading:
            subheading = item.subheading
            lines.append(item.subheading)
        count += 1
        lines += _wrap(item.text, _label(layout.marker, count) + " ", layout)
        for j, sub in enumerate(item.subs, start=1):
            lines += _wrap(sub, "    " + _label(layout.sub, j) + " ", layout)
        if layout.blank_between:
            lines.append("")
    if layout.page_every:
        lines = _with_pages(lines, layout.page_every)
    return "\n".join(lines) + "\n"


def _wrap(text: str, head: str, layout: Layout) -> list[str]:
    more = " " * len(head) if layout.indent else ""
    return textwrap.wrap(text, layout.width, initial_indent=head, subsequent_indent=more)


def _with_pages(lines: list[str], every: int) -> list[str]:
    out, page = [], 1
    for i, line in enumerate(lines, start=1):
        out.append(line)
        if i % every == 0:
            page += 1
            footer = f"15283/16 ADD 1{' ' * 30}JF/ns{' ' * 10}{page}"
            out += ["", footer, "ANNEX    DGC 1    EN", f"Page {page} of 9", ""]
            out += ["EU-NATO cooperation: common set of proposals", ""]
    return out


def expected(items: list[Item] = ITEMS, sub_mark: str = "–") -> list[tuple]:
    """(area, sub-heading, text, sub-items) per item: a sub-heading holds until the next one
    or the next area."""
    out, area, subheading = [], 0, ""
    for item in items:
        if item.area != area:
            area, subheading = item.area, ""
        subheading = item.subheading or subheading
        subs = tuple(
            f"{sub_mark if sub_mark == '–' else _label(sub_mark, j)} {s}"
            for j, s in enumerate(item.subs, start=1)
        )
        out.append((item.area, subheading, " ".join(item.text.split()), subs))
    return out


def read(text: str) -> list[tuple]:
    parsed = parse_official_text(text)
    return [(i.area_code, i.subheading, i.text, i.sub_items) for i in parsed.items]


LAYOUTS = {
    "bullets wrapped at 60": Layout(),
    "bullets wrapped at 90": Layout(width=90),
    "bullets, no indentation (PDF copy)": Layout(indent=False),
    "dashes with starred sub-items": Layout(marker="-", sub="*"),
    "numbers 1. with numbered headings": Layout(marker="1.", sub="(a)", heading="{n}. {name}"),
    "numbers restarting per area, same style as the headings": Layout(
        marker="1.", sub="(a)", heading="{n}. {name}", restart=True, indent=False
    ),
    "numbers 1) under Roman capitals": Layout(marker="1)", sub="–", heading="{roman}. {NAME}"),
    "numbers (1)": Layout(marker="(1)", sub="(a)", width=90),
    "lettered a) with (i) sub-items": Layout(marker="a)", sub="(i)", restart=True),
    "web page: blank lines between items": Layout(blank_between=True, width=200, indent=False),
    "page footers, headers and document numbers": Layout(page_every=7, indent=False),
    "page breaks in numbered text at 90": Layout(marker="1.", sub="(a)", page_every=5, width=90),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_every_layout_gives_the_same_items(layout: Layout) -> None:
    sub_mark = "–" if layout.sub in ("o", "–", "*") else layout.sub
    assert read(render(layout)) == expected(sub_mark=sub_mark)


def test_page_furniture_is_left_out_and_reported() -> None:
    parsed = parse_official_text(render(Layout(page_every=7, indent=False)))
    furniture = next(n for n in parsed.notices if n.startswith("Left out") and "furniture" in n)
    assert "'ANNEX DGC 1 EN'" in furniture and "'EU-NATO cooperation: common set of" in furniture
    assert not any("was left out" in n for n in parsed.notices)
    assert all("15283" not in i.description and "Page" not in i.description for i in parsed.items)


def test_sub_headings_start_the_descriptions_of_the_items_after_them() -> None:
    parsed = parse_official_text(render(Layout()))
    assert [i.subheading for i in parsed.items[:5]] == [
        "Situational awareness", "Situational awareness", "Strategic communication",
        "Crisis response", "Bolstering resilience",
    ]  # fmt: skip
    assert parsed.items[2].description.startswith("Strategic communication: EU and NATO will")
    assert parsed.items[4].description.splitlines() == [
        "Bolstering resilience: " + ITEMS[4].text,
        "– " + ITEMS[4].subs[0],
        "– " + ITEMS[4].subs[1],
    ]
    assert parsed.items[5].subheading == ""  # a new area ends the sub-heading
    assert sum("Sub-heading" in n for n in parsed.notices) == 4


def test_text_pasted_from_a_web_page_without_bullets_reads_paragraphs() -> None:
    plain = [i for i in ITEMS if not i.subs]
    lines = ["Countering hybrid threats", ""]
    area = 1
    for item in plain:
        if item.area != area:
            area = item.area
            lines += [HEADINGS[area], ""]
        lines += [item.text, ""]
    parsed = parse_official_text("\n".join(lines))
    assert [(i.area_code, i.text) for i in parsed.items] == [(i.area, i.text) for i in plain]
    assert any("No bullets or numbers" in n for n in parsed.notices)


def test_a_page_break_inside_a_sentence_does_not_split_the_item() -> None:
    text = (
        "Countering hybrid threats\n"
        "• Staff to exchange analysis on hybrid threats and to report\n\n"
        "15283/16 EN\n3\n\n"
        "regularly to the two Councils.\n"
        "• Both organisations will share situational awareness with\n\n"
        "Page 4 of 6\n\n"
        "NATO Allies and EU Member States.\n"
        "• Staff to meet twice a year.\n\n"
        "This concluding paragraph is no proposal.\n"
    )
    parsed = parse_official_text(text)
    assert [i.text for i in parsed.items] == [
        "Staff to exchange analysis on hybrid threats and to report regularly to the two Councils.",
        "Both organisations will share situational awareness with NATO Allies and EU Member "
        "States.",
        "Staff to meet twice a year.",
    ]
    assert any("This concluding paragraph" in n and "left out" in n for n in parsed.notices)


def test_a_marker_alone_on_its_line_and_words_broken_at_a_hyphen() -> None:
    text = (
        "Defence and security capacity-building\n11.\nStaff to support capacity-\nbuilding "
        "of partners.\n12.\nEU and NATO will meet.\n"
    )
    items = parse_official_text(text).items
    assert [i.text for i in items] == [
        "Staff to support capacity-building of partners.",
        "EU and NATO will meet.",
    ]


def test_lists_without_full_stops_a_heading_on_two_lines_and_a_dash_inside_a_sentence() -> None:
    text = (
        "Defence and security capacity-building of Eastern\n"
        "and Southern partners\n"
        "• Staff to meet the partners – where\n"
        "– possibly – twice a year\n"
        "• Staff to work on:\n"
        "– cyber\n"
        "– hybrid threats\n"
        "Cyber security and defence\n"
        "• Staff to exchange views\n"
    )
    items = parse_official_text(text).items
    assert [(i.area_code, i.text, i.sub_items) for i in items] == [
        (7, "Staff to meet the partners – where – possibly – twice a year", ()),
        (7, "Staff to work on:", ("– cyber", "– hybrid threats")),
        (3, "Staff to exchange views", ()),
    ]


def test_the_area_heading_repeated_at_a_page_top_is_left_out() -> None:
    text = (
        "Countering hybrid threats\n"
        "• Staff to exchange analysis on hybrid threats and to\n\n"
        "Countering hybrid threats (continued)\n\n"
        "report regularly.\n"
        "• Both organisations will meet.\n\n"
        "COUNTERING HYBRID THREATS\n\n"
        "• Staff to meet again.\n"
    )
    parsed = parse_official_text(text)
    assert [(i.area_code, i.text) for i in parsed.items] == [
        (1, "Staff to exchange analysis on hybrid threats and to report regularly."),
        (1, "Both organisations will meet."),
        (1, "Staff to meet again."),
    ]
    assert len(parsed.headings) == 1
    assert "Left out the repeated heading 'Countering hybrid threats (continued)' at line 4." in (
        parsed.notices
    )


def test_a_contents_list_before_the_sections_is_not_taken_for_running_headers() -> None:
    text = (
        "The proposals cover:\n\nCountering hybrid threats\nExercises\n\n"
        "Countering hybrid threats\n• Staff to meet.\nExercises\n• Staff to exercise.\n"
    )
    parsed = parse_official_text(text)
    assert [(i.area_code, i.text) for i in parsed.items] == [
        (1, "Staff to meet."),
        (6, "Staff to exercise."),
    ]
    assert "No proposal under the heading 'Countering hybrid threats' (line 3)." in parsed.notices


def test_sub_items_with_the_items_bullet_are_pointed_out() -> None:
    text = "Exercises\n• Staff to plan:\n• one exercise;\n• another exercise.\n"
    parsed = parse_official_text(text)
    assert len(parsed.items) == 3
    assert any("The proposal at line 2 ends with a colon" in n for n in parsed.notices)


# --- headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "code"),
    [
        ("COUNTERING HYBRID THREATS", 1),
        ("I. Countering Hybrid Threats", 1),
        ("A. Operational cooperation, including maritime issues", 2),
        ("Operational cooperation including at sea", 2),
        ("3. Cyber defence", 3),
        ("Cybersecurity and defense", 3),
        ("Defence capabilities", 4),
        ("DEFENCE INDUSTRY AND RESEARCH", 5),
        ("Exercises (parallel and coordinated)", 6),
        ("Capacity building", 7),
        ("Defence and security capacity-building of Eastern and Southern partners", 7),
        ("Counter-terrorism", 8),
        ("Countering terrorism", 8),
        ("Women, Peace and Security", 9),
        ("Military Mobility", 10),
        ("Situational awareness", None),
        ("Strategic communication", None),
        ("Crisis response", None),
        ("Bolstering resilience", None),
        ("Political dialogue", None),
    ],
)
def test_headings_map_to_areas_by_folded_similarity(heading: str, code: int | None) -> None:
    from eunato_desk.core.catalogue.official_words import area_names

    assert match_area(heading.split(". ", 1)[-1], area_names())[0] == code


def test_a_heading_that_names_no_area_is_a_problem() -> None:
    text = (
        "1. Countering hybrid threats\n• Staff to meet.\n"
        "2. Political dialogue\n• Staff to hold joint meetings of the two Councils.\n"
        "3. Exercises\n• Staff to exercise.\n"
    )
    parsed = parse_official_text(text)
    assert [i.area_code for i in parsed.items] == [1, None, 6]
    assert len(parsed.problems) == 1
    assert "'Political dialogue' (line 3) names no area" in parsed.problems[0]


def test_a_reworded_heading_is_reported_and_the_database_names_count() -> None:
    text = (
        "CAPACITY BUILDING\n• Staff to help partners.\nOur own name for area 4\n• Staff to plan.\n"
    )
    parsed = parse_official_text(text, areas=[(4, "Our own name for area 4")])
    assert [i.area_code for i in parsed.items] == [7, 4]
    assert any("'CAPACITY BUILDING' (line 1) read as area 7" in n for n in parsed.notices)


# --- short titles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Staff to exchange information on hybrid threats; report yearly.",
         "Exchange information on hybrid threats"),
        ("EU and NATO will develop joint training: details follow.", "Develop joint training"),
        ("Both organisations will cooperate (i.e. staff-to-staff; no more) on cyber. Then more.",
         "Cooperate (i.e. staff-to-staff; no more) on cyber"),
        ("The two staffs will meet, e.g. in Brussels, twice a year. Then more.",
         "Meet, e.g. in Brussels, twice a year"),
        ("In the context of the Joint Framework, staff to develop a common understanding.",
         "Develop a common understanding"),
        ("In the context of the Joint Framework.", "In the context of the Joint Framework"),
        ("Where appropriate, EU and NATO staffs will share the results by 1 Dec. 2017. More.",
         "Share the results by 1 Dec. 2017"),
        ("staff to meet.", "Meet"),
        ("Staff to:", "Staff to"),
    ],
)  # fmt: skip
def test_short_title_is_the_first_clause_without_boilerplate(text: str, title: str) -> None:
    assert short_title(text) == title


def test_short_title_is_at_most_100_characters_on_a_word_boundary() -> None:
    text = ("Staff to enhance cooperation and coordination at sea between the operations of the "
            "two organisations in the Central Mediterranean and in the Aegean Sea.")  # fmt: skip
    title = short_title(text)
    assert len(title) <= 100
    assert title.endswith("…")  # cut inside the sentence: the "…" says it goes on
    assert text.startswith("Staff to e" + title[1:-1])
    assert title[-2].isalnum() and not title[:-1].endswith((" and", " the", " in"))
    assert short_title(", including partners in the Western Balkans and in the Middle East, "
                       "notably Tunisia, and, where possible, others") != ""  # fmt: skip
    assert short_title(";;;", fallback="Crisis response") == "Crisis response"
    assert short_title("…") == "Proposal"


# --- the invented fixtures --------------------------------------------------------------------


def test_the_2016_style_annex_gives_42_items_in_seven_areas() -> None:
    source = read_text_file(ANNEX_2016)
    parsed = parse_official_text(source.text, source=source.name)
    areas = [i.area_code for i in parsed.items]
    assert areas == [1] * 10 + [2] * 7 + [3] * 4 + [4] * 5 + [5] * 3 + [6] * 4 + [7] * 9
    assert [i.subheading for i in parsed.items[:10]] == (
        ["Situational awareness"] * 2 + ["Strategic communication"] * 2
        + ["Crisis response"] * 2 + ["Bolstering resilience"] * 4
    )  # fmt: skip
    assert parsed.problems == ()
    # the three page breaks inside items (one before a lower-case line) do not split them
    assert parsed.items[2].text.endswith("to partner countries where appropriate.")
    assert parsed.items[20].text.endswith("the technical arrangement of February 2016.")
    assert "Bosnia and Herzegovina, the Republic of Moldova and Tunisia." in parsed.items[33].text
    assert parsed.items[7].sub_items == (
        "– advice on civil preparedness and on the continuity of government;",
        "– assessment of vulnerabilities to hybrid threats.",
    )
    assert parsed.items[22].text.count("air-to-air refuelling") == 1
    assert parsed.items[0].title == (
        "Establish regular exchanges of analysis on hybrid threats between the EU Hybrid Fusion "
        "Cell…"
    )
    assert not any("was left out" in n for n in parsed.notices)
    assert any(n.startswith("Left out 3 line(s) before the first area heading") for n in
               parsed.notices)  # fmt: skip


def test_the_2017_style_press_release_gives_32_items_with_the_new_areas() -> None:
    parsed = parse_official_text(read_text_file(RELEASE_2017).text)
    areas = [i.area_code for i in parsed.items]
    assert (
        areas
        == [1] * 9 + [2] * 2 + [3] * 3 + [4, 5] + [6] * 2 + [7] * 2 + [8] * 5 + [9] * 3 + [10] * 4
    )
    assert parsed.items[0].sub_items == (
        "– methods for the use of open-source information;",
        "– a joint reading of the threat picture.",
    )
    assert parsed.items[-1].text.endswith("e.g. customs and hazardous goods.")
    furniture = next(n for n in parsed.notices if "furniture" in n)
    assert "'Press Release (2017) 174'" in furniture and "'Issued on 05 Dec. 2017'" in furniture


# --- texts that are refused -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.7\n...", "PDF document"),
        (b"PK\x03\x04rest", "zip archive"),
        (b"\x00\x01\x02binary\x00\x00", "binary data"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "web page"),
        (b"number,set,area_code,title\n1,2016,1,A title\n2,2016,1,B title\n", "CSV file"),
        (b"NATO and the EU agreed today to deepen their cooperation. The Secretary General "
         b"welcomed the new proposals.\n\nThey cover many topics.\n", "no area headings"),
        (b"Countering hybrid threats\n\nExercises\n", "no proposals under them"),
    ],
)  # fmt: skip
def test_a_text_that_is_not_the_list_of_proposals_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        source = decode_text(data, "/tmp/some-file.txt")
        parse_official_text(source.text, source=source.name)
    assert info.value.field == "/tmp/some-file.txt"
    assert message in info.value.message


def test_encodings_utf8_bom_utf16_and_windows_1252() -> None:
    text = "Countering hybrid threats\n• Staff to meet at the Sécurité et Défense école.\n"
    for data, encoding, notice in (
        (text.encode("utf-8"), "UTF-8", False),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8", False),
        (text.encode("utf-16"), "UTF-16", False),
        (text.encode("cp1252"), "Windows-1252", True),
    ):
        source = decode_text(data, "f.txt")
        assert (source.encoding, bool(source.notices)) == (encoding, notice)
        items = parse_official_text(source.text).items
        assert items[0].text == "Staff to meet at the Sécurité et Défense école."
    assert "Windows-1252" in decode_text(text.encode("cp1252"), "f.txt").notices[0]


def test_a_folder_or_a_missing_file_is_refused(tmp_path: Path) -> None:
    for path, message in ((tmp_path, "folder"), (tmp_path / "nope.txt", "cannot read")):
        with pytest.raises(ValidationError) as info:
            read_text_file(path)
        assert message in info.value.message and str(path) in info.value.message
