"""One root exception for bad real-world input, so callers can catch ours and only ours."""


class ForensicsError(Exception):
    """Base class of every error this package raises about its input."""


class PdfError(ForensicsError):
    """A file that cannot be read as a PDF: not a PDF, truncated, encrypted, empty."""


class NoticeParseError(ForensicsError):
    """A notice file that cannot be read or holds no notice at all."""


class ConfigError(ForensicsError):
    """A configuration file that is missing, malformed or holds an unknown key."""
