"""Management API: /customers."""

from fastapi import APIRouter, Response
from sqlalchemy import Row
from sqlalchemy.orm import Session

from glue_api.connections.presenters import connection_views
from glue_api.connections.repository import connections_of_customer
from glue_api.customers import repository, service
from glue_api.customers.schemas import CustomerUpsert
from glue_api.deps import MgmtApplication, SessionDep
from glue_api.models import Customer
from glue_api.one_hop import one_hop

router = APIRouter(prefix="/customers", tags=["customers"])


def simple_customer(customer: Customer | Row) -> dict:
    return {
        "application_id": customer.application_id,
        "customer_id": customer.external_id,
        "name": customer.name,
        "email": customer.email,
    }


@router.get("")
@one_hop
def list_customers(application: MgmtApplication, session: Session) -> list[dict]:
    # Unpacked, not read by name: a row's attributes cost more than the rest of building the view.
    return [{"application_id": application_id, "customer_id": external_id, "name": name, "email": email}
            for application_id, external_id, name, email in repository.customer_summaries(session, application.id)]


@router.put("")
def upsert_customer(body: CustomerUpsert, application: MgmtApplication, session: SessionDep) -> dict:
    customer = service.upsert_customer(session, application.id, body.customer_id, body.name, body.email)
    connections = connections_of_customer(session, customer)
    return simple_customer(customer) | {"connections": connection_views(session, connections, customer)}


@router.get("/{customer_id}")
@one_hop
def get_customer(customer_id: str, application: MgmtApplication, session: Session) -> dict:
    return simple_customer(repository.customer_summary(session, application.id, customer_id))


@router.delete("/{customer_id}", status_code=204)
def delete_customer(customer_id: str, application: MgmtApplication, session: SessionDep) -> Response:
    service.delete_customer(session, application.id, customer_id)
    return Response(status_code=204)
