"""HubSpot endpoints, object maps and documented limits."""

API_REFERENCE = "https://developers.hubspot.com/docs/api/crm/understanding-the-crm"
DEFAULT_BASE_URL = "https://api.hubapi.com"

OWNERS = "owners"
DEFAULT_OBJECTS = ("contacts", "companies", "deals", "owners")

# standard CRM objects -> the property their search filters and sorts on for "last modified"
STANDARD_OBJECTS = {
    "contacts": "lastmodifieddate",
    "companies": "hs_lastmodifieddate",
    "deals": "hs_lastmodifieddate",
    "leads": "hs_lastmodifieddate",
}
CUSTOM_OBJECT_MODIFIED_PROPERTY = "hs_lastmodifieddate"
# custom objects are named by objectTypeId ("2-1234"), fully qualified name ("p1234_cars") or "p_cars"
CUSTOM_OBJECT_NAME = r"^(2-\d+|p\d*_[A-Za-z0-9_]+)$"

OBJECTS_PATH = "/crm/v3/objects/{object_type}"
SEARCH_PATH = "/crm/v3/objects/{object_type}/search"
PROPERTIES_PATH = "/crm/v3/properties/{object_type}"
SCHEMAS_PATH = "/crm/v3/schemas"
OWNERS_PATH = "/crm/v3/owners"
ASSOCIATIONS_READ_PATH = "/crm/v4/associations/{from_type}/{to_type}/batch/read"

LIST_PAGE_MAX = 100
OWNERS_PAGE_MAX = 500
SEARCH_PAGE_MAX = 200
SEARCH_RESULTS_CAP = 10_000  # a search query never pages past this many results
SEARCH_REQUESTS_PER_SECOND = 5  # per account; search responses carry no rate-limit headers to pace by
ASSOCIATIONS_BATCH_MAX = 1_000
