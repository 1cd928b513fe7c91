"""change-log notifications (PostgreSQL) and the personal-data read log

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

CHANNEL = "commandcenter_changes"


def upgrade() -> None:
    op.create_table(
        'personal_data_reads',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('case_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('username', sa.String(length=40), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('fields', sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.PrimaryKeyConstraint('id'))
    for column in ('case_id', 'username', 'at'):
        op.create_index(op.f(f'ix_personal_data_reads_{column}'), 'personal_data_reads', [column])
    if op.get_bind().dialect.name == "postgresql":
        # One wake-up per committed transaction: PostgreSQL folds identical notifications
        # raised in the same transaction and delivers them only on commit; a statement
        # trigger raises one per insert statement, however many rows it writes. Listeners then
        # read the log by sequence, so the payload carries nothing.
        op.execute(f"""
            CREATE FUNCTION commandcenter_notify_change() RETURNS trigger AS $$
            BEGIN
                PERFORM pg_notify('{CHANNEL}', '');
                RETURN NULL;
            END $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
            FOR EACH STATEMENT EXECUTE FUNCTION commandcenter_notify_change()""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS change_log_notify ON change_log")
        op.execute("DROP FUNCTION IF EXISTS commandcenter_notify_change()")
    for column in ('case_id', 'username', 'at'):
        op.drop_index(op.f(f'ix_personal_data_reads_{column}'), table_name='personal_data_reads')
    op.drop_table('personal_data_reads')
