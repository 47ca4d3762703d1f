"""Outgoing webhooks: registered endpoints, Standard Webhooks signatures and outbox delivery."""
