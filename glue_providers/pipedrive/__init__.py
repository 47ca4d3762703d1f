"""pipedrive: what Glue knows about it (declaration to come) and its dlt source in source/."""
