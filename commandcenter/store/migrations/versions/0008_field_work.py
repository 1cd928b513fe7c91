"""Field work: merged duplicates, cases handled on the spot, field tasks of supervisors

Revision ID: 0008
Revises: 0012 (the photos table came first; the numbers are names, not the order)
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0012'
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
_OPEN = sa.text('is_open')
_MERGED = sa.text('merged_into IS NOT NULL')
_ASSIGNED = sa.text('is_open AND assignee IS NOT NULL')


def upgrade() -> None:
    # Plain ADD COLUMN, as in 0007: a batch rebuild of the cases table would have to drop
    # it under the events that reference it.
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite takes a reference in ADD COLUMN (the default is NULL) but no ALTER of
        # constraints, which is what Alembic would emit for it.
        op.execute('ALTER TABLE cases ADD COLUMN merged_into INTEGER REFERENCES cases (id)')
    else:
        op.add_column('cases', sa.Column('merged_into', _BIG_ID, sa.ForeignKey('cases.id'),
                                         nullable=True))
    op.add_column('cases', sa.Column('duplicate_count', sa.Integer(), nullable=False,
                                     server_default=sa.text('0')))
    op.add_column('cases', sa.Column('self_handled', sa.Boolean(), nullable=False,
                                     server_default=sa.false()))
    op.add_column('cases', sa.Column('assignee', sa.String(length=40), nullable=True))
    op.add_column('cases', sa.Column('assigned_at', sa.DateTime(), nullable=True))
    op.add_column('cases', sa.Column('task_started_at', sa.DateTime(), nullable=True))
    op.create_index('ix_cases_open_class_lat', 'cases', ['class_key', 'lat'],
                    postgresql_where=_OPEN, sqlite_where=_OPEN)
    op.create_index('ix_cases_open_assignee', 'cases', ['assignee', 'deadline'],
                    postgresql_where=_ASSIGNED, sqlite_where=_ASSIGNED)
    op.create_index('ix_cases_merged_into', 'cases', ['merged_into'],
                    postgresql_where=_MERGED, sqlite_where=_MERGED)


def downgrade() -> None:
    op.drop_index('ix_cases_merged_into', table_name='cases')
    op.drop_index('ix_cases_open_assignee', table_name='cases')
    op.drop_index('ix_cases_open_class_lat', table_name='cases')
    with op.batch_alter_table('cases') as batch:
        for column in ('task_started_at', 'assigned_at', 'assignee', 'self_handled',
                       'duplicate_count', 'merged_into'):
            batch.drop_column(column)
