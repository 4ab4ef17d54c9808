"""Creates the extension's first table, named with its table prefix."""

import sqlalchemy as sa
from alembic import context, op

revision = "3c2a4d5e6f70"
down_revision = None

table_prefix = context.config.get_main_option("table_prefix")


def upgrade():
    op.create_table(
        table_prefix + "repos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table(table_prefix + "repos")
