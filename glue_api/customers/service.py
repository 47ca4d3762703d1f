from sqlalchemy.orm import Session

from glue_api.customers.ids import check_customer_id
from glue_api.customers.repository import find_customer, get_customer
from glue_api.models import Customer


def upsert_customer(session: Session, application_id: str, external_id: str, name: str, email: str) -> Customer:
    customer = find_customer(session, application_id, external_id)
    if customer is None:
        check_customer_id(external_id)
        customer = Customer(application_id=application_id, external_id=external_id, name=name, email=email)
        session.add(customer)
    else:
        customer.name, customer.email = name, email
    session.flush()
    return customer


def delete_customer(session: Session, application_id: str, external_id: str) -> None:
    """Connections and their sealed credentials go with the customer (ON DELETE CASCADE)."""
    session.delete(get_customer(session, application_id, external_id))
    session.flush()
