"""Vault API: connections."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
