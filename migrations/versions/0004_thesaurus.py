"""thesaurus

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 22:56:53.674092

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thesaurus_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=1000), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_thesaurus_rule'))
    )
    with op.batch_alter_table('thesaurus_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_thesaurus_rule_position'), ['position'], unique=False)


def downgrade():
    with op.batch_alter_table('thesaurus_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_thesaurus_rule_position'))

    op.drop_table('thesaurus_rule')
