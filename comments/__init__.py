"""Public comment on a meeting or one of its agenda items (RCW 42.30.240): written comment and
oral-comment sign-up, confirmed by e-mail through the shared request workflow, distributed to the
members before the meeting, and kept in the record after it (withheld from the public page, with a
reason, but never deleted)."""
