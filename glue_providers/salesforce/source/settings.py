"""Salesforce REST API paths, objects and query settings used by the source."""

from __future__ import annotations

DEFAULT_API_VERSION = "v60.0"
STANDARD_OBJECTS = ("Account", "Contact", "Lead", "Opportunity", "User")

# Paths below the customer's instance_url.
DESCRIBE_PATH = "/services/data/{version}/sobjects/{object}/describe/"
QUERY_ALL_PATH = "/services/data/{version}/queryAll/"  # query that also returns deleted records (IsDeleted = true)
LIMITS_PATH = "/services/data/{version}/limits/"

# The first of these an object has is its incremental cursor; SystemModstamp is indexed and
# also moves on system changes, so it is the one Salesforce recommends for replication.
CURSOR_FIELDS = ("SystemModstamp", "LastModifiedDate", "CreatedDate")

# Field types a multi-record SOQL query cannot select or that duplicate their component fields.
UNSELECTABLE_FIELD_TYPES = {"address", "location", "base64"}

# Sforce-Query-Options batchSize: documented range 200..2000, default 2000.
MIN_BATCH_SIZE = 200
MAX_BATCH_SIZE = 2000

# Standard objects are CamelCase words; custom objects end in __c (namespaced: ns__Name__c).
OBJECT_NAME_PATTERN = r"[A-Za-z][A-Za-z0-9_]*"
API_VERSION_PATTERN = r"v\d{2,3}\.0"
