"""The properties of each emulated HubSpot object and how their values derive from a record.

Values depend only on (salt, index, version), so a record reads the same on every
request until an upstream change bumps its version. HubSpot sends every property
value as a string (or null); dates are ISO 8601 in UTC with milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from glue_emulators.dataset import Record

FIRST_NAMES = ("Ada", "Bram", "Chloe", "Dmitri", "Elena", "Farah", "Gustavo", "Hana", "Ivan", "Jasmine", "Kofi",
               "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomoko", "Uma", "Viktor")
LAST_NAMES = ("Andersen", "Baptiste", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jansen",
              "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Weber")
COMPANY_WORDS = ("Northwind", "Bluepeak", "Crestline", "Driftwood", "Evergreen", "Foxglove", "Granite", "Harbor",
                 "Ironbark", "Juniper", "Keystone", "Lumen", "Meridian", "Oakridge", "Pinnacle", "Silverline")
COMPANY_SUFFIXES = ("Labs", "Systems", "Logistics", "Health", "Analytics", "Foods", "Energy", "Partners", "Robotics")
EMAIL_DOMAINS = ("example.com", "example.org", "mail.example.net", "corp.example.io")
CITIES = (("Berlin", "Germany"), ("Boston", "United States"), ("Dublin", "Ireland"), ("Lisbon", "Portugal"),
          ("Nairobi", "Kenya"), ("Osaka", "Japan"), ("Toronto", "Canada"), ("Sydney", "Australia"),
          ("São Paulo", "Brazil"), ("Pune", "India"))
# The region (state, province, county) each city's addresses carry.
REGIONS = {"Berlin": "Berlin", "Boston": "MA", "Dublin": "Leinster", "Lisbon": "Lisboa", "Nairobi": "Nairobi County",
           "Osaka": "Osaka", "Toronto": "ON", "Sydney": "NSW", "São Paulo": "SP", "Pune": "Maharashtra"}
STREETS = ("Market Street", "Harbour Road", "Station Square", "Elm Avenue", "Mill Lane", "Park Row", "King Street")
COMPANY_BLURBS = ("Builds tools for field teams", "Runs cold-chain logistics", "Makes clinic scheduling software",
                  "Designs solar microgrids", "Sells B2B analytics")
JOB_TITLES = ("Head of Sales", "Account Executive", "VP Marketing", "Operations Manager", "CTO", "Data Analyst",
              "Customer Success Lead", "Procurement Specialist", "Founder", "Revenue Operations Manager")
INDUSTRIES = ("COMPUTER_SOFTWARE", "INFORMATION_TECHNOLOGY_AND_SERVICES", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE",
              "MARKETING_AND_ADVERTISING", "RETAIL", "LOGISTICS_AND_SUPPLY_CHAIN", "RENEWABLES_ENVIRONMENT")
LIFECYCLE_STAGES = ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
                    "evangelist", "other")
LEAD_STATUSES = ("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED",
                 "BAD_TIMING")
DEAL_STAGES = ("appointmentscheduled", "qualifiedtobuy", "presentationscheduled", "decisionmakerboughtin",
               "contractsent", "closedwon", "closedlost")
DEAL_TYPES = ("newbusiness", "existingbusiness")
PRIORITIES = ("low", "medium", "high")
LEAD_TYPES = ("NEW_BUSINESS", "UPSELL", "RE_ATTEMPTING")
LEAD_LABELS = ("COLD", "WARM", "HOT")
LEAD_STAGES = ("new-stage-id", "attempting-stage-id", "connected-stage-id", "qualified-stage-id",
               "unqualified-stage-id")
CAR_MODELS = {"Toyota": ("Corolla", "RAV4", "Prius"), "Volvo": ("XC40", "V60"), "Ford": ("Focus", "Mustang Mach-E"),
              "Kia": ("EV6", "Niro"), "Renault": ("Clio", "Megane E-Tech")}
CAR_COLORS = ("black", "white", "silver", "blue", "red", "green")
CAR_CONDITIONS = ("new", "used", "certified")


class Values:
    """What a property's value derives from, with each derived number worked out once per record."""

    __slots__ = ("record", "id", "owner_id", "_numbers", "_created", "_modified")

    def __init__(self, record: Record, remote_id: str, owner_id: str | None):
        self.record = record
        self.id = remote_id
        self.owner_id = owner_id  # a live owner of the account, or None when it has none
        self._numbers: dict[str, int] = {}
        self._created: str | None = None
        self._modified: str | None = None

    def number(self, salt: str, modulo: int) -> int:
        raw = self._numbers.get(salt)
        if raw is None:
            raw = self._numbers[salt] = self.record.number(salt, 2**64)  # the full digest: any modulo after
        return raw % modulo

    def pick(self, salt: str, choices: tuple[str, ...]) -> str:
        return choices[self.number(salt, len(choices))]

    @property
    def created(self) -> str:
        if self._created is None:
            self._created = iso(self.record.created_at)
        return self._created

    @property
    def modified(self) -> str:
        if self._modified is None:
            self._modified = iso(self.record.modified_at)
        return self._modified


