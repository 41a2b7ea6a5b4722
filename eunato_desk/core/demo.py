"""Realistic, deterministic demo data (2017-2019), inserted in bulk.

One million interactions is a benchmark data set, so rows are generated in chunks and written
with ``executemany`` inside one transaction; progress is reported per chunk and the work can
be cancelled (everything is then rolled back).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from eunato_desk.core.catalogue.seed import read_rows
from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.core.models import (
    Action,
    Area,
    Country,
    HandlingMarking,
    Interaction,
    InteractionType,
    Organisation,
    utc_now_text,
)
from eunato_desk.core.search.schema import search_index_paused
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.ids import new_ids
from eunato_desk.core.storage.sql import driver_sql

CHUNK = 5000
START = dt.date(2017, 1, 1)
END = dt.date(2019, 12, 31)
SPAN = (END - START).days

TOPICS = {
    1: [
        "hybrid threat assessments",
        "strategic communication",
        "resilience baselines",
        "the hybrid crisis playbook",
        "disinformation alerts",
        "the Hybrid CoE work plan",
    ],
    2: [
        "maritime situational awareness",
        "Sea Guardian and Sophia coordination",
        "logistic support at sea",
        "Aegean arrangements with Frontex",
        "migration flows",
    ],
    3: [
        "cyber exercise participation",
        "cyber defence in CSDP planning",
        "NCIRC and CERT-EU information exchange",
        "cyber research and innovation",
    ],
    4: [
        "capability development coherence",
        "the Capability Development Plan",
        "multinational capability projects",
        "air-to-air refuelling",
    ],
    5: ["defence research cooperation", "industry and SMEs", "standards and certification"],
    6: ["PACE planning", "the parallel exercise scenario", "exercise lessons learned"],
    7: [
        "support to the pilot countries",
        "ammunition storage safety",
        "Building Integrity",
        "security sector reform",
    ],
    8: ["counter-terrorism support to partners", "terrorist threat information exchange"],
    9: ["gender indicators in early warning", "women, peace and security training"],
    10: ["military mobility requirements", "border-crossing procedures", "dual-use infrastructure"],
}
TITLE_PATTERNS = {
    "Cross-briefing": "Cross-briefing to {body} on {topic}",
    "Workshop": "Workshop on {topic}",
    "Seminar": "Seminar: {topic}",
    "SHADE MED meeting": "SHADE MED working group: {topic}",
    "Staff talks": "Staff talks on {topic}",
    "Staff-to-staff consultation": "Staff-to-staff consultation: {topic}",
    "Scenario-based discussion": "Scenario-based discussion on {topic}",
    "Exercise (PACE)": "PACE coordination meeting: {topic}",
    "Pilot-country consultation": "Consultation with {country} on {topic}",
    "Ministerial meeting (mutual invitation)": "Ministerial meeting, mutual invitation: {topic}",
    "Structured dialogue": "Structured dialogue on {topic}",
    "Threat assessment / alert exchange": "Exchange of assessments on {topic}",
    "Training or education course": "Course on {topic}",
    "Other": "Coordination call on {topic}",
}
BODIES = [
    "the PSC",
    "the NAC",
    "the EUMC",
    "the Military Committee",
    "Council working parties",
    "the Hybrid CoE steering board",
    "NATO committees",
]
SENTENCES = [
    "Both staffs presented their current work on {topic}.",
    "Participants agreed to exchange unclassified products on {topic} before the next meeting.",
    "{org} briefed on recent developments and planned activities.",
    "Discussion focused on avoiding duplication and keeping the two processes coherent.",
    "Points of contact were confirmed on both sides.",
    "The meeting took stock of progress since the last joint progress report.",
    "A follow-up session is foreseen for the next quarter.",
    "Lessons from earlier exercises were reviewed.",
    "Partners' needs in {country} were discussed.",
]
OUTCOMES = [
    "Next steps agreed; minutes to be circulated.",
    "Follow-up meeting to be scheduled.",
    "Joint input to the next progress report drafted.",
    "Points of contact exchanged.",
    "",
]
LOCATIONS = [
    "Brussels",
    "Brussels (NATO HQ)",
    "Brussels (EEAS)",
    "Helsinki",
    "Rome",
    "Northwood",
    "Norfolk",
    "Mons",
    "Sarajevo",
    "Chisinau",
    "Tunis",
    "Videoconference",
]
STATUS_WEIGHTS = (("held", 86), ("planned", 6), ("cancelled", 4), ("postponed", 4))


def _pick_status(rng: random.Random, day: dt.date, today: dt.date) -> str:
    if day > today:
        return "planned"
    roll = rng.randrange(100)
    acc = 0
    for status, weight in STATUS_WEIGHTS:
        acc += weight
        if roll < acc:
            return status
    return "held"


@dataclass(frozen=True)
class _Catalogue:
    """The reference lists demo interactions are drawn from."""

    types: dict[str, int]  # name -> id
    marking: int
    actions: list[tuple[int, int | None]]  # (id, area code) of the active actions
    countries: list[tuple[int, str, bool]]  # (id, name, is_pilot)
    organisations: list[tuple[int, str | None, str]]  # (id, acronym, name)
    type_names: list[str]  # sorted
    pilots: list[tuple[int, str, bool]]  # the pilot countries (all, if none is)

    @classmethod
    def load(cls, session: Session) -> _Catalogue:
        types = dict(session.execute(select(InteractionType.name, InteractionType.id)).all())
        marking = session.scalar(
            select(HandlingMarking.id).order_by(HandlingMarking.sort_order).limit(1)
        )
        acts = session.execute(
            select(Action.id, Area.code)
            .outerjoin(Area, Area.id == Action.area_id)
            .where(Action.status == "active")
            .order_by(Action.number)
        ).all()
        countries = _first_lists(
            session.execute(select(Country.id, Country.name, Country.is_pilot)).all(),
            "countries.csv",
            name_at=1,
        )
        orgs = _first_lists(
            session.execute(select(Organisation.id, Organisation.acronym, Organisation.name)).all(),
            "organisations.csv",
            name_at=2,
        )
        if not (types and acts and countries and orgs and marking):
            raise DeskError("The reference catalogue is empty; demo data needs it.")
        pilots = [c for c in countries if c[2]] or countries
        return cls(types, marking, list(acts), list(countries), list(orgs), sorted(types), pilots)


def _first_lists(rows: list, file: str, name_at: int) -> list:  # type: ignore[type-arg]
    """The rows named in the first shipped lists (the core bodies and countries of staff-to-
    staff work; ``since`` 1 in ``file``), so that a seed draws the same demo data as before
    the lists grew; every row if none of them is there."""
    first = {r["name"] for r in read_rows(file) if r.get("since", "1") == "1"}
    return [r for r in rows if r[name_at] in first] or list(rows)


@dataclass
class _Chunk:
    """The rows of one chunk of demo interactions, ready for ``executemany``."""

    interactions: list[tuple] = field(default_factory=list)
    links: list[tuple[int, int, str]] = field(default_factory=list)
    countries: list[tuple[int, int]] = field(default_factory=list)
    organisations: list[tuple[int, int]] = field(default_factory=list)

    def add(self, rng: random.Random, iid: int, cat: _Catalogue, now: str) -> None:
        """One interaction ``iid`` and its lists, drawn from ``rng``."""
        day = START + dt.timedelta(days=rng.randrange(SPAN + 1))
        type_name = rng.choice(cat.type_names)
        linked = rng.sample(cat.actions, rng.choice((1, 1, 2, 2, 3)))
        area = next((code for _, code in linked if code), rng.randint(1, 10))
        topic = rng.choice(TOPICS.get(area, TOPICS[1]))
        country = rng.choice(
            cat.pilots if type_name == "Pilot-country consultation" else cat.countries
        )
        org = rng.choice(cat.organisations)
        title = TITLE_PATTERNS.get(type_name, "{topic}").format(
            body=rng.choice(BODIES), topic=topic, country=country[1]
        )
        summary = " ".join(
            s.format(topic=topic, org=org[1] or org[2], country=country[1])
            for s in rng.sample(SENTENCES, rng.randint(2, 4))
        )
        start_time = f"{rng.choice((9, 10, 11, 14, 15)):02d}:{rng.choice(('00', '30'))}"
        self.interactions.append(
            (
                iid,
                str(uuid_mod.UUID(int=rng.getrandbits(128), version=4)),
                title[0].upper() + title[1:],
                cat.types[type_name],
                day.isoformat(),
                start_time,
                _pick_status(rng, day, dt.date.today()),
                rng.choice(LOCATIONS),
                rng.choice(("in_person", "in_person", "video", "hybrid")),
                summary,
                rng.choice(OUTCOMES),
                cat.marking,
                now,
                "Demo data",
                now,
                "Demo data",
            )
        )
        self.links.extend((iid, action_id, "") for action_id, _ in linked)
        self.countries.append((iid, country[0]))
        for o in {org[0], rng.choice(cat.organisations)[0]}:
            self.organisations.append((iid, o))

    def insert(self, conn: Connection) -> None:
        """Write the chunk: driver-level ``executemany`` through the engine (no dict per
        row; an SQLite error still becomes a DatabaseError with a message)."""
        for sql, rows in (
            (_INSERT_INTERACTION, self.interactions),
            (_INSERT_LINK, self.links),
            (_INSERT_COUNTRY, self.countries),
            (_INSERT_ORGANISATION, self.organisations),
        ):
            conn.exec_driver_sql(driver_sql(conn, sql), rows)


_INSERT_INTERACTION = (
    "INSERT INTO interaction (id, uuid, title, type_id, start_date, start_time, "
    "status, location, format, summary, outcome, marking_id, tags, created_at, "
    "created_by, updated_at, updated_by) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'',?,?,?,?)"
)
_INSERT_LINK = "INSERT INTO interaction_action (interaction_id, action_id, note) VALUES (?,?,?)"
_INSERT_COUNTRY = "INSERT INTO interaction_country (interaction_id, country_id) VALUES (?,?)"
_INSERT_ORGANISATION = (
    "INSERT INTO interaction_organisation (interaction_id, organisation_id) VALUES (?,?)"
)


def generate_demo_data(
    db: Database,
    count: int = 300,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Add ``count`` interactions in one transaction; returns how many were added.

    Raises OperationCancelled (and adds nothing) when ``cancelled()`` turns true."""
    if count < 0:
        raise DeskError("The number of demo interactions cannot be negative.")
    now = utc_now_text()
    with db.write() as session, search_index_paused(session):
        cat = _Catalogue.load(session)
        next_id = session.scalar(select(func.coalesce(func.max(Interaction.id), 0))) + 1
        # Same seed, same data on an empty database; a second run adds new rows (new uuids).
        # The ids come from storage.ids (on a server, from the table's sequence).
        rng = random.Random(f"{seed}:{next_id}")
        done = 0
        while done < count:
            if cancelled is not None and cancelled():
                raise OperationCancelled("Demo data cancelled; nothing was added.")
            n = min(CHUNK, count - done)
            chunk = _Chunk()
            for iid in new_ids(session, Interaction.__table__, n):
                chunk.add(rng, iid, cat, now)
            chunk.insert(session.connection())
            done += n
            if progress is not None:
                progress(done, count)
    return count
