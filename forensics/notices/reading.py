"""Reading notice files as untrusted input: regular files only, sizes capped, encodings
detected, JSON nesting bounded, large dumps streamed.

Notice files come from anywhere (a publisher's page saved as text, a Retraction Watch
export, a Crossref dump), so nothing in them is trusted:

* only regular files are opened, and without blocking: a FIFO or a link to
  ``/dev/zero`` is refused before a byte is read;
* a file larger than its cap is refused (:data:`MAX_NOTICE_BYTES` for one notice's
  text, :data:`MAX_NOTICE_PDF_BYTES` for a notice PDF, :data:`MAX_DUMP_BYTES` for a
  CSV or JSON dump, which is streamed, not held);
* the encoding is decided from the bytes, never guessed silently: a byte-order mark
  (UTF-8, UTF-16, UTF-32), UTF-16 without one (every other byte zero), else UTF-8 when
  every byte sequence is valid UTF-8, else Windows-1252/latin-1, with a log message
  naming it (a file that is neither is refused);
* JSON nested deeper than :data:`MAX_JSON_DEPTH` is refused before it is decoded
  (Python's decoder would recurse once per level).
"""

from __future__ import annotations

import codecs
import io
import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from forensics.errors import NoticeParseError

__all__ = [
    "MAX_DUMP_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_NOTICE_BYTES",
    "MAX_NOTICE_PDF_BYTES",
    "detect_encoding",
    "iter_json_records",
    "open_notice_text",
    "read_notice_text",
]

logger = logging.getLogger(__name__)

#: Largest text or markdown notice read: real notices are 1–50 KB of text.
MAX_NOTICE_BYTES = 1_000_000
#: Largest notice PDF read (its text layer is then held to ``MAX_NOTICE_BYTES``
#: characters by :func:`forensics.notices.parse_notice_text`).
MAX_NOTICE_PDF_BYTES = 20_000_000
#: Largest Retraction Watch CSV or Crossref JSON dump read (streamed, so memory stays
#: flat): the whole Retraction Watch database is about 60 MB.
MAX_DUMP_BYTES = 4_000_000_000
#: Deepest JSON nesting accepted: a Crossref work is about 6 levels deep.
MAX_JSON_DEPTH = 64

