"""forensics: find duplicated image panels in scientific papers."""

from forensics.errors import ConfigError, ForensicsError, NoticeParseError, PdfError

__version__ = "0.1.0"

__all__ = ["ConfigError", "ForensicsError", "NoticeParseError", "PdfError", "__version__"]
