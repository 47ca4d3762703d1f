"""Entity mappings (the application's default, a customer's override) turn real provider records into entities."""

from glue_api.entities.apply import MergedEntityField, entity_mapper, map_entity_records, merge_entity_mapping
from tests.object_schemas.emulated_records import hubspot_contacts, salesforce_contacts

PERSON = {"fields": [{"name": "first_name"}, {"name": "last_name"}, {"name": "email"}],
          "allow_additional_field_mappings": False}
DEVELOPER = {"entity_id": "e1", "object": {"type": "standard", "name": "Contact"},
             "field_mappings": [{"entity_field": "first_name", "mapped_field": "FirstName"},
                                {"entity_field": "last_name", "mapped_field": "LastName"}]}


def test_the_application_default_maps_salesforce_contacts():
    records = salesforce_contacts()
    merged = merge_entity_mapping("e1", "person", PERSON, DEVELOPER, None)

    assert merged.object == {"type": "standard", "name": "Contact"} and merged.object_origin == "developer"
    assert map_entity_records(merged, records) == [
        {"first_name": r["FirstName"], "last_name": r["LastName"], "email": None} for r in records
    ]


def test_a_customer_override_wins_field_by_field_and_keeps_the_rest():
    records = salesforce_contacts(3)
    customer = {"entity_id": "e1", "field_mappings": [{"entity_field": "email", "mapped_field": "Email"},
                                                      {"entity_field": "last_name", "mapped_field": "MailingCity"}]}

    merged = merge_entity_mapping("e1", "person", PERSON, DEVELOPER, customer)

    assert merged.object_origin == "developer"  # the customer named no object
    assert merged.fields == [MergedEntityField("first_name", False, "FirstName", "developer"),
                             MergedEntityField("last_name", False, "MailingCity", "customer"),
                             MergedEntityField("email", False, "Email", "customer")]
    assert map_entity_records(merged, records) == [
        {"first_name": r["FirstName"], "last_name": r["MailingCity"], "email": r["Email"]} for r in records
    ]


def test_a_customer_maps_hubspot_contacts_to_the_entity_with_an_additional_field():
    records = hubspot_contacts()
    customer = {"entity_id": "e1", "object": {"type": "standard", "name": "contacts"},
                "field_mappings": [{"entity_field": "first_name", "mapped_field": "firstname"},
                                   {"entity_field": "email", "mapped_field": "email"},
                                   {"entity_field": "created", "mapped_field": "createdAt"}]}
    open_person = {**PERSON, "allow_additional_field_mappings": True}

    merged = merge_entity_mapping("e1", "person", open_person, None, customer)
    closed = merge_entity_mapping("e1", "person", PERSON, None, customer)

    assert merged.object == {"type": "standard", "name": "contacts"} and merged.object_origin == "customer"
    assert map_entity_records(merged, records) == [
        {"first_name": r["properties"]["firstname"], "last_name": None, "email": r["properties"]["email"],
         "created": r["createdAt"]} for r in records
    ]
    assert "created" not in entity_mapper(closed)(records[0])


def test_an_entity_without_any_mapping_maps_nothing():
    merged = merge_entity_mapping("e1", "person", PERSON, None, None)

    assert merged.object is None and merged.object_origin is None
    assert entity_mapper(merged)({"FirstName": "Ada"}) == {"first_name": None, "last_name": None, "email": None}
