"""Applications to serve on a body: the public form, double opt-in, the staff queue, and appointing
an applicant in one step. Survivor-seat applications are seen by that body's staff alone."""
