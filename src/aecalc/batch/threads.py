"""How a batch computation shares the machine: a helper thread, BLAS threads, Ctrl-C between steps.

- :func:`helper_pool`: one extra thread (None on one core) that the batch engine gives every
  other chunk and the trainer half of each large step;
- :func:`blas_controller` and :func:`blas_threads`: threadpoolctl's view of the BLAS library
  NumPy loaded, and one BLAS thread for small batches (a step on 256 rows multiplies matrices
  too small to share out: with two OpenBLAS threads on a busy two-core machine an epoch of the
  training benchmark took 3–7 s instead of 0.5–0.7 s; docs/train-pca.md has the figures);
- :func:`interruptible`: SIGINT sets a flag, checked between batches, instead of raising in the
  middle of an update.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

SMALL_BATCH = 1024
"""Up to this many rows per step, the products run on one BLAS thread (:func:`blas_threads`)."""

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_blas_searched = False
_blas: ThreadpoolController | None = None


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def helper_pool() -> ThreadPoolExecutor | None:
    """One extra thread for the engine's chunks and the trainer's split steps (None on one core)."""
    global _pool  # noqa: PLW0603
    if cores() < 2:
        return None
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aecalc-batch")
        return _pool


def blas_controller() -> ThreadpoolController | None:
    """threadpoolctl's view of the BLAS libraries NumPy loaded, or None when it finds none."""
    global _blas, _blas_searched  # noqa: PLW0603
    if not _blas_searched:
        _blas_searched = True
        from threadpoolctl import ThreadpoolController

        controller = ThreadpoolController()
        _blas = controller if controller.select(user_api="blas").lib_controllers else None
    return _blas


@contextmanager
def blas_threads(batch_rows: int) -> Iterator[None]:
    """One BLAS thread for batches of at most :data:`SMALL_BATCH` rows, the default above."""
    if batch_rows > SMALL_BATCH:
        yield
        return
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


class Stop:
    """Set by Ctrl-C during :func:`interruptible`."""

    requested = False


@contextmanager
def interruptible() -> Iterator[Stop]:
    """SIGINT sets ``Stop.requested`` (checked between batches) instead of raising mid-update;
    off the main thread, where no signal handler can be set, nothing changes."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: object) -> None:
        stop.requested = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)
