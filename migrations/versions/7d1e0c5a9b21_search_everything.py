"""PostgreSQL: trigram indexes for the one search box (a peer's phone and email, contracts)

Revision ID: 7d1e0c5a9b21
Revises: 2659c2ccb992
Create Date: 2026-12-04 23:50:00

"""
from alembic import op

revision = '7d1e0c5a9b21'
down_revision = '2659c2ccb992'
branch_labels = None
depends_on = None

# As lending/database.py SEARCH_INDEXES gained them when this migration was written (equality
# on the folded text reads these indexes too).
NEW_SEARCH_INDEXES = {"peer_contact": ("phone", "email"), "contract": ("reference", "title")}


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, columns in NEW_SEARCH_INDEXES.items():
            for column in columns:
                op.execute(f"CREATE INDEX IF NOT EXISTS ix_{table}_{column}_folded_trgm ON "
                           f"{table} USING gin (lb_fold({column}) gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table, columns in NEW_SEARCH_INDEXES.items():
            for column in columns:
                op.execute(f"DROP INDEX IF EXISTS ix_{table}_{column}_folded_trgm")
