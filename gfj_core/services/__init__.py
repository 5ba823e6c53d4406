"""Services: functions (session, ..., actor) -> pydantic schemas. They check permissions and never commit."""