@dataclass(frozen=True)
class PropertySpec:
    name: str
    label: str
    type: str  # HubSpot's property type: string, number, datetime, enumeration, bool
    field_type: str  # the form widget: text, number, date, select, phonenumber, ...
    group: str
    value: Callable[[Values], str | None]
    options: tuple[str, ...] = ()
    read_only: bool = False
    unique: bool = False


def iso(moment: datetime) -> str:
    """HubSpot's timestamp format: UTC, milliseconds, a Z suffix."""
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _first(v: Values) -> str:
    return v.pick("firstname", FIRST_NAMES)


def _last(v: Values) -> str:
    return v.pick("lastname", LAST_NAMES)


def _company(v: Values) -> str:
    return f"{v.pick('company', COMPANY_WORDS)} {v.pick('company_suffix', COMPANY_SUFFIXES)}"


def _email(v: Values) -> str:
    return f"{_first(v)}.{_last(v)}{v.id}@{v.pick('email_domain', EMAIL_DOMAINS)}".lower()


def _phone(v: Values) -> str:
    return f"+1 {200 + v.number('phone_area', 800)} 555 {v.number('phone', 10_000):04d}"


def _city(v: Values) -> tuple[str, str]:
    return CITIES[v.number("city", len(CITIES))]


def _street(v: Values) -> str:
    return f"{1 + v.number('street_number', 400)} {v.pick('street', STREETS)}"


def _zip(v: Values) -> str:
    return f"{v.number('zip', 100_000):05d}"


def _last_activity(v: Values) -> str | None:
    """When the record's last activity (note, call, meeting, ...) was logged: some records have none yet."""
    if v.number("activity", 4) == 0:
        return None
    return iso(v.record.created_at + timedelta(hours=1 + v.number("activity_hours", 24 * 60)))


def _deal_closed(v: Values) -> str:
    # hs_is_closed: calculated from the stage's "closed" probability (closedwon and closedlost in the default pipeline)
    return str(v.pick("dealstage", DEAL_STAGES) in ("closedwon", "closedlost")).lower()


def _deal_won(v: Values) -> str:
    return str(v.pick("dealstage", DEAL_STAGES) == "closedwon").lower()


def _pick(salt: str, choices: tuple[str, ...]) -> Callable[[Values], str]:
    return lambda v: v.pick(salt, choices)


def _car_make(v: Values) -> str:
    return v.pick("make", tuple(CAR_MODELS))


def _created(v: Values) -> str:
    return v.created


def _modified(v: Values) -> str:
    return v.modified


def _object_id(v: Values) -> str:
    return v.id


def _owner(v: Values) -> str | None:
    return v.owner_id


def _system(created_property: str, modified_property: str) -> tuple[PropertySpec, ...]:
    """The read-only bookkeeping properties every object has, under the object's own names."""
    return (
        PropertySpec(created_property, "Create Date", "datetime", "date", "system", _created, read_only=True),
        PropertySpec(modified_property, "Last Modified Date", "datetime", "date", "system", _modified, read_only=True),
        PropertySpec("hs_object_id", "Record ID", "number", "number", "system", _object_id,
                     read_only=True, unique=True),
        PropertySpec("hubspot_owner_id", "Owner", "enumeration", "select", "system", _owner),
    )


