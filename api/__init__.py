"""The read-only open data API (`/api/v1/`): public data only, in Popolo / Open Civic Data terms."""
