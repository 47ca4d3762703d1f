"""Asset checks on what a connection's syncs left in the warehouse: primary keys unique, a complete full
sync's provider count reconciled with the live rows, each object synced within its period."""
