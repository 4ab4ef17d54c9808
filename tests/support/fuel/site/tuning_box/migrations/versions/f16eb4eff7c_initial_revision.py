"""Creates the extension's first table, named with its table prefix."""

import sqlalchemy as sa
from alembic import context, op

revision = "4d3b5e6f7081"
down_revision = None

table_prefix = context.config.get_main_option("table_prefix")


def upgrade():
    op.create_table(
        table_prefix + "components",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table(table_prefix + "components")
