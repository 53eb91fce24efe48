"""search tables and outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:49:28.595200

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_document',
    sa.Column('doc_id', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=32), nullable=False),
    sa.Column('ref', sa.String(length=64), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('date', sa.DateTime(timezone=True), nullable=True),
    sa.Column('facets', postgresql.ARRAY(sa.String(length=200)).with_variant(sa.JSON(), 'sqlite'), nullable=False),
    sa.Column('tsv', postgresql.TSVECTOR().with_variant(sa.Text(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('doc_id', name=op.f('pk_search_document'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_date'), ['date'], unique=False)
        batch_op.create_index('ix_search_document_facets', ['facets'], unique=False, postgresql_using='gin')
        batch_op.create_index('ix_search_document_tsv', ['tsv'], unique=False, postgresql_using='gin')
        batch_op.create_index(batch_op.f('ix_search_document_type'), ['type'], unique=False)

    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_ref', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    op.create_table('search_term',
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('word', sa.String(length=200), nullable=False),
    sa.Column('df', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('term', name=op.f('pk_search_term'))
    )


def downgrade():
    op.drop_table('search_term')
    op.drop_table('search_outbox')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_type'))
        batch_op.drop_index('ix_search_document_tsv', postgresql_using='gin')
        batch_op.drop_index('ix_search_document_facets', postgresql_using='gin')
        batch_op.drop_index(batch_op.f('ix_search_document_date'))

    op.drop_table('search_document')
