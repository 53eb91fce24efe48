"""site freeze: when the material was frozen (read-only after the announcement)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 10:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('site_settings') as batch:
        batch.add_column(sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('site_settings') as batch:
        batch.drop_column('frozen_at')
