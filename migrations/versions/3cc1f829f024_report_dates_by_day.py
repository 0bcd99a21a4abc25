"""Reports remember whether their row sheets show dates by day (by month unless asked)

Revision ID: 3cc1f829f024
Revises: 5e5ccf8ac70f
Create Date: 2026-12-04 23:09:22.474601

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3cc1f829f024'
down_revision = '5e5ccf8ac70f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dates_by_day', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_column('dates_by_day')

