"""French wording: the loan agreement's and the check-in questions' own French text, for
peers who read French (issue 20). Versions saved before have none and print in English.

Revision ID: a3c9e1f27b40
Revises: fcfc9eccb1ef
Create Date: 2026-12-05 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3c9e1f27b40'
down_revision = 'fcfc9eccb1ef'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_fr', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('body_fr', sa.Text(), nullable=True))

    with op.batch_alter_table('check_in_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wording_fr', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('check_in_version', schema=None) as batch_op:
        batch_op.drop_column('wording_fr')

    with op.batch_alter_table('agreement_version', schema=None) as batch_op:
        batch_op.drop_column('body_fr')
        batch_op.drop_column('title_fr')
