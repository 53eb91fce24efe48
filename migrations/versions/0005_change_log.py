"""change log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('change_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('ref', sa.String(length=32), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_entry'))
    )
    with op.batch_alter_table('change_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_entry_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_entry_ref'), ['ref'], unique=False)


def downgrade():
    with op.batch_alter_table('change_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_entry_ref'))
        batch_op.drop_index(batch_op.f('ix_change_entry_created_at'))
    op.drop_table('change_entry')
