"""English names of the districts, streets and communities

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
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
