"""The one exception type that plain modules raise for problems the user can fix.

Algorithms turn it into ``QgsProcessingException``; the message is already translated and
says what is wrong and how to fix it.
"""


class GeomorphError(Exception):
    pass


class CancelledError(GeomorphError):
    """Raised when the user cancels; callers clean up their partial outputs."""


class ModelFileError(GeomorphError):
    """The model file cannot be loaded (truncated, corrupt, not ONNX): a cached copy of it is worth
    removing so that the next run downloads it again."""
