"""request logs: an index that answers the Vault's per-consumer request counts on its own

Revision ID: 0009_request_log_counts
Revises: 0008_source_state
Create Date: 2026-12-03 03:50:00
"""

from alembic import op

revision = '0009_request_log_counts'
down_revision = '0008_source_state'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_request_logs_consumer_counts', 'request_logs',
                    ['application_id', 'consumer_id', 'api', 'created_at'])


def downgrade() -> None:
    op.drop_index('ix_request_logs_consumer_counts', table_name='request_logs')
