"""What every form shares."""


def stripped(value: str | None) -> str:
    """A text field's value without surrounding spaces; a field left out of the POST is ""."""
    return (value or "").strip()
