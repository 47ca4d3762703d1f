"""Request logs: every Vault and Management API call, and every call Glue makes to a provider."""
