"""request counts: each consumer's requests, kept by triggers as request logs are written and purged

Revision ID: 0010_request_counts
Revises: 0009_request_log_counts
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010_request_counts'
down_revision = '0009_request_log_counts'
branch_labels = None
depends_on = None

# The allocations the Vault's consumer views show (ALLOCATION_OF_API in glue_api/vault/consumers/repository.py
# when this was written): the Vault and Management APIs count as vault requests, provider calls as proxy requests.
VAULT = "api IN ('vault', 'mgmt')"
PROXY = "api = 'provider'"

# PostgreSQL: one trigger run per statement (the request-log writer inserts a batch in one statement), over the
# statement's rows. Counter rows are taken in key order, so two writers, or a writer and a purge, never wait on
# each other in a cycle.
POSTGRES_UP = [
    f"""
    CREATE FUNCTION glue_count_logged_requests() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO request_counts
            (application_id, consumer_id, requests, vault_requests, proxy_requests, last_request_at)
        SELECT application_id, consumer_id, count(*), count(*) FILTER (WHERE {VAULT}),
               count(*) FILTER (WHERE {PROXY}), max(created_at)
        FROM logged WHERE consumer_id IS NOT NULL
        GROUP BY application_id, consumer_id ORDER BY application_id, consumer_id
        ON CONFLICT (application_id, consumer_id) DO UPDATE SET
            requests = request_counts.requests + EXCLUDED.requests,
            vault_requests = request_counts.vault_requests + EXCLUDED.vault_requests,
            proxy_requests = request_counts.proxy_requests + EXCLUDED.proxy_requests,
            last_request_at = greatest(request_counts.last_request_at, EXCLUDED.last_request_at);
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION glue_uncount_purged_requests() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM 1 FROM request_counts c
        JOIN (SELECT DISTINCT application_id, consumer_id FROM purged) p USING (application_id, consumer_id)
        ORDER BY c.application_id, c.consumer_id FOR UPDATE OF c;
        UPDATE request_counts c SET
            requests = c.requests - p.requests,
            vault_requests = c.vault_requests - p.vault_requests,
            proxy_requests = c.proxy_requests - p.proxy_requests,
            last_request_at = CASE WHEN p.last < c.last_request_at THEN c.last_request_at ELSE coalesce(
                (SELECT max(l.created_at) FROM request_logs l
                 WHERE l.application_id = c.application_id AND l.consumer_id = c.consumer_id),
                c.last_request_at) END
        FROM (SELECT application_id, consumer_id, count(*) AS requests,
                     count(*) FILTER (WHERE {VAULT}) AS vault_requests,
                     count(*) FILTER (WHERE {PROXY}) AS proxy_requests, max(created_at) AS last
              FROM purged WHERE consumer_id IS NOT NULL GROUP BY application_id, consumer_id) p
        WHERE c.application_id = p.application_id AND c.consumer_id = p.consumer_id;
        DELETE FROM request_counts c
        WHERE c.requests <= 0 AND (c.application_id, c.consumer_id) IN (SELECT application_id, consumer_id FROM purged);
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER request_logs_counted AFTER INSERT ON request_logs
    REFERENCING NEW TABLE AS logged FOR EACH STATEMENT EXECUTE FUNCTION glue_count_logged_requests()
    """,
    """
    CREATE TRIGGER request_logs_uncounted AFTER DELETE ON request_logs
    REFERENCING OLD TABLE AS purged FOR EACH STATEMENT EXECUTE FUNCTION glue_uncount_purged_requests()
    """,
]
POSTGRES_DOWN = [
    "DROP TRIGGER request_logs_uncounted ON request_logs",
    "DROP TRIGGER request_logs_counted ON request_logs",
    "DROP FUNCTION glue_uncount_purged_requests()",
    "DROP FUNCTION glue_count_logged_requests()",
]

# SQLite has row triggers only; one writer at a time, so there is no lock order to keep.
SQLITE_UP = [
    f"""
    CREATE TRIGGER request_logs_counted AFTER INSERT ON request_logs WHEN NEW.consumer_id IS NOT NULL
    BEGIN
        INSERT INTO request_counts
            (application_id, consumer_id, requests, vault_requests, proxy_requests, last_request_at)
        VALUES (NEW.application_id, NEW.consumer_id, 1, NEW.{VAULT}, NEW.{PROXY}, NEW.created_at)
        ON CONFLICT (application_id, consumer_id) DO UPDATE SET
            requests = requests + 1,
            vault_requests = vault_requests + excluded.vault_requests,
            proxy_requests = proxy_requests + excluded.proxy_requests,
            last_request_at = max(last_request_at, excluded.last_request_at);
    END
    """,
    f"""
    CREATE TRIGGER request_logs_uncounted AFTER DELETE ON request_logs WHEN OLD.consumer_id IS NOT NULL
    BEGIN
        UPDATE request_counts SET
            requests = requests - 1,
            vault_requests = vault_requests - (OLD.{VAULT}),
            proxy_requests = proxy_requests - (OLD.{PROXY}),
            last_request_at = CASE WHEN OLD.created_at < last_request_at THEN last_request_at ELSE coalesce(
                (SELECT max(l.created_at) FROM request_logs l
                 WHERE l.application_id = OLD.application_id AND l.consumer_id = OLD.consumer_id),
                last_request_at) END
        WHERE application_id = OLD.application_id AND consumer_id = OLD.consumer_id;
        DELETE FROM request_counts
        WHERE application_id = OLD.application_id AND consumer_id = OLD.consumer_id AND requests <= 0;
    END
    """,
]
SQLITE_DOWN = ["DROP TRIGGER request_logs_uncounted", "DROP TRIGGER request_logs_counted"]

BACKFILL = f"""
INSERT INTO request_counts (application_id, consumer_id, requests, vault_requests, proxy_requests, last_request_at)
SELECT application_id, consumer_id, count(*), sum(CASE WHEN {VAULT} THEN 1 ELSE 0 END),
       sum(CASE WHEN {PROXY} THEN 1 ELSE 0 END), max(created_at)
FROM request_logs WHERE consumer_id IS NOT NULL GROUP BY application_id, consumer_id
"""


def upgrade() -> None:
    op.create_table('request_counts',
    sa.Column('application_id', sa.String(), nullable=False),
    sa.Column('consumer_id', sa.String(), nullable=False),
    sa.Column('requests', sa.BigInteger(), nullable=False),
    sa.Column('vault_requests', sa.BigInteger(), nullable=False),
    sa.Column('proxy_requests', sa.BigInteger(), nullable=False),
    sa.Column('last_request_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_request_counts_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', 'consumer_id', name=op.f('pk_request_counts'))
    )
    for statement in _statements(POSTGRES_UP, SQLITE_UP):
        op.execute(statement)
    op.execute(BACKFILL)


def downgrade() -> None:
    for statement in _statements(POSTGRES_DOWN, SQLITE_DOWN):
        op.execute(statement)
    op.drop_table('request_counts')


def _statements(postgres: list[str], sqlite: list[str]) -> list[str]:
    return postgres if op.get_bind().dialect.name == "postgresql" else sqlite
