"""Property tests of the official-text parser: any list of proposals, written in any of the
layouts of ``test_official_text`` (bullets, numbers, letters, wrapped at 40-200 columns, with
or without indentation, blank lines or page furniture), reads back as the same proposals; and
no text makes the parser fail other than with a ValidationError."""

from __future__ import annotations

import random
import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eunato_desk.core.catalogue.official_text import parse_official_text
from eunato_desk.core.catalogue.official_words import TITLE_LIMIT, short_title
from eunato_desk.core.errors import ValidationError
from tests.core.catalogue.test_official_text import Item, Layout, expected, read, render

_random = random.Random(2016)
COMMON = re.findall(
    r"\S+",
    "staff to exchange information on hybrid threats the EU and NATO will cooperate with "
    "partners in exercises capacity-building cyber defence resilience Member States Allies "
    "including through workshops and cross-briefings e.g. regular meetings of experts "
    "Exercises Countering Military Mobility Cyber Staff",
)
RARE = [
    "".join(_random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(_random.randint(2, 11)))
    for _ in range(300)
]
WORDS = [*COMMON, *RARE]
PIECES = [*"abcEUNATO •-–o*()1.;:,\n\t é", "Countering hybrid threats\n", "Exercises\n",
          "15283/16 EN\n", "Page 2 of 3\n", "• Staff to ", "1. ", "a) ", "(i) "]  # fmt: skip
words = st.lists(st.sampled_from(WORDS), min_size=3, max_size=40)
sub_items = st.lists(words.map(lambda ws: " ".join(ws) + ";"), max_size=2)
items = st.builds(
    lambda area, sub, ws, subs: Item(
        area,
        sub if area == 1 else None,
        " ".join(ws).capitalize() + (":" if subs else "."),
        tuple(subs),
    ),
    st.sampled_from([1, 3, 6, 7]),
    st.sampled_from([None, None, "Situational awareness", "Crisis response"]),
    words,
    sub_items,
)
layouts = st.builds(
    Layout,
    marker=st.sampled_from(["•", "-", "1.", "1)", "(1)"]),
    sub=st.sampled_from(["o", "(a)", "(i)"]),
    width=st.sampled_from([40, 60, 90, 200]),
    indent=st.booleans(),
    heading=st.sampled_from(["{name}", "{n}. {name}", "{roman}. {NAME}"]),
    blank_between=st.booleans(),
    page_every=st.sampled_from([0, 4, 9]),
    restart=st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(items, min_size=1, max_size=8), layouts)
def test_any_proposals_in_any_layout_read_back_the_same(generated: list[Item], layout) -> None:  # type: ignore[no-untyped-def]
    proposals = sorted(generated, key=lambda i: i.area)
    lines = [text for i in proposals for text in (i.text, *i.subs)]
    assume(len(set(lines)) == len(lines))  # a line written three times is a running header
    text = render(layout, proposals)
    header = text.count("EU-NATO cooperation: common set")
    assume(header == 0 or header >= 3)  # one or two page headers look like sub-headings
    sub_mark = "–" if layout.sub == "o" else layout.sub
    assert read(text) == expected(proposals, sub_mark=sub_mark)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_any_text_is_read_or_refused_with_a_validation_error(text: str) -> None:
    try:
        parsed = parse_official_text(text)
    except ValidationError:
        return
    assert parsed.items
    assert all(0 < len(i.title) <= TITLE_LIMIT for i in parsed.items)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_a_short_title_is_never_empty_nor_too_long(text: str) -> None:
    title = short_title(text)
    assert title.strip() and len(title) <= TITLE_LIMIT
