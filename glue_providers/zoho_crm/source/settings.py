"""Which Zoho CRM module each object is, and the fields Glue asks for first."""

from __future__ import annotations

API_REFERENCE = "https://www.zoho.com/crm/developer/docs/api/v5/"
API_VERSION = "/crm/v5"
DEFAULT_BASE_URL = "https://www.zohoapis.com"
MODULES = ("Leads", "Contacts", "Accounts", "Deals")
DEFAULT_OBJECTS = (*MODULES, "users")
PER_PAGE = 200  # the most a list answers at once
MAX_FIELDS = 50  # the most API names one list request may name
DISCRETE_PAGING_LIMIT = 2000  # records ``page`` reaches; ``page_token`` beyond
# What the common model reads of each module: asked for before any other field when a module has more than
# MAX_FIELDS (the list API cannot return more in one request).
PREFERRED_FIELDS = {
    "Leads": ("Owner", "First_Name", "Last_Name", "Full_Name", "Email", "Phone", "Mobile", "Company", "Designation",
              "Lead_Source", "Street", "City", "State", "Zip_Code", "Country", "Created_Time", "Modified_Time"),
    "Contacts": ("Owner", "First_Name", "Last_Name", "Full_Name", "Email", "Secondary_Email", "Phone", "Mobile",
                 "Fax", "Account_Name", "Mailing_Street", "Mailing_City", "Mailing_State", "Mailing_Zip",
                 "Mailing_Country", "Other_Street", "Other_City", "Other_State", "Other_Zip", "Other_Country",
                 "Last_Activity_Time", "Created_Time", "Modified_Time"),
    "Accounts": ("Owner", "Account_Name", "Description", "Industry", "Website", "Employees", "Phone", "Fax",
                 "Billing_Street", "Billing_City", "Billing_State", "Billing_Code", "Billing_Country",
                 "Shipping_Street", "Shipping_City", "Shipping_State", "Shipping_Code", "Shipping_Country",
                 "Last_Activity_Time", "Created_Time", "Modified_Time"),
    "Deals": ("Owner", "Deal_Name", "Description", "Amount", "Stage", "Pipeline", "Closing_Date", "Account_Name",
              "Contact_Name", "Last_Activity_Time", "Created_Time", "Modified_Time"),
}
