"""Zoho CRM's field metadata: ``GET /crm/v5/settings/fields?module={module}``
(https://www.zoho.com/crm/developer/docs/api/v5/field-meta.html).

Answers ``{"fields": [...]}``, each with ``api_name``, ``field_label``, ``display_label``, ``data_type``,
``json_type``, ``custom_field`` and an ``id``; the organisation's own fields have ``custom_field: true``.
"""

from __future__ import annotations

from glue_emulators.zoho_crm.render import ID_BASE, module_code

# (api_name, label, data_type, json_type) of the standard fields the emulated records carry.
STANDARD = {
    "Leads": (("Owner", "Lead Owner", "ownerlookup", "jsonobject"), ("First_Name", "First Name", "text", "string"),
              ("Last_Name", "Last Name", "text", "string"), ("Full_Name", "Full Name", "text", "string"),
              ("Email", "Email", "email", "string"), ("Phone", "Phone", "phone", "string"),
              ("Mobile", "Mobile", "phone", "string"), ("Company", "Company", "text", "string"),
              ("Designation", "Title", "text", "string"), ("Lead_Source", "Lead Source", "picklist", "string"),
              ("Lead_Status", "Lead Status", "picklist", "string"), ("Industry", "Industry", "picklist", "string"),
              ("Street", "Street", "text", "string"), ("City", "City", "text", "string"),
              ("State", "State", "text", "string"), ("Zip_Code", "Zip Code", "text", "string"),
              ("Country", "Country", "text", "string"), ("Created_Time", "Created Time", "datetime", "string"),
              ("Modified_Time", "Modified Time", "datetime", "string")),
    "Contacts": (("Owner", "Contact Owner", "ownerlookup", "jsonobject"),
                 ("First_Name", "First Name", "text", "string"), ("Last_Name", "Last Name", "text", "string"),
                 ("Full_Name", "Full Name", "text", "string"), ("Email", "Email", "email", "string"),
                 ("Secondary_Email", "Secondary Email", "email", "string"), ("Phone", "Phone", "phone", "string"),
                 ("Mobile", "Mobile", "phone", "string"), ("Fax", "Fax", "phone", "string"),
                 ("Title", "Title", "text", "string"), ("Department", "Department", "text", "string"),
                 ("Account_Name", "Account Name", "lookup", "jsonobject"),
                 ("Lead_Source", "Lead Source", "picklist", "string"),
                 ("Mailing_Street", "Mailing Street", "text", "string"), ("Mailing_City", "Mailing City", "text", "string"),
                 ("Mailing_State", "Mailing State", "text", "string"), ("Mailing_Zip", "Mailing Zip", "text", "string"),
                 ("Mailing_Country", "Mailing Country", "text", "string"),
                 ("Last_Activity_Time", "Last Activity Time", "datetime", "string"),
                 ("Created_Time", "Created Time", "datetime", "string"),
                 ("Modified_Time", "Modified Time", "datetime", "string")),
    "Accounts": (("Owner", "Account Owner", "ownerlookup", "jsonobject"),
                 ("Account_Name", "Account Name", "text", "string"), ("Description", "Description", "textarea", "string"),
                 ("Industry", "Industry", "picklist", "string"), ("Website", "Website", "website", "string"),
                 ("Employees", "Employees", "integer", "integer"), ("Phone", "Phone", "phone", "string"),
                 ("Fax", "Fax", "phone", "string"), ("Account_Type", "Account Type", "picklist", "string"),
                 ("Billing_Street", "Billing Street", "text", "string"), ("Billing_City", "Billing City", "text", "string"),
                 ("Billing_State", "Billing State", "text", "string"), ("Billing_Code", "Billing Code", "text", "string"),
                 ("Billing_Country", "Billing Country", "text", "string"),
                 ("Shipping_Street", "Shipping Street", "text", "string"),
                 ("Shipping_City", "Shipping City", "text", "string"),
                 ("Shipping_State", "Shipping State", "text", "string"),
                 ("Shipping_Code", "Shipping Code", "text", "string"),
                 ("Shipping_Country", "Shipping Country", "text", "string"),
                 ("Last_Activity_Time", "Last Activity Time", "datetime", "string"),
                 ("Created_Time", "Created Time", "datetime", "string"),
                 ("Modified_Time", "Modified Time", "datetime", "string")),
    "Deals": (("Owner", "Deal Owner", "ownerlookup", "jsonobject"), ("Deal_Name", "Deal Name", "text", "string"),
              ("Description", "Description", "textarea", "string"), ("Amount", "Amount", "currency", "double"),
              ("Stage", "Stage", "picklist", "string"), ("Probability", "Probability (%)", "integer", "integer"),
              ("Pipeline", "Pipeline", "picklist", "string"), ("Closing_Date", "Closing Date", "date", "string"),
              ("Type", "Type", "picklist", "string"), ("Lead_Source", "Lead Source", "picklist", "string"),
              ("Account_Name", "Account Name", "lookup", "jsonobject"),
              ("Contact_Name", "Contact Name", "lookup", "jsonobject"),
              ("Last_Activity_Time", "Last Activity Time", "datetime", "string"),
              ("Created_Time", "Created Time", "datetime", "string"),
              ("Modified_Time", "Modified Time", "datetime", "string")),
}
# The organisation's custom fields: (api_name, label, data_type, json_type).
CUSTOM = {
    "Leads": (("Preferred_Language", "Preferred Language", "picklist", "string"),),
    "Contacts": (("Preferred_Language", "Preferred Language", "picklist", "string"),),
    "Accounts": (("Customer_Tier", "Customer Tier", "picklist", "string"),),
    "Deals": (("Contract_Months", "Contract Months", "integer", "integer"),),
}


# A custom module's fields: its standard ones (as Zoho creates every module with) and the organisation's.
CUSTOM_MODULE_STANDARD = (("Owner", "Owner", "ownerlookup", "jsonobject"), ("Name", "Name", "text", "string"),
                          ("Email", "Email", "email", "string"), ("Created_Time", "Created Time", "datetime", "string"),
                          ("Modified_Time", "Modified Time", "datetime", "string"))
CUSTOM_MODULE_OWN = (("Units", "Units", "integer", "integer"),)


def fields_of(module: str) -> list[dict]:
    every = [(spec, False) for spec in STANDARD.get(module, CUSTOM_MODULE_STANDARD)] + [
        (spec, True) for spec in CUSTOM.get(module, CUSTOM_MODULE_OWN)]
    return [
        {"api_name": api_name, "field_label": label, "display_label": label, "data_type": data_type,
         "json_type": json_type, "custom_field": custom, "read_only": api_name.endswith("_Time"),
         "visible": True, "id": str(ID_BASE + 7 * 10**9 + module_code(module) * 1000 + number)}
        for number, ((api_name, label, data_type, json_type), custom) in enumerate(every, start=1)
    ]


def api_names(module: str) -> set[str]:
    return {field["api_name"] for field in fields_of(module)}