CONTACT_PROPERTIES = (
    PropertySpec("firstname", "First Name", "string", "text", "contactinformation", _first),
    PropertySpec("lastname", "Last Name", "string", "text", "contactinformation", _last),
    PropertySpec("email", "Email", "string", "text", "contactinformation", _email, unique=True),
    PropertySpec("phone", "Phone Number", "string", "phonenumber", "contactinformation", _phone),
    PropertySpec("jobtitle", "Job Title", "string", "text", "contactinformation", _pick("jobtitle", JOB_TITLES)),
    PropertySpec("company", "Company Name", "string", "text", "contactinformation", _company),
    PropertySpec("mobilephone", "Mobile Phone Number", "string", "phonenumber", "contactinformation",
                 lambda v: f"+1 {200 + v.number('mobile_area', 800)} 555 {v.number('mobile', 10_000):04d}"),
    PropertySpec("fax", "Fax Number", "string", "phonenumber", "contactinformation",
                 lambda v: _phone(v).replace(" 555 ", " 556 ") if v.number("has_fax", 3) == 0 else None),
    PropertySpec("address", "Street Address", "string", "text", "contactinformation", _street),
    PropertySpec("city", "City", "string", "text", "contactinformation", lambda v: _city(v)[0]),
    PropertySpec("state", "State/Region", "string", "text", "contactinformation", lambda v: REGIONS[_city(v)[0]]),
    PropertySpec("zip", "Postal Code", "string", "text", "contactinformation", _zip),
    PropertySpec("country", "Country/Region", "string", "text", "contactinformation", lambda v: _city(v)[1]),
    PropertySpec("notes_last_updated", "Last Activity Date", "datetime", "date", "contact_activity", _last_activity,
                 read_only=True),
    PropertySpec("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "contactinformation",
                 _pick("lifecyclestage", LIFECYCLE_STAGES), options=LIFECYCLE_STAGES),
    PropertySpec("hs_lead_status", "Lead Status", "enumeration", "radio", "sales_properties",
                 _pick("hs_lead_status", LEAD_STATUSES), options=LEAD_STATUSES),
) + _system("createdate", "lastmodifieddate")

COMPANY_PROPERTIES = (
    PropertySpec("name", "Company name", "string", "text", "companyinformation", _company),
    PropertySpec("domain", "Company Domain Name", "string", "text", "companyinformation",
                 lambda v: _company(v).lower().replace(" ", "") + ".example.com"),
    PropertySpec("industry", "Industry", "enumeration", "select", "companyinformation",
                 _pick("industry", INDUSTRIES), options=INDUSTRIES),
    PropertySpec("website", "Website URL", "string", "text", "companyinformation",
                 lambda v: "https://www." + _company(v).lower().replace(" ", "") + ".example.com"),
    PropertySpec("description", "Description", "string", "textarea", "companyinformation",
                 lambda v: f"{v.pick('blurb', COMPANY_BLURBS)} since {1990 + v.number('founded', 34)}"),
    PropertySpec("address", "Street Address", "string", "text", "companyinformation", _street),
    PropertySpec("address2", "Street Address 2", "string", "text", "companyinformation",
                 lambda v: f"Floor {1 + v.number('floor', 30)}" if v.number("has_floor", 2) else None),
    PropertySpec("city", "City", "string", "text", "companyinformation", lambda v: _city(v)[0]),
    PropertySpec("state", "State/Region", "string", "text", "companyinformation", lambda v: REGIONS[_city(v)[0]]),
    PropertySpec("zip", "Postal Code", "string", "text", "companyinformation", _zip),
    PropertySpec("country", "Country/Region", "string", "text", "companyinformation", lambda v: _city(v)[1]),
    PropertySpec("notes_last_updated", "Last Activity Date", "datetime", "date", "company_activity", _last_activity,
                 read_only=True),
    PropertySpec("phone", "Phone Number", "string", "phonenumber", "companyinformation", _phone),
    PropertySpec("numberofemployees", "Number of Employees", "number", "number", "companyinformation",
                 lambda v: str(5 + v.number("employees", 5000))),
    PropertySpec("annualrevenue", "Annual Revenue", "number", "number", "companyinformation",
                 lambda v: str(100_000 * (1 + v.number("revenue", 2000)))),
    PropertySpec("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", "companyinformation",
                 _pick("lifecyclestage", LIFECYCLE_STAGES), options=LIFECYCLE_STAGES),
) + _system("createdate", "hs_lastmodifieddate")

