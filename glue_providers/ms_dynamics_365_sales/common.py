"""Dynamics 365 Sales records mapped to Glue's common CRM model (glue_providers.common.models).

Field names are the Web API's
(https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/account, .../contact,
.../lead, .../opportunity, .../systemuser). Choice columns arrive as integers; their label is
taken from the ``@OData.Community.Display.V1.FormattedValue`` annotation (the source asks for it),
else from Dynamics' default labels below. Every object: ``created_at <- createdon``,
``updated_at <- modifiedon``, ``owner_id <- _ownerid_value`` (users have no owner).

| common | Dynamics | how |
|---|---|---|
| account.name / description / website | name / description / websiteurl | as is |
| account.industry | industrycode | its label |
| account.number_of_employees | numberofemployees | integer |
| account.addresses | address1_* | one ``primary`` address (line1, line2, city, stateorprovince, postalcode, country) |
| account.phone_numbers | telephone1, fax | ``primary``, ``fax`` |
| account.lifecycle_stage, last_activity_at | (none) | Dynamics has no such columns: null |
| contact.first_name / last_name | firstname / lastname | as is |
| contact.email_addresses | emailaddress1, emailaddress2, emailaddress3 | ``primary``, ``work``, ``other`` |
| contact.phone_numbers | telephone1, mobilephone, fax | ``primary``, ``mobile``, ``fax`` |
| contact.addresses | address1_* | ``primary`` |
| contact.account_id | _parentcustomerid_value | unless its lookup annotation names a contact |
| contact.lifecycle_stage, last_activity_at | (none) | null |
| lead.lead_source | leadsourcecode | its label |
| lead.title / company | jobtitle / companyname | as is |
| lead.first_name, last_name, addresses, emails, phones | as for contacts | |
| lead.converted_account_id | _parentaccountid_value | only when qualified (statecode 1) |
| lead.converted_contact_id | _parentcontactid_value | only when qualified (statecode 1) |
| lead.converted_date | (none) | Dataverse keeps no qualification time: null |
| opportunity.name / description | name / description | as is |
| opportunity.amount | estimatedvalue | number |
| opportunity.stage | stepname | the sales process stage, as is |
| opportunity.status | statecode | 0 OPEN, 1 WON, 2 LOST |
| opportunity.close_date | actualclosedate, else estimatedclosedate | a date, midnight UTC |
| opportunity.account_id | _parentaccountid_value | as is |
| opportunity.pipeline, last_activity_at | (none) | null |
| user.name / email | fullname / internalemailaddress | as is |
| user.is_active | isdisabled | negated |
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import address, email, integer, number, phone, present, text, timestamp

FORMATTED = "@OData.Community.Display.V1.FormattedValue"
LOOKUP_TABLE = "@Microsoft.Dynamics.CRM.lookuplogicalname"

# Dynamics' default labels of the account's industrycode and the lead's leadsourcecode choices.
INDUSTRIES = {
    1: "Accounting", 2: "Agriculture and Non-petrol Natural Resource Extraction",
    3: "Broadcasting Printing and Publishing", 4: "Brokers", 5: "Building Supply Retail", 6: "Business Services",
    7: "Consulting", 8: "Consumer Services", 9: "Design, Direction and Creative Management",
    10: "Distributors, Dispatchers and Processors", 11: "Doctor's Offices and Clinics", 12: "Durable Manufacturing",
    13: "Eating and Drinking Places", 14: "Entertainment Retail", 15: "Equipment Rental and Leasing", 16: "Financial",
    17: "Food and Tobacco Processing", 18: "Inbound Capital Intensive Processing", 19: "Inbound Repair and Services",
    20: "Insurance", 21: "Legal Services", 22: "Non-Durable Merchandise Retail", 23: "Outbound Consumer Service",
    24: "Petrochemical Extraction and Distribution", 25: "Service Retail", 26: "SIG Affiliations",
    27: "Social Services", 28: "Special Outbound Trade Contractors", 29: "Specialty Realty", 30: "Transportation",
    31: "Utility Creation and Distribution", 32: "Vehicle Retail", 33: "Wholesale",
}
LEAD_SOURCES = {1: "Advertisement", 2: "Employee Referral", 3: "External Referral", 4: "Partner",
                5: "Public Relations", 6: "Seminar", 7: "Trade Show", 8: "Web", 9: "Word of Mouth", 10: "Other"}
OPPORTUNITY_STATES = {0: "OPEN", 1: "WON", 2: "LOST"}
QUALIFIED = 1


def _stamps(raw: dict) -> dict[str, Any]:
    return {"created_at": timestamp(raw.get("createdon")), "updated_at": timestamp(raw.get("modifiedon"))}


def _label(raw: dict, column: str, defaults: dict[int, str]) -> str | None:
    """A choice column's label: the answer's formatted value, else Dynamics' default label, else the code."""
    formatted = text(raw.get(column + FORMATTED))
    if formatted:
        return formatted
    code = integer(raw.get(column))
    return None if code is None else defaults.get(code, str(code))


