"""The editor's one field table drives its layout, Tab order, snapshot, messages and
load/gather: what is loaded comes back out unchanged, every field has its label, its Tab
stops in order and its message place."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtWidgets import QLabel

from eunato_desk.core.interactions import normalise_tags
from eunato_desk.core.records import InteractionInput, LinkInput


def full_input(vocab) -> InteractionInput:  # type: ignore[no-untyped-def]
    return InteractionInput(
        title="Staff talks", type="Workshop", start_date=dt.date(2018, 5, 3), start_time="09:30",
        end_date=dt.date(2018, 5, 4), end_time="17:00", status="planned", location="Brussels",
        format="video", summary="Minutes\non two lines", outcome="A paper",
        marking=vocab.markings[-1], tags=("mobility", "pace"),
        links=(LinkInput(43, "briefed"), LinkInput(3, "")), organisations=("EEAS", "EUMS"),
        countries=("Finland",), participants=("Maria Rossi",),
    )  # fmt: skip


def test_what_is_loaded_is_gathered_back_unchanged(window):
    vocab = window.vocabulary.vocab
    data = full_input(vocab)
    editor = window.interactions.new_interaction(data)
    gathered, problems = editor.check()
    assert problems == []
    assert replace(gathered, tags=normalise_tags(gathered.tags)) == data  # (spaces: the core's)
    assert not editor.is_dirty()
    editor.reject()


def test_every_field_has_its_label_tab_stops_and_message_place(window):
    editor = window.interactions.new_interaction()
    buddies = {label.buddy(): label.text() for label in editor.findChildren(QLabel)}
    stops = []
    for field in editor.fields:
        assert buddies[field.focus] == field.label  # Alt+letter leads to the field
        for key in field.message_keys():
            assert key in editor.messages and key in editor.focus_widgets
        stops += field.stops
    widget, chain = stops[0], [stops[0]]
    while len(chain) < len(stops):
        widget = widget.nextInFocusChain()
        if widget in stops:
            chain.append(widget)
    assert chain == stops  # Tab goes through the table's stops in its order
    before = editor.state()
    for i, field in enumerate(editor.fields):  # each field is in the snapshot
        if hasattr(field.focus, "setText"):
            field.focus.setText("x")
            assert editor.state()[i] != before[i], field.key
    editor.done(0)
