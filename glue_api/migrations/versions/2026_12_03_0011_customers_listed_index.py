"""customers: an index in the order both APIs list them, so a page is read off it rather than sorted

Revision ID: 0011_customers_listed
Revises: 0010_request_counts
Create Date: 2026-12-03 07:40:00
"""

from alembic import op

revision = '0011_customers_listed'
down_revision = '0010_request_counts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_customers_listed', 'customers', ['application_id', 'created_at', 'id'])


def downgrade() -> None:
    op.drop_index('ix_customers_listed', table_name='customers')
