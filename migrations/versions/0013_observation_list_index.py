"""An index that walks published observations newest first (the observation lists)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 21:15:00

"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('observation') as batch:
        batch.create_index('ix_observation_status_month_ref', ['status', 'month', 'ref'],
                           unique=False)


def downgrade():
    with op.batch_alter_table('observation') as batch:
        batch.drop_index('ix_observation_status_month_ref')
