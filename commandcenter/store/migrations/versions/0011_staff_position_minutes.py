"""Rolled-up GPS fixes (one per person per minute, kept for weeks); English names of the
districts, streets and communities

Revision ID: 0011
Revises: 0008

Applied after 0012 (photos) and 0008 (field work): the order in which they were written.
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_position_minutes',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('lon', sa.Float(), nullable=False),
        sa.Column('lat', sa.Float(), nullable=False),
        sa.Column('on_duty', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('user_id', 'at'))
    op.create_index('ix_staff_position_minutes_at', 'staff_position_minutes', ['at'])
    op.add_column('areas', sa.Column('name_en', sa.String(length=120), nullable=True))
    # Areas stored before: their pinyin names, as a build or an import now stores them.
    from commandcenter.models.placenames import english_name
    conn = op.get_bind()
    areas = sa.table('areas', sa.column('code'), sa.column('level'), sa.column('name'),
                     sa.column('name_en'))
    rows = conn.execute(sa.select(areas.c.code, areas.c.level, areas.c.name)).all()
    if rows:
        conn.execute(areas.update().where(areas.c.code == sa.bindparam('c'))
                     .values(name_en=sa.bindparam('n')),
                     [{'c': code, 'n': english_name(name, level if level in (
                         'district', 'street', 'community') else None)}
                      for code, level, name in rows])


def downgrade() -> None:
    with op.batch_alter_table('areas') as batch:
        batch.drop_column('name_en')
    op.drop_index('ix_staff_position_minutes_at', table_name='staff_position_minutes')
    op.drop_table('staff_position_minutes')
