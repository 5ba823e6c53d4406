"""finance: funders, monthly accounts, gifts, programmes and their funding, the import log

Revision ID: 0003
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("relationship_owner_person_id", sa.Integer(), nullable=True),
        sa.Column("successor_owner_person_id", sa.Integer(), nullable=True),
        sa.Column("handoff_status", sa.String(length=16), nullable=False),
        sa.Column("introduction_meeting_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["relationship_owner_person_id"], ["person.id"],
                                name=op.f("fk_funder_relationship_owner_person_id_person")),
        sa.ForeignKeyConstraint(["successor_owner_person_id"], ["person.id"],
                                name=op.f("fk_funder_successor_owner_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funder")),
        sa.UniqueConstraint("name", name=op.f("uq_funder_name")),
    )
    with op.batch_alter_table("funder") as batch_op:
        batch_op.create_index(batch_op.f("ix_funder_relationship_owner_person_id"),
                              ["relationship_owner_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funder_successor_owner_person_id"),
                              ["successor_owner_person_id"], unique=False)
    _create_finance_tables()


def _money(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


MONTHLY_AMOUNTS = (
    "contributions_unrestricted", "contributions_restricted", "program_revenue", "other_revenue",
    "expense_program", "expense_management", "expense_fundraising", "depreciation",
    "cash", "investments", "receivables", "fixed_assets_net", "fixed_asset_debt",
    "current_liabilities", "total_liabilities", "net_assets_without_restrictions",
    "board_designated", "net_assets_with_restrictions",
)


def _create_finance_tables() -> None:
    op.create_table(
        "monthly_account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *[_money(name) for name in MONTHLY_AMOUNTS],
        _money("budget_revenue", nullable=True),
        _money("budget_expense", nullable=True),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_monthly_account")),
        sa.UniqueConstraint("month", name=op.f("uq_monthly_account_month")),
    )

    op.create_table(
        "gift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=80), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("amount_cents > 0", name=op.f("ck_gift_amount_positive")),
        sa.ForeignKeyConstraint(["funder_id"], ["funder.id"],
                                name=op.f("fk_gift_funder_id_funder")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gift")),
        sa.UniqueConstraint("reference", name=op.f("uq_gift_reference")),
    )
    with op.batch_alter_table("gift") as batch_op:
        batch_op.create_index(batch_op.f("ix_gift_funder_id"), ["funder_id"], unique=False)
        batch_op.create_index("ix_gift_date_funder_amount",
                              ["date", "funder_id", "amount_cents"], unique=False)

    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("lead_person_id", sa.Integer(), nullable=True),
        sa.Column("backup_person_id", sa.Integer(), nullable=True),
        sa.Column("annual_cost_cents", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(["lead_person_id"], ["person.id"],
                                name=op.f("fk_programme_lead_person_id_person")),
        sa.ForeignKeyConstraint(["backup_person_id"], ["person.id"],
                                name=op.f("fk_programme_backup_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme")),
        sa.UniqueConstraint("name", name=op.f("uq_programme_name")),
    )
    with op.batch_alter_table("programme") as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_lead_person_id"), ["lead_person_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_programme_backup_person_id"), ["backup_person_id"],
                              unique=False)

    op.create_table(
        "programme_funding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=160), nullable=True),
        sa.Column("amount_cents", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        *_timestamps(),
        sa.CheckConstraint("amount_cents >= 0",
                           name=op.f("ck_programme_funding_amount_not_negative")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_programme_funding_period_ordered")),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ondelete="CASCADE",
                                name=op.f("fk_programme_funding_programme_id_programme")),
        sa.ForeignKeyConstraint(["funder_id"], ["funder.id"],
                                name=op.f("fk_programme_funding_funder_id_funder")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_funding")),
    )
    with op.batch_alter_table("programme_funding") as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_funding_programme_id"), ["programme_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_programme_funding_funder_id"), ["funder_id"],
                              unique=False)

    op.create_table(
        "finance_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=120), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("replaced", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_import")),
    )
    with op.batch_alter_table("finance_import") as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_import_at"), ["at"], unique=False)


def downgrade() -> None:
    op.drop_table("finance_import")
    op.drop_table("programme_funding")
    op.drop_table("programme")
    op.drop_table("gift")
    op.drop_table("monthly_account")
    op.drop_table("funder")
