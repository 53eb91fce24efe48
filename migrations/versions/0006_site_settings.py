"""site settings

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 18:05:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality', sa.String(length=200), nullable=False),
    sa.Column('competition_title', sa.String(length=300), nullable=False),
    sa.Column('competition_summary', sa.Text(), nullable=False),
    sa.Column('dialogue_opens', sa.Date(), nullable=True),
    sa.Column('questions_close', sa.Date(), nullable=True),
    sa.Column('announcement', sa.Date(), nullable=True),
    sa.Column('contact', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings'))
    )


def downgrade():
    op.drop_table('site_settings')
