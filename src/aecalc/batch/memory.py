"""Memory a piece of float64 work would take, checked against what the machine has before any of
it is allocated.

A net's parameter count is known from its sizes long before its weights exist:
``train --sizes 2-1000000000000`` would ask NumPy for 14.6 TiB of weights, and a
``MemoryError`` (or the kernel's OOM killer) would come after a long wait. :func:`check` compares
an estimate with the smaller of the machine's physical memory and the process's address-space
limit (``ulimit -v``, ``RLIMIT_AS``), and refuses the work with one line saying how much memory it
would take.
"""

from __future__ import annotations

import itertools
import os

from aecalc.errors import InputError

FLOAT64 = 8
_UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")


def size_text(count: int) -> str:
    """``14.6 TiB``, ``512 bytes``: binary units, one decimal place."""
    value = float(count)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{count:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def available() -> tuple[int, str] | None:
    """The most memory this process could have, and what sets it (``this machine has``, ``the
    address-space limit is``); None where neither can be found."""
    found: list[tuple[int, str]] = []
    try:
        pages, page = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        if pages > 0 and page > 0:
            found.append((pages * page, "this machine has"))
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        pass
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY and soft > 0:
            found.append((soft, "the process may use (ulimit -v)"))
    except (ImportError, OSError, ValueError):  # pragma: no cover - not POSIX
        pass
    return min(found) if found else None


def check(needed: int, argument: str, what: str) -> None:
    """Refuse work that needs ``needed`` bytes when the process can never have that much.

    ``what`` says what the memory is for, as the start of the message: ``"training
    2 → 1,000,000,000,000 → 2 (5,000,000,000,002 parameters)"``.
    """
    limit = available()
    if limit is None or needed <= limit[0]:
        return
    amount, source = limit
    raise InputError(
        argument,
        f"{what} needs at least {size_text(needed)} of memory, but {source} "
        f"{size_text(amount)}: make it smaller",
    )


def training_bytes(sizes: tuple[int, ...], rows: int) -> int:
    """What gradient descent on a dense net of ``sizes`` needs at the least: its weights and
    biases three times (the values, their gradients and a step's temporary ``η·G``) and, for a
    batch of ``rows`` samples, each layer's values four times (W·h, the activation, δ and the
    gradient passed down), in float64."""
    parameters = sum(a * b + b for a, b in itertools.pairwise(sizes))
    return FLOAT64 * (3 * parameters + 4 * rows * sum(sizes))
