"""Stock counts: a count of a place (or of everything) and a line an item it found or missed

Revision ID: c5c85e44263c
Revises: 7d1e0c5a9b21
Create Date: 2026-12-04 23:45:48.168721

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5c85e44263c'
down_revision = '7d1e0c5a9b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stock_count',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_stock_count_closed_by_id_user')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_stock_count_place_id_place')),
    sa.ForeignKeyConstraint(['started_by_id'], ['user.id'], name=op.f('fk_stock_count_started_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count'))
    )
    with op.batch_alter_table('stock_count', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_count_place_id'), ['place_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stock_count_started_at'), ['started_at'], unique=False)

    op.create_table('stock_count_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('count_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('sim_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('found', 'missing', 'unexpected', name='stock_outcome', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('scanned_by_id', sa.Integer(), nullable=True),
    sa.Column('scanned_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('(device_id IS NULL) <> (sim_id IS NULL)', name=op.f('ck_stock_count_line_one_item')),
    sa.ForeignKeyConstraint(['count_id'], ['stock_count.id'], name=op.f('fk_stock_count_line_count_id_stock_count')),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], name=op.f('fk_stock_count_line_device_id_device')),
    sa.ForeignKeyConstraint(['scanned_by_id'], ['user.id'], name=op.f('fk_stock_count_line_scanned_by_id_user')),
    sa.ForeignKeyConstraint(['sim_id'], ['sim_card.id'], name=op.f('fk_stock_count_line_sim_id_sim_card')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stock_count_line')),
    sa.UniqueConstraint('count_id', 'device_id', name=op.f('uq_stock_count_line_count_id_device_id')),
    sa.UniqueConstraint('count_id', 'sim_id', name=op.f('uq_stock_count_line_count_id_sim_id'))
    )
    with op.batch_alter_table('stock_count_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stock_count_line_count_id'), ['count_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stock_count_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_count_line_count_id'))

    op.drop_table('stock_count_line')
    with op.batch_alter_table('stock_count', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stock_count_started_at'))
        batch_op.drop_index(batch_op.f('ix_stock_count_place_id'))

    op.drop_table('stock_count')
