"""The bodies: committees, their statutes, seat types, people, organizations and appointments."""
