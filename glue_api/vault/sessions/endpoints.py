"""Vault API: sessions."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
