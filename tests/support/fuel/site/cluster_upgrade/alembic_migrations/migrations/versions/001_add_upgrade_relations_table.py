"""Creates the extension's first table, named with its table prefix."""

import sqlalchemy as sa
from alembic import context, op

revision = "2b1f3c4d5e6f"
down_revision = None

table_prefix = context.config.get_main_option("table_prefix")


def upgrade():
    op.create_table(
        table_prefix + "relations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table(table_prefix + "relations")