DEAL_PROPERTIES = (
    PropertySpec("dealname", "Deal Name", "string", "text", "dealinformation",
                 lambda v: f"{_company(v)} - {v.pick('deal_kind', ('New business', 'Renewal', 'Expansion'))}"),
    PropertySpec("amount", "Amount", "number", "number", "dealinformation",
                 lambda v: str(500 + 250 * v.number("amount", 400))),
    PropertySpec("dealstage", "Deal Stage", "enumeration", "radio", "dealinformation",
                 _pick("dealstage", DEAL_STAGES), options=DEAL_STAGES),
    PropertySpec("pipeline", "Pipeline", "enumeration", "select", "dealinformation", lambda v: "default",
                 options=("default",)),
    PropertySpec("closedate", "Close Date", "datetime", "date", "dealinformation",
                 lambda v: iso(v.record.created_at + timedelta(days=7 + v.number("closedate", 120)))),
    PropertySpec("hs_is_closed", "Is Deal Closed?", "bool", "booleancheckbox", "dealinformation", _deal_closed,
                 options=("true", "false"), read_only=True),
    PropertySpec("hs_is_closed_won", "Is Closed Won", "bool", "booleancheckbox", "dealinformation", _deal_won,
                 options=("true", "false"), read_only=True),
    PropertySpec("notes_last_updated", "Last Activity Date", "datetime", "date", "deal_activity", _last_activity,
                 read_only=True),
    PropertySpec("dealtype", "Deal Type", "enumeration", "radio", "dealinformation",
                 _pick("dealtype", DEAL_TYPES), options=DEAL_TYPES),
    PropertySpec("hs_priority", "Priority", "enumeration", "select", "dealinformation",
                 _pick("hs_priority", PRIORITIES), options=PRIORITIES),
    PropertySpec("description", "Deal Description", "string", "textarea", "dealinformation",
                 lambda v: f"{v.pick('deal_need', ('Seats', 'Onboarding', 'Support plan', 'Add-on'))} "
                           f"for {v.number('deal_seats', 500) + 5} users"),
) + _system("createdate", "hs_lastmodifieddate")

LEAD_PROPERTIES = (
    PropertySpec("hs_lead_name", "Lead name", "string", "text", "lead_information",
                 lambda v: f"{_first(v)} {_last(v)}"),
    PropertySpec("hs_lead_type", "Lead type", "enumeration", "select", "lead_information",
                 _pick("hs_lead_type", LEAD_TYPES), options=LEAD_TYPES),
    PropertySpec("hs_lead_label", "Lead label", "enumeration", "select", "lead_information",
                 _pick("hs_lead_label", LEAD_LABELS), options=LEAD_LABELS),
    PropertySpec("hs_pipeline", "Pipeline", "enumeration", "select", "lead_information",
                 lambda v: "lead-pipeline-id", options=("lead-pipeline-id",)),
    PropertySpec("hs_pipeline_stage", "Stage", "enumeration", "select", "lead_information",
                 _pick("hs_pipeline_stage", LEAD_STAGES), options=LEAD_STAGES),
    PropertySpec("hs_associated_company_name", "Company name", "string", "text", "lead_information", _company),
    # the primary associated contact's name and email, as HubSpot copies them onto the lead
    PropertySpec("hs_associated_contact_firstname", "Contact first name", "string", "text", "lead_information",
                 _first, read_only=True),
    PropertySpec("hs_associated_contact_lastname", "Contact last name", "string", "text", "lead_information",
                 _last, read_only=True),
    PropertySpec("hs_associated_contact_email", "Contact email", "string", "text", "lead_information",
                 _email, read_only=True),
) + _system("hs_createdate", "hs_lastmodifieddate")

CAR_PROPERTIES = (
    PropertySpec("make", "Make", "string", "text", "car_information", _car_make),
    PropertySpec("model", "Model", "string", "text", "car_information",
                 lambda v: v.pick("model", CAR_MODELS[_car_make(v)])),
    PropertySpec("year", "Year", "number", "number", "car_information",
                 lambda v: str(2008 + v.number("year", 18))),
    PropertySpec("vin", "VIN", "string", "text", "car_information",
                 lambda v: f"{v.number('vin', 16**17):017X}", unique=True),
    PropertySpec("color", "Color", "enumeration", "select", "car_information",
                 _pick("color", CAR_COLORS), options=CAR_COLORS),
    PropertySpec("condition", "Condition", "enumeration", "radio", "car_information",
                 _pick("condition", CAR_CONDITIONS), options=CAR_CONDITIONS),
    PropertySpec("price", "Price", "number", "number", "car_information",
                 lambda v: str(4_000 + 100 * v.number("price", 600))),
    PropertySpec("mileage", "Mileage", "number", "number", "car_information",
                 lambda v: str(v.number("mileage", 250_000))),
) + _system("hs_createdate", "hs_lastmodifieddate")
