"""Vault API: consumers."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
