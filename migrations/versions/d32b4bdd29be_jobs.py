"""Jobs: work done by workers outside a page view, with its state, progress and result

Revision ID: d32b4bdd29be
Revises: c5c85e44263c
Create Date: 2026-12-05 00:57:19.513825

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd32b4bdd29be'
down_revision = 'c5c85e44263c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('report', 'download', 'labels', 'import_check', 'import_run', 'daily', name='job_kind', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='job_state', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('progress', sa.Double(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_until', sa.DateTime(), nullable=True),
    sa.Column('file_name', sa.String(length=200), nullable=True),
    sa.Column('file_size', sa.Integer(), nullable=True),
    sa.Column('file_sha256', sa.String(length=64), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_job_created_by_id_user')),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], name=op.f('fk_job_report_id_report')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index('ix_job_mine', ['created_by_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_state'), ['state'], unique=False)
        batch_op.create_index('uq_job_active_key', ['key'], unique=True, sqlite_where=sa.text("state IN ('queued', 'running')"), postgresql_where=sa.text("state IN ('queued', 'running')"))



def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index('uq_job_active_key', sqlite_where=sa.text("state IN ('queued', 'running')"), postgresql_where=sa.text("state IN ('queued', 'running')"))
        batch_op.drop_index(batch_op.f('ix_job_state'))
        batch_op.drop_index('ix_job_mine')

    op.drop_table('job')
