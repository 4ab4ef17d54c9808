"""Creates the extension's first table, named with its table prefix."""

import sqlalchemy as sa
from alembic import context, op

revision = "1a0e2f3b4c5d"
down_revision = None

table_prefix = context.config.get_main_option("table_prefix")


def upgrade():
    op.create_table(
        table_prefix + "node_volumes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table(table_prefix + "node_volumes")
