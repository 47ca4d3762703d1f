from typing import Annotated

from pydantic import Field

from glue_api.schemas import RequestBody

NonEmpty = Annotated[str, Field(min_length=1, max_length=255)]


class CustomerUpsert(RequestBody):
    customer_id: NonEmpty
    name: Annotated[str, Field(max_length=255)]
    email: Annotated[str, Field(max_length=320)]
