"""Vault API: logs."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
