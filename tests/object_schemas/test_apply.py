"""A schema and a customer's field mappings pick and rename the fields of real provider records."""

from glue_api.object_schemas.apply import MergedField, map_records, merged_fields, provider_value, schema_mapper
from tests.object_schemas.emulated_records import hubspot_contacts, salesforce_contacts

SCHEMA = {
    "fields": [{"name": "first", "mapped_name": "FirstName"}, {"name": "last", "mapped_name": "LastName"},
               {"name": "email"}, {"name": "city"}],
    "allow_additional_field_mappings": False,
}


def test_salesforce_contacts_land_under_the_schema_names_with_the_customers_mappings():
    records = salesforce_contacts()
    customer = [{"schema_field": "email", "mapped_field": "Email"}]

    landed = map_records(SCHEMA, customer, records)

    assert landed == [
        {"first": r["FirstName"], "last": r["LastName"], "email": r["Email"], "city": None} for r in records
    ]
    assert all(row["first"] and row["email"] for row in landed)  # the emulator's records do carry these


def test_hubspot_fields_are_read_from_properties_and_dotted_paths():
    records = hubspot_contacts()
    schema = {"fields": [{"name": "email", "mapped_name": "email"},
                         {"name": "first", "mapped_name": "properties.firstname"},
                         {"name": "created", "mapped_name": "createdAt"}],
              "allow_additional_field_mappings": False}

    landed = map_records(schema, None, records)

    assert landed == [{"email": r["properties"]["email"], "first": r["properties"]["firstname"],
                       "created": r["createdAt"]} for r in records]


def test_additional_fields_land_only_while_the_schema_allows_them():
    records = salesforce_contacts(3)
    customer = [{"schema_field": "email", "mapped_field": "Email"},
                {"schema_field": "home_city", "mapped_field": "MailingCity"}]

    closed = map_records(SCHEMA, customer, records)
    opened = map_records({**SCHEMA, "allow_additional_field_mappings": True}, customer, records)

    assert all("home_city" not in row for row in closed)
    assert [row["home_city"] for row in opened] == [r["MailingCity"] for r in records]


def test_the_schemas_own_mapping_wins_over_a_customers():
    record = salesforce_contacts(1)[0]
    customer = [{"schema_field": "first", "mapped_field": "Email"}]

    assert schema_mapper(SCHEMA, customer)(record)["first"] == record["FirstName"]
    assert merged_fields(SCHEMA, customer)[0] == MergedField("first", False, "FirstName", None)


def test_a_field_missing_from_a_record_lands_as_none():
    mapped = schema_mapper(SCHEMA, [{"schema_field": "email", "mapped_field": "Email"}])

    assert mapped({"FirstName": "Ada"}) == {"first": "Ada", "last": None, "email": None, "city": None}
    assert provider_value({"a": {"b": 1}}, "a.c") is None
    assert provider_value({"properties": "not an object"}, "email") is None


def test_merged_fields_show_each_fields_source():
    customer = [{"schema_field": "email", "mapped_field": "Email"}, {"schema_field": "extra", "mapped_field": "X"},
                {"schema_field": "city"}]

    assert merged_fields({**SCHEMA, "allow_additional_field_mappings": True}, customer) == [
        MergedField("first", False, "FirstName"), MergedField("last", False, "LastName"),
        MergedField("email", False, None, "Email"), MergedField("city", False), MergedField("extra", True, None, "X"),
    ]
