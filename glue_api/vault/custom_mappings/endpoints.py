"""Vault API: custom_mappings."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
