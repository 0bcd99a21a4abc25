"""The report figures kept current: day figures and served spells (filled by 69f14cafc5db)

Revision ID: 69c896c63cae
Revises: ddcb4258dc17
Create Date: 2026-12-05 02:40:00.166804

"""
from alembic import op
import sqlalchemy as sa


revision = '69c896c63cae'
down_revision = 'ddcb4258dc17'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('figure_day',
    sa.Column('scope_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('measure', sa.String(length=24), nullable=False),
    sa.Column('amount', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.PrimaryKeyConstraint('scope_id', 'day', 'measure', name=op.f('pk_figure_day'))
    )
    op.create_table('served_spell',
    sa.Column('scope_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('peer_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('previous_end_on', sa.Date(), nullable=True),
    sa.Column('first_loan_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('scope_id', 'peer_id', 'start_on', name=op.f('pk_served_spell'))
    )
    with op.batch_alter_table('served_spell', schema=None) as batch_op:
        batch_op.create_index('ix_served_spell_ending', ['scope_id', 'end_on', 'start_on', 'previous_end_on', 'peer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_served_spell_peer_id'), ['peer_id'], unique=False)
        batch_op.create_index('ix_served_spell_first', ['scope_id', 'first_loan_on', 'start_on'], unique=False, sqlite_where=sa.text('previous_end_on IS NULL'), postgresql_where=sa.text('previous_end_on IS NULL'))
    with op.batch_alter_table('support_session', schema=None) as batch_op:
        batch_op.drop_index('ix_support_session_held_on')
        batch_op.create_index('ix_support_session_held', ['held_on', 'peer_id', 'minutes'], unique=False)

    # Filled by 69f14cafc5db, which adds the last of the kept tables: the rebuild is today's
    # code and fills every kept table, so it runs once they all exist.



def downgrade():
    with op.batch_alter_table('support_session', schema=None) as batch_op:
        batch_op.drop_index('ix_support_session_held')
        batch_op.create_index('ix_support_session_held_on', ['held_on'], unique=False)
    with op.batch_alter_table('served_spell', schema=None) as batch_op:
        batch_op.drop_index('ix_served_spell_first')
        batch_op.drop_index(batch_op.f('ix_served_spell_peer_id'))
        batch_op.drop_index('ix_served_spell_ending')

    op.drop_table('served_spell')
    op.drop_table('figure_day')