def _address1(raw: dict) -> list[dict]:
    return present(address("primary", raw.get("address1_line1"), raw.get("address1_line2"),
                           raw.get("address1_city"), raw.get("address1_stateorprovince"),
                           raw.get("address1_postalcode"), raw.get("address1_country")))


def _person_emails(raw: dict) -> list[dict]:
    return present(email(raw.get("emailaddress1"), "primary"), email(raw.get("emailaddress2"), "work"),
                   email(raw.get("emailaddress3"), "other"))


def _person_phones(raw: dict) -> list[dict]:
    return present(phone(raw.get("telephone1"), "primary"), phone(raw.get("mobilephone"), "mobile"),
                   phone(raw.get("fax"), "fax"))


def account_fields(raw: dict) -> dict[str, Any]:
    return _stamps(raw) | {
        "name": text(raw.get("name")),
        "description": text(raw.get("description")),
        "industry": _label(raw, "industrycode", INDUSTRIES),
        "website": text(raw.get("websiteurl")),
        "number_of_employees": integer(raw.get("numberofemployees")),
        "addresses": _address1(raw),
        "phone_numbers": present(phone(raw.get("telephone1"), "primary"), phone(raw.get("fax"), "fax")),
        "last_activity_at": None,
        "lifecycle_stage": None,
        "owner_id": text(raw.get("_ownerid_value")),
    }


def contact_fields(raw: dict) -> dict[str, Any]:
    # parentcustomerid may name an account or a contact; the annotation says which when it is asked for.
    parent_is_contact = raw.get("_parentcustomerid_value" + LOOKUP_TABLE) == "contact"
    return _stamps(raw) | {
        "first_name": text(raw.get("firstname")),
        "last_name": text(raw.get("lastname")),
        "addresses": _address1(raw),
        "email_addresses": _person_emails(raw),
        "phone_numbers": _person_phones(raw),
        "lifecycle_stage": None,
        "account_id": None if parent_is_contact else text(raw.get("_parentcustomerid_value")),
        "owner_id": text(raw.get("_ownerid_value")),
        "last_activity_at": None,
    }


def lead_fields(raw: dict) -> dict[str, Any]:
    qualified = integer(raw.get("statecode")) == QUALIFIED
    return _stamps(raw) | {
        "lead_source": _label(raw, "leadsourcecode", LEAD_SOURCES),
        "title": text(raw.get("jobtitle")),
        "company": text(raw.get("companyname")),
        "first_name": text(raw.get("firstname")),
        "last_name": text(raw.get("lastname")),
        "addresses": _address1(raw),
        "email_addresses": _person_emails(raw),
        "phone_numbers": _person_phones(raw),
        "converted_date": None,
        "converted_contact_id": text(raw.get("_parentcontactid_value")) if qualified else None,
        "converted_account_id": text(raw.get("_parentaccountid_value")) if qualified else None,
        "owner_id": text(raw.get("_ownerid_value")),
    }


def opportunity_fields(raw: dict) -> dict[str, Any]:
    state = integer(raw.get("statecode"))
    return _stamps(raw) | {
        "name": text(raw.get("name")),
        "description": text(raw.get("description")),
        "amount": number(raw.get("estimatedvalue")),
        "stage": text(raw.get("stepname")),
        "status": OPPORTUNITY_STATES.get(state) if state is not None else None,
        "close_date": timestamp(raw.get("actualclosedate") or raw.get("estimatedclosedate")),
        "pipeline": None,
        "account_id": text(raw.get("_parentaccountid_value")),
        "owner_id": text(raw.get("_ownerid_value")),
        "last_activity_at": None,
    }


def user_fields(raw: dict) -> dict[str, Any]:
    disabled = raw.get("isdisabled")
    return _stamps(raw) | {
        "name": text(raw.get("fullname")),
        "email": text(raw.get("internalemailaddress")),
        "is_active": None if disabled is None else not bool(disabled),
    }


MAPPINGS: dict[str, CommonMapping] = {
    "account": CommonMapping("account", account_fields),
    "contact": CommonMapping("contact", contact_fields),
    "lead": CommonMapping("lead", lead_fields),
    "opportunity": CommonMapping("opportunity", opportunity_fields),
    "user": CommonMapping("systemuser", user_fields),
}
