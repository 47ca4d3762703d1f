"""Vault API: oauth."""

from fastapi import APIRouter

router = APIRouter(tags=["vault"])
