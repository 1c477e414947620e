"""Where reports go: output paths checked before a run, files written atomically, and
text made safe for a terminal.

A run may take minutes; an output path that cannot be written should fail before it,
not after. Reports are written to a temporary file in the target's folder and renamed
over the target (``os.replace``), so a reader never sees half a report and two runs
writing one path leave one whole report. Text that came from a PDF or a notice
(captions, file names, claims) may hold terminal escape sequences; :func:`printable`
removes them before anything is printed.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from forensics.errors import ForensicsError

__all__ = ["OutputPathError", "annotated_name", "check_output_dir", "check_output_file",
           "escape_json_controls", "printable", "write_atomic"]


class OutputPathError(ForensicsError):
    """An output path that cannot be written: a folder, a missing folder, an input."""


# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides and
# isolates (which reorder what a reader sees on the line).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# An escape sequence as a whole (CSI ... final byte, OSC ... BEL or ST), so that its
# parameters do not stay behind as text once ESC is gone.
_ESCAPE_SEQUENCE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
                              r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?")


def printable(text: str) -> str:
    """``text`` without terminal control: escape sequences dropped whole, other control
    characters (but tab and newline) and bidirectional overrides removed.

    Examples
    --------
    >>> printable("Figure 1. \\x1b]0;owned\\x07Cells (\\x1b[31mred\\x1b[0m)")
    'Figure 1. Cells (red)'
    """
    return _UNPRINTABLE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def escape_json_controls(text: str) -> str:
    """JSON text with DEL, C1 controls and bidirectional overrides written as ``\\uXXXX``
    (``json.dumps`` escapes only C0 when ``ensure_ascii`` is off). The JSON value is
    unchanged: these characters appear only inside strings."""
    return re.sub("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]",
                  lambda m: f"\\u{ord(m.group()):04x}", text)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _nearest_folder(path: Path) -> Path:
    """The nearest existing ancestor of ``path`` (itself when it exists)."""
    path = Path(os.path.abspath(path))
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_output_file(path: str | Path, inputs: Iterable[str | Path] = (),
                      what: str = "output") -> Path:
    """Check, before any work, that a report can be written at ``path``.

    Parameters
    ----------
    path : str or Path
        Where the report goes.
    inputs : iterable of str or Path
        The run's input files: none may be overwritten.
    what : str
        The option's name, for the message (``"--json"``).

    Returns
    -------
    Path

    Raises
    ------
    OutputPathError
        ``path`` is a folder or another non-regular file (a device, a FIFO), its folder
        is missing or not writable, or it names an input.
    """
    out = Path(path)
    if str(path).endswith(os.sep) or out.is_dir():
        raise OutputPathError(f"{what} {path}: is a folder; give a file name")
    if out.exists() and not stat.S_ISREG(out.stat().st_mode):
        raise OutputPathError(f"{what} {path}: not a regular file")
    folder = Path(os.path.abspath(out)).parent
    if not folder.is_dir():
        raise OutputPathError(f"{what} {path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathError(f"{what} {path}: folder {folder} is not writable")
    for item in inputs:
        if _same_file(out, Path(item)) or os.path.abspath(out) == os.path.abspath(item):
            raise OutputPathError(f"{what} {path}: is an input of this run; it would be "
                                  "overwritten")
    return out


def annotated_name(file: str | Path) -> str:
    """The name of the annotated copy of ``file`` (in the ``--annotate`` folder)."""
    return f"{Path(file).stem}.annotated.pdf"


def check_output_dir(path: str | Path, inputs: Iterable[str | Path] = (),
                     what: str = "output folder") -> Path:
    """Check, before any work, that folder ``path`` can take the annotated copies.

    The folder may be missing (it is created, with its parents) but its nearest
    existing ancestor must be a writable folder, and no annotated copy may land on an
    input.

    Raises
    ------
    OutputPathError
    """
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise OutputPathError(f"{what} {path}: exists and is not a folder")
    base = _nearest_folder(out)
    if not base.is_dir():
        raise OutputPathError(f"{what} {path}: {base} is not a folder")
    if not os.access(base, os.W_OK | os.X_OK):
        raise OutputPathError(f"{what} {path}: folder {base} is not writable")
    given = [Path(item) for item in inputs]
    for item in given:
        target = out / annotated_name(item)
        for other in given:
            if _same_file(target, other) or os.path.abspath(target) == os.path.abspath(other):
                raise OutputPathError(f"{what} {path}: the annotated copy of {item} would "
                                      f"overwrite {other}, an input of this run")
    return out


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` whole or not at all.

    The data goes to a temporary file in the same folder, flushed to disk, then
    renamed over ``path``: a reader sees the old file or the new one, never a part,
    and a failure (disk full) leaves the old file as it was.

    Parameters
    ----------
    path : str or Path
    data : str or bytes
        Text is written as UTF-8.

    Returns
    -------
    Path

    Raises
    ------
    OSError
        The folder is not writable, the disk is full...
    """
    out = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        mode = stat.S_IMODE(out.stat().st_mode) if out.exists() else 0o666 & ~_umask()
        os.chmod(temp, mode)
        os.replace(temp, out)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return out
