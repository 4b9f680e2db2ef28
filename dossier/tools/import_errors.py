"""The one error every import step raises for input it cannot use."""


class ImportRefused(Exception):  # noqa: N818 (a message for the maintainer, not a bug)
    """The input cannot be imported; the message says why and what to do."""
