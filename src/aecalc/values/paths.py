"""File names typed by a user, checked before the file system sees them.

``pathlib`` raises rather than answers for some names: a NUL character
(``ValueError``), a name longer than the system allows (``OSError``
ENAMETOOLONG), a folder that cannot be entered (EACCES), a symlink loop
(ELOOP). :func:`user_path` turns each into an :class:`InputError` naming the
argument, so ``exists()`` and ``is_dir()`` afterwards only ever say yes or no.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from aecalc.errors import InputError

_ABSENT = (errno.ENOENT, errno.ENOTDIR)


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:56] + "…")


def user_path(path: str | Path, argument: str) -> Path:
    """``path`` as a :class:`Path`, refused with a clear message if no file could have that name."""
    file = Path(path)
    text = str(path)
    if "\x00" in text:
        raise InputError(argument, f"{_shown(text)} contains a NUL character: not a file name")
    try:
        os.stat(file)
    except ValueError:  # a name that cannot be encoded for the file system
        raise InputError(argument, f"{_shown(text)} is not a usable file name") from None
    except OSError as error:
        if error.errno not in _ABSENT:
            reason = error.strerror or type(error).__name__
            raise InputError(argument, f"{_shown(text)}: {reason}") from None
    return file
