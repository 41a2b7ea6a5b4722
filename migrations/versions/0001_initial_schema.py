"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 15:51:02.156686
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# PostgreSQL: the SQL functions the app's queries use that SQLite has built in, or that the app
# gives each SQLite connection (``casefold``: Python's str.casefold). ``lower`` folds
# non-ASCII letters in a UTF-8 database ('Élodie' -> 'élodie'); 'ß' becomes 'ss' as in Python.
# ``group_concat(value, separator)`` joins the values in the order given, as SQLite's does.
# ``json_each(text)`` gives the items of a JSON array of strings as rows of ``value`` (text).
# ``substr(date, start, count)`` reads a date as the ISO text SQLite stores ('2018-05-03').
PG_FUNCTIONS = (
    (
        "casefold(text)",
        "CREATE FUNCTION casefold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        "PARALLEL SAFE AS $$ SELECT replace(lower(value), 'ß', 'ss') $$",
    ),
    (
        "group_concat_step(text, anyelement, text)",
        "CREATE FUNCTION group_concat_step(state text, value anyelement, separator text) "
        "RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE "
        "WHEN value IS NULL THEN state WHEN state IS NULL THEN value::text "
        "ELSE state || separator || value::text END $$",
    ),
    (
        None,  # the aggregate, dropped with its step function (CASCADE)
        "CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = group_concat_step, STYPE = text)",
    ),
    (
        "substr(date, integer, integer)",
        "CREATE FUNCTION substr(day date, start integer, count integer) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        "$$ SELECT substr(to_char(day, 'YYYY-MM-DD'), start, count) $$",
    ),
    (
        "json_each(text)",
        "CREATE FUNCTION json_each(items text) RETURNS TABLE (value text) LANGUAGE sql "
        "IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT json_array_elements_text(items::json) $$",
    ),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for _name, create in PG_FUNCTIONS:
            op.execute(create)
    op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("code", name=op.f("uq_area_code")),
        sa.UniqueConstraint("name", name=op.f("uq_area_name")),
    )
    op.create_table(
        "country",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("iso_code", sa.String(length=2), nullable=False),
        sa.Column("is_pilot", sa.Boolean(), nullable=False),
        sa.Column("is_partner", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_country")),
        sa.UniqueConstraint("iso_code", name=op.f("uq_country_iso_code")),
        sa.UniqueConstraint("name", name=op.f("uq_country_name")),
    )
    op.create_table(
        "handling_marking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handling_marking")),
        sa.UniqueConstraint("name", name=op.f("uq_handling_marking_name")),
    )
    op.create_table(
        "interaction_type",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_type")),
        sa.UniqueConstraint("name", name=op.f("uq_interaction_type_name")),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("acronym", sa.String(length=50), nullable=True),
        sa.Column("side", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "side IN ('EU', 'NATO', 'joint', 'partner', 'national', 'other')",
            name=op.f("ck_organisation_side"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("acronym", name=op.f("uq_organisation_acronym")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("set_year", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("superseded_by_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.String(length=20), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.String(length=20), nullable=False),
        sa.CheckConstraint(
            "confidence IN ('confirmed', 'to_be_confirmed')", name=op.f("ck_action_confidence")
        ),
        sa.CheckConstraint("status IN ('active', 'retired')", name=op.f("ck_action_status")),
        sa.CheckConstraint("number IS NULL OR number > 0", name=op.f("ck_action_number_positive")),
        sa.CheckConstraint("set_year IN (2016, 2017)", name=op.f("ck_action_set_year")),
        sa.ForeignKeyConstraint(
            ["area_id"], ["area.id"], name=op.f("fk_action_area_id_area"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by_id"],
            ["action.id"],
            name=op.f("fk_action_superseded_by_id_action"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
        sa.UniqueConstraint("uuid", name=op.f("uq_action_uuid")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(
            "uq_action_active_number",
            ["number"],
            unique=True,
            sqlite_where=sa.text("status = 'active'"),
            postgresql_where=sa.text("status = 'active'"),
        )

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("type_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.String(length=5), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_time", sa.String(length=5), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("location", sa.String(length=300), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("marking_id", sa.Integer(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.String(length=20), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "format IS NULL OR format IN ('in_person', 'video', 'hybrid')",
            name=op.f("ck_interaction_format"),
        ),
        sa.CheckConstraint(
            "status IN ('planned', 'held', 'cancelled', 'postponed')",
            name=op.f("ck_interaction_status"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_interaction_end_after_start"),
        ),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_interaction_title_not_empty")),
        sa.ForeignKeyConstraint(
            ["marking_id"],
            ["handling_marking.id"],
            name=op.f("fk_interaction_marking_id_handling_marking"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["type_id"],
            ["interaction_type.id"],
            name=op.f("fk_interaction_type_id_interaction_type"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
        sa.UniqueConstraint("uuid", name=op.f("uq_interaction_uuid")),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index("ix_interaction_start", ["start_date", "id"], unique=False)
        batch_op.create_index("ix_interaction_status_start", ["status", "start_date"], unique=False)
        batch_op.create_index("ix_interaction_type_start", ["type_id", "start_date"], unique=False)

    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_person_organisation_id_organisation"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("uuid", name=op.f("uq_person_uuid")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_name"), ["name"], unique=False)

    op.create_table(
        "interaction_action",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_interaction_action_action_id_action"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_action_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "action_id", name=op.f("pk_interaction_action")),
    )
    with op.batch_alter_table("interaction_action", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_action_action", ["action_id", "interaction_id"], unique=False
        )

    op.create_table(
        "interaction_country",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["country.id"],
            name=op.f("fk_interaction_country_country_id_country"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_country_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "country_id", name=op.f("pk_interaction_country")
        ),
    )
    with op.batch_alter_table("interaction_country", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_country_country", ["country_id", "interaction_id"], unique=False
        )

    op.create_table(
        "interaction_organisation",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_organisation_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_interaction_organisation_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint(
            "interaction_id", "organisation_id", name=op.f("pk_interaction_organisation")
        ),
    )
    with op.batch_alter_table("interaction_organisation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_organisation_org", ["organisation_id", "interaction_id"], unique=False
        )

    op.create_table(
        "interaction_person",
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_person_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_interaction_person_person_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("interaction_id", "person_id", name=op.f("pk_interaction_person")),
    )
    with op.batch_alter_table("interaction_person", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_person_person", ["person_id", "interaction_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction_person", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_person_person")

    op.drop_table("interaction_person")
    with op.batch_alter_table("interaction_organisation", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_organisation_org")

    op.drop_table("interaction_organisation")
    with op.batch_alter_table("interaction_country", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_country_country")

    op.drop_table("interaction_country")
    with op.batch_alter_table("interaction_action", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_action_action")

    op.drop_table("interaction_action")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_name"))

    op.drop_table("person")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_type_start")
        batch_op.drop_index("ix_interaction_status_start")
        batch_op.drop_index("ix_interaction_start")

    op.drop_table("interaction")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index("uq_action_active_number", sqlite_where=sa.text("status = 'active'"))

    op.drop_table("action")
    op.drop_table("organisation")
    op.drop_table("meta")
    op.drop_table("interaction_type")
    op.drop_table("handling_marking")
    op.drop_table("country")
    op.drop_table("area")
    if op.get_bind().dialect.name == "postgresql":
        for name, _create in reversed(PG_FUNCTIONS):
            if name:
                op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
