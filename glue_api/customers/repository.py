"""Customer look-ups, always within one application."""

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from glue_api.errors import NotFound
from glue_api.models import Customer

# Hot statements are built once and given their values when run: building a SELECT and its cache key cost
# ~4x the CPU of running it on a warm connection.
_ONE = (Customer.application_id == bindparam("application_id"), Customer.external_id == bindparam("external_id"))
_SUMMARY_COLUMNS = (Customer.application_id, Customer.external_id, Customer.name, Customer.email)
_CUSTOMER = select(Customer).where(*_ONE)
_SUMMARY = select(*_SUMMARY_COLUMNS).where(*_ONE)
_SUMMARIES = (select(*_SUMMARY_COLUMNS).where(Customer.application_id == bindparam("application_id"))
              .order_by(Customer.created_at, Customer.id))


def find_customer(session: Session, application_id: str, external_id: str) -> Customer | None:
    return session.execute(_CUSTOMER, {"application_id": application_id, "external_id": external_id}
                           ).scalar_one_or_none()


def get_customer(session: Session, application_id: str, external_id: str) -> Customer:
    customer = find_customer(session, application_id, external_id)
    if customer is None:
        raise NotFound(f"Customer {external_id} was not found.")
    return customer


def customer_summary(session: Session, application_id: str, external_id: str) -> Row:
    """One customer's (application_id, external_id, name, email), as a row: get_customer without an ORM object."""
    summary = session.execute(_SUMMARY, {"application_id": application_id, "external_id": external_id}).first()
    if summary is None:
        raise NotFound(f"Customer {external_id} was not found.")  # as get_customer says it
    return summary


def customer_summaries(session: Session, application_id: str) -> list[Row]:
    """Every customer's (application_id, external_id, name, email), as rows: no ORM objects to build for a list
    (run on the session's connection, as a Core statement: the ORM has nothing to load)."""
    return list(session.connection().execute(_SUMMARIES, {"application_id": application_id}))
