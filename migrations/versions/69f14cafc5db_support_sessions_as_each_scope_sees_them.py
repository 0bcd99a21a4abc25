"""Support sessions as each scope that served their peer sees them (filled, with every kept
figure, by 2dbd7e013248's rebuild); items
read in the order they were last seen; a contract's devices counted by status from an index; open loans in lending order

Revision ID: 69f14cafc5db
Revises: 69c896c63cae
Create Date: 2026-12-05 05:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = '69f14cafc5db'
down_revision = '69c896c63cae'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('support_reach',
    sa.Column('scope_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('session_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('peer_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('last_end_on', sa.Date(), nullable=True),
    sa.Column('next_start_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('scope_id', 'session_id', name=op.f('pk_support_reach'))
    )
    with op.batch_alter_table('support_reach', schema=None) as batch_op:
        batch_op.create_index('ix_support_reach_period', ['scope_id', 'held_on', 'last_end_on', 'next_start_on', 'minutes'], unique=False)
        batch_op.create_index(batch_op.f('ix_support_reach_peer_id'), ['peer_id'], unique=False)

    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index('ix_device_seen', ['last_seen_at', 'id'], unique=False)
        batch_op.create_index('ix_device_contract_status', ['contract_id', 'status'], unique=False)
        batch_op.drop_index('ix_device_contract_id')
    with op.batch_alter_table('sim_card', schema=None) as batch_op:
        batch_op.create_index('ix_sim_card_seen', ['last_seen_at', 'id'], unique=False)

    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.create_index('ix_loan_open_lent', ['lent_at', 'id'], unique=False, sqlite_where=sa.text("status IN ('active', 'overdue')"), postgresql_where=sa.text("status IN ('active', 'overdue')"))

    # The kept figures are filled by the last migration that adds a kept table (2dbd7e013248):
    # the rebuild is today's code, which needs every kept table in place.


def downgrade():
    with op.batch_alter_table('loan', schema=None) as batch_op:
        batch_op.drop_index('ix_loan_open_lent', sqlite_where=sa.text("status IN ('active', 'overdue')"), postgresql_where=sa.text("status IN ('active', 'overdue')"))
    with op.batch_alter_table('sim_card', schema=None) as batch_op:
        batch_op.drop_index('ix_sim_card_seen')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index('ix_device_contract_id', ['contract_id'], unique=False)
        batch_op.drop_index('ix_device_contract_status')
        batch_op.drop_index('ix_device_seen')
    with op.batch_alter_table('support_reach', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_support_reach_peer_id'))
        batch_op.drop_index('ix_support_reach_period')

    op.drop_table('support_reach')
