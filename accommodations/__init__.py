"""Interpreters, captioning, remote comment and other accommodations for attending a meeting:
a confirmed request of the shared workflow, answered by the body's staff as arranged or not
possible."""
