"""People's accounts: login, roles, and (later) the member's own page and private calendar."""
