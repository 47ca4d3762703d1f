"""schemas, entities, and each connection's field and entity mappings (the deprecated Management API operations)

Revision ID: 0007_schemas_entities
Revises: 0006
Create Date: 2026-12-02 08:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007_schemas_entities'
down_revision = '0006'
branch_labels = None
depends_on = None


def _owned_table(name: str) -> None:
    op.create_table(name,
    sa.Column('id', sa.String(), nullable=False),
    sa.Column('application_id', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('config', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f(f'fk_{name}_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{name}')),
    sa.UniqueConstraint('application_id', 'name', name=op.f(f'uq_{name}_application_id_name'))
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{name}_application_id'), ['application_id'], unique=False)


def upgrade() -> None:
    _owned_table('schemas')
    _owned_table('entities')
    op.create_table('connection_field_mappings',
    sa.Column('connection_id', sa.String(), nullable=False),
    sa.Column('object_type', sa.String(), nullable=False),
    sa.Column('object', sa.String(), nullable=False),
    sa.Column('field_mappings', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_connection_field_mappings_connection_id_connections'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('connection_id', 'object_type', 'object', name=op.f('pk_connection_field_mappings'))
    )
    op.create_table('connection_entity_mappings',
    sa.Column('connection_id', sa.String(), nullable=False),
    sa.Column('entity_id', sa.String(), nullable=False),
    sa.Column('object', sa.JSON(), nullable=True),
    sa.Column('field_mappings', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['connection_id'], ['connections.id'], name=op.f('fk_connection_entity_mappings_connection_id_connections'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_connection_entity_mappings_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('connection_id', 'entity_id', name=op.f('pk_connection_entity_mappings'))
    )
    with op.batch_alter_table('connection_entity_mappings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_connection_entity_mappings_entity_id'), ['entity_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('connection_entity_mappings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_connection_entity_mappings_entity_id'))
    op.drop_table('connection_entity_mappings')
    op.drop_table('connection_field_mappings')
    for name in ('entities', 'schemas'):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{name}_application_id'))
        op.drop_table(name)
