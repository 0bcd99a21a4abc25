"""Places where items are kept, and when a stock count last saw each item

Revision ID: 2659c2ccb992
Revises: 3cc1f829f024
Create Date: 2026-12-04 23:22:45.514222

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2659c2ccb992'
down_revision = '3cc1f829f024'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('place',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_place')),
    sa.UniqueConstraint('name', name=op.f('uq_place_name'))
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_device_place_id'), ['place_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_device_place_id_place'), 'place', ['place_id'], ['id'])

    with op.batch_alter_table('sim_card', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_seen_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_sim_card_place_id'), ['place_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_sim_card_place_id_place'), 'place', ['place_id'], ['id'])



def downgrade():
    with op.batch_alter_table('sim_card', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_sim_card_place_id_place'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_sim_card_place_id'))
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('place_id')

    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_device_place_id_place'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_device_place_id'))
        batch_op.drop_column('last_seen_at')
        batch_op.drop_column('place_id')

    op.drop_table('place')
