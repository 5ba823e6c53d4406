"""form990: financial history from the organization's Form 990 / 990-EZ returns (issue 17)

- form990_return: one row per tax year, figures in integer cents, NULL where the form does not
  report a figure (a 990-EZ's management and fundraising expenses).
- form990_officer: the people each return lists (Part VII Section A / Part IV).

Revision ID: 0011
Revises: 0008 (the lead re-chains after 0009 and 0010 at merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0012"
branch_labels = None
depends_on = None

MONEY = (
    ("total_revenue", False), ("contributions", True), ("program_service_revenue", True),
    ("total_expenses", False), ("program_expenses", True), ("management_expenses", True),
    ("fundraising_expenses", True), ("total_assets_eoy", True), ("total_liabilities_eoy", True),
    ("net_assets_eoy", True), ("cash_and_savings_eoy", True),
)


def upgrade() -> None:
    op.create_table(
        "form990_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tax_year", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("period_begin", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("ein", sa.String(length=9), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("amended", sa.Boolean(), nullable=False),
        sa.Column("schema_version", sa.String(length=20), nullable=True),
        sa.Column("filed_at", sa.String(length=40), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("fictional", sa.Boolean(), nullable=False),
        *[sa.Column(name, sa.BigInteger(), nullable=nullable) for name, nullable in MONEY],
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form990_return")),
        sa.UniqueConstraint("tax_year", name=op.f("uq_form990_return_tax_year")),
    )
    op.create_table(
        "form990_officer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("reportable_comp", sa.BigInteger(), nullable=True),
        sa.Column("is_director", sa.Boolean(), nullable=False),
        sa.Column("is_officer", sa.Boolean(), nullable=False),
        sa.Column("is_key_employee", sa.Boolean(), nullable=False),
        sa.Column("is_highest_compensated", sa.Boolean(), nullable=False),
        sa.Column("is_former", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["return_id"], ["form990_return.id"], ondelete="CASCADE",
                                name=op.f("fk_form990_officer_return_id_form990_return")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form990_officer")),
    )
    with op.batch_alter_table("form990_officer") as batch_op:
        batch_op.create_index(batch_op.f("ix_form990_officer_return_id"), ["return_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("form990_officer") as batch_op:
        batch_op.drop_index(batch_op.f("ix_form990_officer_return_id"))
    op.drop_table("form990_officer")
    op.drop_table("form990_return")
