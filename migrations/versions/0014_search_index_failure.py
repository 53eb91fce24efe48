"""The last failed index drain, so readiness reports a refusing index at once

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_index_failure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('error', sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_index_failure')),
    )


def downgrade():
    op.drop_table('search_index_failure')
