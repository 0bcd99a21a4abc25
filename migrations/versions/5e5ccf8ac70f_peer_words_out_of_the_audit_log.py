"""peer words out of the audit log: free text about peers is logged as hidden from now on;
the values logged before are hidden too

Revision ID: 5e5ccf8ac70f
Revises: a3138f4c5dda
Create Date: 2026-12-01 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e5ccf8ac70f'
down_revision = 'a3138f4c5dda'
branch_labels = None
depends_on = None

HIDDEN = "(hidden)"
# The free-text fields about peers, as the models' __audit_redact__ named them here.
FIELDS = {"loan": {"return_notes", "return_date_reason", "due_date_reason",
                   "out_of_turn_reason"},
          "issue": {"description", "resolution_note"}, "support_session": {"note"},
          "waitlist_entry": {"reason", "withdraw_reason"}}
BATCH = 1000

audit = sa.table("audit_entry", sa.column("id", sa.Integer), sa.column("object_type", sa.String),
                 sa.column("action", sa.String), sa.column("changes", sa.JSON),
                 sa.column("note", sa.String))


def _hidden(changes: dict, fields: set) -> dict:
    """The changes with every non-empty value of those fields hidden."""
    return {field: [value if field not in fields or value in (None, "") else HIDDEN
                    for value in change] for field, change in changes.items()}


def upgrade():
    # The audit log is append-only to the app; rewriting what it kept of peers' words is the
    # one change made to it, here, so that erasing a peer leaves nothing of them behind.
    connection = op.get_bind()
    last = 0
    while True:
        rows = connection.execute(
            sa.select(audit.c.id, audit.c.object_type, audit.c.action, audit.c.changes,
                      audit.c.note)
            .where(audit.c.object_type.in_(list(FIELDS)), audit.c.id > last)
            .order_by(audit.c.id).limit(BATCH)).all()
        if not rows:
            break
        for row_id, object_type, action, changes, note in rows:
            hidden = _hidden(changes or {}, FIELDS[object_type])
            # A withdrawal's note was its reason.
            new_note = "" if object_type == "waitlist_entry" and action == "withdraw" else note
            if hidden != (changes or {}) or new_note != note:
                connection.execute(audit.update().where(audit.c.id == row_id)
                                   .values(changes=hidden, note=new_note))
        last = rows[-1][0]


def downgrade():
    pass  # hidden words cannot come back
