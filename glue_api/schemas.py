"""Base classes for request and response bodies."""

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    """Strict: a number where a string belongs is an error, not a silent conversion."""

    model_config = ConfigDict(strict=True, extra="ignore")


class ResponseBody(BaseModel):
    model_config = ConfigDict(from_attributes=True)
