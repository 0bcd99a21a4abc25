"""Imports are checked by a worker: a file is kept first ("checking"), and what its check found
is kept with it, so that its page never checks it again

Revision ID: ddcb4258dc17
Revises: d32b4bdd29be
Create Date: 2026-12-05 01:22:26.137539

"""
from alembic import op
import sqlalchemy as sa


revision = 'ddcb4258dc17'
down_revision = 'd32b4bdd29be'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('check_result', sa.JSON(), nullable=True))
        batch_op.drop_constraint(op.f('ck_import_batch_import_status'), type_='check')
        batch_op.create_check_constraint(
            'import_status', "status IN ('checking', 'checked', 'unreadable', 'imported')")


def downgrade():
    op.execute("DELETE FROM import_batch WHERE status IN ('checking', 'unreadable')")
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_import_batch_import_status'), type_='check')
        batch_op.create_check_constraint('import_status', "status IN ('checked', 'imported')")
        batch_op.drop_column('check_result')
