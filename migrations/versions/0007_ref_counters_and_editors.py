"""ref counters and content editors (four eyes on every version)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 10:00:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# prefix → table whose refs it numbers
_PREFIXES = {"OBS": "observation", "INS": "insight", "PER": "persona", "JRN": "journey"}


def upgrade():
    counter = op.create_table(
        'ref_counter',
        sa.Column('prefix', sa.String(length=8), nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', name=op.f('pk_ref_counter')),
    )
    op.create_table(
        'content_editor',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('object_type', sa.String(length=32), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'],
                                name=op.f('fk_content_editor_user_id_user'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_editor')),
        sa.UniqueConstraint('object_type', 'object_id', 'user_id', name='uq_content_editor'),
    )
    op.create_index(op.f('ix_content_editor_object_id'), 'content_editor', ['object_id'])
    # Start each counter after the highest ref already in use.
    connection = op.get_bind()
    rows = []
    for prefix, table in _PREFIXES.items():
        refs = connection.execute(sa.text(f'SELECT ref FROM "{table}"')).scalars()
        numbers = [int(m.group(1)) for r in refs if (m := re.fullmatch(rf"{prefix}-(\d+)", r))]
        rows.append({"prefix": prefix, "last": max(numbers, default=0)})
    op.bulk_insert(counter, rows)


def downgrade():
    op.drop_index(op.f('ix_content_editor_object_id'), table_name='content_editor')
    op.drop_table('content_editor')
    op.drop_table('ref_counter')