_CHUNK = 1 << 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _open_regular(path: Path, max_bytes: int) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file of at most ``max_bytes``.

    The file is opened non-blocking and checked on the open descriptor, so a FIFO does
    not block and a link swapped after the check is still caught.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NoticeParseError(f"{path}: cannot open: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = ("a FIFO" if stat.S_ISFIFO(info.st_mode)
                    else "a character device" if stat.S_ISCHR(info.st_mode)
                    else "a block device" if stat.S_ISBLK(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a file")
            raise NoticeParseError(f"{path}: not a regular file ({what}); refused")
        if info.st_size > max_bytes:
            raise NoticeParseError(
                f"{path}: {info.st_size:,} bytes, over the {max_bytes:,}-byte limit for this "
                "kind of notice file; refused"
            )
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def detect_encoding(head: bytes) -> str | None:
    """The encoding a byte-order mark or the zero-byte pattern of UTF-16 declares.

    Parameters
    ----------
    head : bytes
        The first bytes of a file (a few hundred are enough).

    Returns
    -------
    str or None
        ``"utf-8-sig"``, ``"utf-16"``, ``"utf-16-le"``, ``"utf-16-be"`` or ``"utf-32"``;
        None when the bytes carry no such sign (UTF-8 or a single-byte encoding).

    Examples
    --------
    >>> detect_encoding("Retraction".encode("utf-16"))
    'utf-16'
    >>> detect_encoding("Retraction".encode("utf-16-le"))
    'utf-16-le'
    >>> detect_encoding(b"Retraction") is None
    True
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:512]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def _is_utf8(stream: BinaryIO) -> bool:
    """Whether the rest of ``stream`` is valid UTF-8 (read in chunks, memory flat)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _choose_encoding(stream: BinaryIO, path: Path) -> str:
    """Decide a file's encoding from its bytes and rewind it."""
    head = stream.read(4096)
    stream.seek(0)
    declared = detect_encoding(head)
    if declared:
        return declared
    if b"\x00" in head:
        raise NoticeParseError(f"{path}: binary data (NUL bytes), not a text notice file")
    utf8 = _is_utf8(stream)
    stream.seek(0)
    if utf8:
        return "utf-8"
    # not UTF-8: the single-byte encoding publishers' exports use
    logger.warning("%s: not UTF-8; read as Windows-1252 (latin-1)", path)
    return "cp1252"


def open_notice_text(path: str | Path, max_bytes: int = MAX_DUMP_BYTES) -> io.TextIOBase:
    """Open a notice file as text, streamed, in the encoding its bytes show.

    Parameters
    ----------
    path : str or Path
        A regular file.
    max_bytes : int
        Files larger than this are refused.

    Returns
    -------
    text stream
        With universal newlines off (``newline=""``), as the csv module wants.

    Raises
    ------
    NoticeParseError
        If the path is not a regular file, is too large, or holds binary data.
    """
    path = Path(path)
    raw = _open_regular(path, max_bytes)
    try:
        encoding = _choose_encoding(raw, path)
        # Windows-1252 leaves five bytes undefined (C1 controls in latin-1): U+FFFD
        errors = "replace" if encoding == "cp1252" else "strict"
        return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
    except BaseException:
        raw.close()
        raise


def read_notice_text(path: str | Path, max_bytes: int = MAX_NOTICE_BYTES) -> str:
    """The text of one notice file, decoded as :func:`open_notice_text` decides.

    Raises
    ------
    NoticeParseError
        If the path is not a regular file, is over ``max_bytes``, or is not text.
    """
    path = Path(path)
    with _open_regular(path, max_bytes) as raw:
        data = raw.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise NoticeParseError(f"{path}: over the {max_bytes:,}-byte limit; refused")
    encoding = detect_encoding(data[:4096])
    if encoding is None:
        if b"\x00" in data:
            raise NoticeParseError(f"{path}: binary data (NUL bytes), not a text notice")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            logger.warning("%s: not UTF-8; read as Windows-1252 (latin-1)", path)
            return data.decode("cp1252", errors="replace")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise NoticeParseError(f"{path}: declares {encoding} but does not decode: {exc}") from exc


def read_notice_bytes(path: str | Path, max_bytes: int = MAX_NOTICE_BYTES) -> bytes:
    """The bytes of one notice file (a PDF), refused unless regular and small enough."""
    path = Path(path)
    with _open_regular(path, max_bytes) as raw:
        data = raw.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise NoticeParseError(f"{path}: over the {max_bytes:,}-byte limit; refused")
    return data


# JSON: the next character that matters outside strings; a string's rest after its quote.
_JSON_NEXT = re.compile(r'["\[\]{}]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.S)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR = re.compile(r"[\[{][\]}]")
_FIRST_KEY = re.compile(r'\{\s*"((?:[^"\\]|\\.)*)"')
#: First keys of the Crossref API envelope (``{"status": "ok", "message": …}``).
_ENVELOPE_KEYS = frozenset({"status", "message-type", "message-version", "message", "items"})
#: Longest single record of a JSON dump (a Crossref work is 2–50 KB).
MAX_RECORD_CHARS = 50_000_000
_DECODER = json.JSONDecoder()


def _depth_within(text: str, max_depth: int) -> bool:
    """Whether the JSON ``text`` nests at most ``max_depth`` deep: its bracket skeleton
    (strings removed) loses one level per pass of removing empty pairs."""
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(max_depth):
        if not skeleton:
            return True
        skeleton, n = _EMPTY_PAIR.subn("", skeleton)
        if n == 0:
            return True  # unbalanced: the decoder says so
    return not skeleton


def _loads(text: str, where: str, max_depth: int) -> Any:
    if not _depth_within(text, max_depth):
        raise NoticeParseError(f"{where}: JSON nested deeper than {max_depth} levels; refused")
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise NoticeParseError(f"{where}: not valid JSON: {exc}") from exc


def iter_json_records(path: str | Path, max_bytes: int = MAX_DUMP_BYTES,
                      max_depth: int = MAX_JSON_DEPTH) -> Iterator[Any]:
    """The work records of a Crossref JSON file, one at a time, memory flat in its size.

    Reads a single work, a list of works, the API envelope
    ``{"message": {"items": [...]}}`` or ``{"items": [...]}``, a single-work envelope
    ``{"message": {...}}``, and JSON Lines (one work per line). Each record is decoded
    on its own and its nesting depth checked.

    Yields
    ------
    object
        Each decoded record (a dict for a work; the caller checks its fields).

    Raises
    ------
    NoticeParseError
        If the file is not a regular file, too large, nested too deep, or not JSON.
    """
    path = Path(path)
    with open_notice_text(path, max_bytes) as stream:
        yield from _records(stream, str(path), max_depth)


class _Scanner:
    """A JSON text stream read in chunks, with the buffer kept from ``keep`` on."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self.stream = stream
        self.buf = ""
        self.pos = 0
        self.eof = False

    def more(self, keep: int | None, size: int = _CHUNK) -> int:
        """Read ``size`` characters; drop the buffer before ``keep`` (or ``pos``); return
        how far the buffer moved."""
        chunk = self.stream.read(size)
        if not chunk:
            self.eof = True
            return 0
        cut = self.pos if keep is None else keep
        self.buf = self.buf[cut:] + chunk
        self.pos -= cut
        return cut

    def next_token(self, keep: int | None) -> tuple[str, int, int, int] | None:
        """The next structural character or string: (token, start, end, shift)."""
        shift = 0
        while True:
            m = _JSON_NEXT.search(self.buf, self.pos)
            if m is not None and m.group() != '"':
                self.pos = m.end()
                return m.group(), m.start(), m.end(), shift
            if m is not None:
                rest = _STRING_REST.match(self.buf, m.end())
                if rest is not None:
                    self.pos = rest.end()
                    return self.buf[m.start():rest.end()], m.start(), rest.end(), shift
                if self.eof:
                    return None
                # the string goes on in the next chunk: keep it from its quote
                self.pos = m.start()
            elif self.eof:
                return None
            else:
                self.pos = len(self.buf)
            cut = self.more(keep)
            shift += cut
            if keep is not None:
                keep -= cut

    def decode_at(self, start: int, where: str, max_depth: int) -> tuple[Any, int]:
        """Decode the value starting at ``start`` with the C decoder, reading more until it
        is whole; return it and the buffer's new start (``pos`` is set after it)."""
        shift = 0
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, start)
            except RecursionError as exc:
                raise NoticeParseError(f"{where}: JSON nested deeper than {max_depth} "
                                       "levels; refused") from exc
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise NoticeParseError(f"{where}: not valid JSON: {exc}") from exc
                if len(self.buf) - start > MAX_RECORD_CHARS:
                    raise NoticeParseError(f"{where}: a record over {MAX_RECORD_CHARS:,} "
                                           "characters; refused") from exc
                # maybe cut by the chunk's end: read as much again, and retry
                self.pos = start
                cut = self.more(start, max(_CHUNK, len(self.buf) - start))
                start -= cut
                shift += cut
                continue
            if not _depth_within(self.buf[start:end], max_depth):
                raise NoticeParseError(f"{where}: JSON nested deeper than {max_depth} levels; "
                                       "refused")
            self.pos = end
            return value, shift

    def first_key(self, start: int) -> tuple[str | None, int]:
        """The first key of the object starting at ``start`` (None if it has none), and
        where that object starts now (reading more may move the buffer)."""
        while True:
            m = _FIRST_KEY.match(self.buf, start)
            if m is not None or self.eof or len(self.buf) - start > 4096:
                self.pos = start + 1
                return (m.group(1) if m else None), start
            self.pos = start
            start -= self.more(start)


def _records(stream: io.TextIOBase, where: str, max_depth: int) -> Iterator[Any]:
    """Split a JSON text stream into records: the elements of a top-level list or of an
    envelope's ``items`` list, else each top-level value (one work, or JSON Lines).

    Records are decoded by the C decoder; only an envelope's own text is scanned here.
    """
    scan = _Scanner(stream)
    depth = 0
    start: int | None = None  # where an envelope being scanned began in the buffer
    list_depth: int | None = None  # depth of the elements of the record list
    last_string = ""
    count = 0
    while (tok := scan.next_token(start)) is not None:
        ch, tstart, tend, shift = tok
        if start is not None:
            start -= shift
        if ch.startswith('"'):
            last_string = ch
            continue
        if ch in "[{":
            whole = list_depth is not None and depth == list_depth
            if list_depth is None and depth == 0 and ch == "{":
                key, tstart = scan.first_key(tstart)
                whole = key not in _ENVELOPE_KEYS
            if whole:
                # a record (never inside an envelope being kept: ``start`` is None)
                count += 1
                yield scan.decode_at(tstart, f"{where}: record {count}", max_depth - depth)[0]
                continue
            if ch == "[" and list_depth is None and (depth == 0 or last_string == '"items"'):
                list_depth = depth + 1
                start = None  # an envelope's text before its records is not kept
            elif list_depth is None and depth == 0:
                start = tstart  # an envelope: scanned, kept in case it holds one work
            depth += 1
            if depth > max_depth:
                raise NoticeParseError(f"{where}: JSON nested deeper than {max_depth} levels; "
                                       "refused")
            continue
        depth -= 1
        if depth < 0:
            raise NoticeParseError(f"{where}: not valid JSON (unbalanced {ch!r})")
        if start is not None and depth == 0:
            count += 1
            yield _loads(scan.buf[start:tend], f"{where}: record {count}", max_depth)
            start = None
        elif list_depth is not None and depth == list_depth - 1:
            list_depth = None  # the record list closed
    if depth != 0 or start is not None:
        raise NoticeParseError(f"{where}: not valid JSON (ends inside a value)")
