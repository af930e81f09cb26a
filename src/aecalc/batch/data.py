"""Safe loaders for batch data and model files: ``.npy``, ``.npz`` and ``.csv``, never unpickled.

API (``aecalc/commands/forward.py`` codes against it; import inside a command body only)
-----------------------------------------------------------------------------------------
``load_samples(path, argument) -> np.ndarray``
    A 2-D array of real numbers, one sample per row, from ``.npy``, ``.npz`` (a single array,
    or the one named ``x``/``X``) or ``.csv`` (comma-separated numbers, one sample per row, no
    header). A 1-D array (or a one-line CSV) is one sample: shape (1, d). Its dtype is the
    file's (float64, float32, integers; a ``.npy`` stays memory-mapped): every value is checked
    finite, but nothing is widened to float64 here — the batch engine and PCA convert a chunk
    of rows at a time, ``train`` the whole set.

``load_model(path, argument) -> (weights, biases)``
    From an ``.npz`` holding ``W1, b1, W2, b2, …`` (and nothing else): lists of float64 arrays,
    each W shaped (out × in), each b shaped (out,), input layer first. The layers must chain
    (W2 has as many columns as W1 has rows, …); a mismatch names both shapes.

Writing results (``save_array``, ``OutputArray``, ``save_model``) lives in
:mod:`aecalc.batch.saving`; the first two are importable from here too, where callers found them.

Every problem raises ``InputError(argument, …)`` with one helpful line: a missing file, a
folder, an unreadable file, a wrong extension, a file that is not what its extension says,
pickled/object content (never unpickled: ``allow_pickle=False`` throughout), a non-numeric,
boolean or complex dtype, the wrong number of dimensions, an empty array, NaN or ±inf values,
a CSV header or a ragged CSV row.

Size limits: an ``.npz`` is unpacked into memory, so its arrays may hold at most
:data:`MAX_NPZ_BYTES` (a zip bomb is refused before anything is unpacked), and an array whose
header promises more data than the file holds is refused before NumPy allocates it; a CSV is
parsed as text, at most :data:`MAX_CSV_BYTES`. A ``.npy`` is memory-mapped, so it has no limit.
"""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from aecalc.batch.checks import check_net
from aecalc.batch.saving import OutputArray, save_array
from aecalc.errors import InputError
from aecalc.values.paths import read_bounded, regular_file, user_path

FloatArray = npt.NDArray[np.float64]
CHECK_VALUES = 1 << 20  # values checked at a time (a block of rows of a memory-mapped array)
__all__ = [
    "MAX_CSV_BYTES",
    "MAX_NPZ_BYTES",
    "OutputArray",
    "load_model",
    "load_samples",
    "save_array",
]

# allow_pickle=False: NumPy refuses pickled content with a ValueError, never unpickling it.
_LOAD_ERRORS = (ValueError, OSError, EOFError, zipfile.BadZipFile)
_MODEL_KEY = re.compile(r"^([Wb])([1-9][0-9]*)$")
# A zip archive starts with a local file header, or (no arrays) the end-of-archive record.
_MAGIC = {".npy": (b"\x93NUMPY",), ".npz": (b"PK\x03\x04", b"PK\x05\x06")}
MAX_NPZ_BYTES = 1 << 30
_CSV_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?|inf(?:inity)?|nan)", re.ASCII | re.IGNORECASE
)
MAX_CSV_BYTES = 64 << 20


# ---------------------------------------------------------------------------------------------
# Files


def _existing_file(path: str | Path, argument: str, extensions: tuple[str, ...]) -> Path:
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in extensions:
        wanted = " or ".join(extensions)
        shown = f"'{file.suffix}'" if file.suffix else "no extension"
        raise InputError(argument, f"{file} has {shown}; expected a {wanted} file")
    user_path(file, argument)
    if not file.exists():
        raise InputError(argument, f"{file} does not exist")
    if file.is_dir():
        raise InputError(argument, f"{file} is a folder, not a file")
    regular_file(file, argument)  # a FIFO would block the read below, /dev/zero never end
    try:
        with file.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise InputError(argument, f"{file} cannot be read ({error.strerror or error})") from None
    magic = _MAGIC.get(suffix)
    if magic is not None and not head.startswith(magic):
        if head[:1] == b"\x80":  # the first byte of a pickle (protocol 2 and later)
            raise _pickle_problem(file, argument)
        raise InputError(
            argument,
            f"{file} is not a {suffix} file (it does not start with the {suffix} signature)",
        )
    return file


def _pickle_problem(file: Path, argument: str) -> InputError:
    return InputError(
        argument,
        f"{file} holds pickled Python objects; aecalc never unpickles files "
        "(save plain numeric arrays, e.g. np.save(path, array.astype(float)))",
    )


def _load_failure(file: Path, argument: str, kind: str, error: BaseException) -> InputError:
    text = str(error)
    lowered = text.lower()
    header = re.search(r"header info length \((\d+)\) is large", lowered)
    if header is not None:  # NumPy's message names allow_pickle too: not a pickle
        return InputError(
            argument,
            f"{file} has an array header of {int(header.group(1)):,} bytes, more than NumPy "
            "reads safely (a record dtype of many fields?); aecalc reads plain numeric arrays "
            "(e.g. np.save(path, array.astype(float)))",
        )
    if "pickle" in lowered or "python objects" in lowered:  # mmap_mode: "Python objects"
        return _pickle_problem(file, argument)
    return InputError(
        argument, f"{file} is not a valid {kind} file ({text or type(error).__name__})"
    )


# ---------------------------------------------------------------------------------------------
# Arrays


def _numeric(
    array: npt.NDArray[Any], what: str, argument: str, *, widen: bool = True
) -> npt.NDArray[Any]:
    """Refuse object, text, boolean, complex and record dtypes, NaN and ±inf, and values beyond
    float64's range; give float64 (``widen``), or the array as stored (integers, float32, a
    memory map: its consumer converts a chunk of rows at a time, so a 400 MB int8 ``.npy`` never
    becomes 3.2 GB of float64 at once)."""
    kind = array.dtype.kind
    if kind == "O":
        raise InputError(argument, f"{what} holds Python objects, not numbers")
    if kind == "c":
        raise InputError(
            argument, f"{what} is complex ({array.dtype}); only real numbers are allowed"
        )
    if kind == "b":
        raise InputError(argument, f"{what} is boolean; give numbers (e.g. 0.0 and 1.0)")
    if kind == "V":
        fields = len(array.dtype.names or ())
        plural = "s" if fields != 1 else ""
        described = f"a record dtype of {fields:,} field{plural}" if fields else "a raw dtype"
        raise InputError(
            argument,
            f"{what} has {described}, which is not numeric (save a plain numeric array, one "
            "sample per row)",
        )
    if kind not in "iuf":
        raise InputError(argument, f"{what} has dtype {_dtype(array.dtype)}, which is not numeric")
    if array.size == 0:
        raise InputError(argument, f"{what} is empty (shape {_shape(array.shape)})")
    if kind == "f":
        _check_finite(array, what, argument)
    if widen:
        with np.errstate(over="ignore", invalid="ignore"):
            return np.asarray(array, dtype=np.float64)
    return array


def _dtype(dtype: np.dtype[Any]) -> str:
    """A dtype as a message shows it: its text, cut where it is long."""
    text = str(dtype)
    return text if len(text) <= 60 else text[:56] + "…"


def _blocks(array: npt.NDArray[Any]) -> Iterator[tuple[int, npt.NDArray[Any]]]:
    """(first index along axis 0, block) over ``array`` in blocks of about a million values: a
    memory-mapped array is read a block at a time, and any temporary is a block's size."""
    if array.ndim == 0:
        yield 0, array.reshape(1)
        return
    per_row = max(1, array.size // max(1, array.shape[0]))
    rows = max(1, CHECK_VALUES // per_row)
    for start in range(0, array.shape[0], rows):
        yield start, array[start : start + rows]


def _check_finite(array: npt.NDArray[Any], what: str, argument: str) -> None:
    """Refuse NaN, ±inf and (float128) values beyond float64's range, a block at a time."""
    wider = array.dtype.itemsize > 8  # float128: may hold values beyond float64
    count = 0
    first: tuple[tuple[int, ...], Any] | None = None
    for start, block in _blocks(array):
        with np.errstate(over="ignore", invalid="ignore"):
            as64 = np.asarray(block, dtype=np.float64)
            # one cheap pass without a temporary: the sum is finite when every value is (an
            # overflow of the sum alone is rechecked value by value)
            total = np.add.reduce(as64, axis=None)
        if np.isfinite(total):
            continue
        bad = ~np.isfinite(as64)
        found = int(bad.sum())
        if found and first is None:
            inside = tuple(int(i) for i in np.argwhere(bad)[0])
            position = (start + inside[0], *inside[1:]) if array.ndim else ()
            first = (position, block[inside] if array.ndim else block[0])
        count += found
    if first is None:
        return
    position, value = first
    where = ", ".join(str(i) for i in position)
    plural = "s" if count != 1 else ""
    if wider and np.isfinite(value):
        raise InputError(
            argument,
            f"{what} has {count} value{plural} beyond the float64 range (first at index "
            f"[{where}]; {array.dtype} values are read as float64)",
        )
    raise InputError(
        argument,
        f"{what} has {count} non-finite value{plural} (first: {np.float64(value)} at index "
        f"[{where}]); only finite numbers are allowed",
    )


def _shown_name(name: str) -> str:
    """An array's name in an archive, as a message lists it: cut where it is long."""
    return name if len(name) <= 24 else name[:20] + "…"


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(size) for size in shape) if shape else "scalar"


def _as_samples(array: npt.NDArray[Any], what: str, argument: str) -> npt.NDArray[Any]:
    if array.ndim not in (1, 2):
        raise InputError(
            argument,
            f"{what} has {array.ndim} dimensions (shape {_shape(array.shape)}); expected a 2-D "
            "array with one sample per row, or a 1-D array for one sample",
        )
    values = _numeric(array, what, argument, widen=False)
    if values.ndim == 1:
        values = values[np.newaxis, :]
    return values


# ---------------------------------------------------------------------------------------------
# Loaders


def _load_npy(file: Path, argument: str) -> npt.NDArray[Any]:
    # Memory-mapped: a batch larger than memory is read from disk chunk by chunk, not copied in.
    try:
        array = np.load(file, allow_pickle=False, mmap_mode="r")
    except _LOAD_ERRORS as error:
        raise _load_failure(file, argument, ".npy", error) from None
    if not isinstance(array, np.ndarray):  # pragma: no cover - np.load of .npy gives ndarray
        raise InputError(argument, f"{file} is not a .npy array file")
    return array


def _check_npz(file: Path, argument: str) -> None:
    """Refuse an archive that unpacks to more than MAX_NPZ_BYTES, or an array in it whose header
    promises more data than it holds (np.load allocates what the header says before reading).

    Anything else wrong with the archive is left for np.load to report.
    """
    from numpy.lib import format as npy_format

    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > MAX_NPZ_BYTES:
                raise InputError(
                    argument,
                    f"{file} unpacks to {total:,} bytes (an .npz is read into memory: at most "
                    f"{MAX_NPZ_BYTES:,}; save a large batch as .npy, which is read as needed)",
                )
            for member in members:
                name = member.filename.removesuffix(".npy")
                with archive.open(member) as stream:
                    if not member.filename.endswith(".npy") or stream.read(6) != b"\x93NUMPY":
                        raise InputError(
                            argument,
                            f"{file}[{_shown_name(member.filename)}] is not a .npy array (an "
                            ".npz archive must hold only .npy arrays, as np.savez writes them)",
                        )
                    stream.seek(0)
                    version = npy_format.read_magic(stream)
                    if version == (1, 0):
                        shape, _, dtype = npy_format.read_array_header_1_0(stream)
                    else:
                        shape, _, dtype = npy_format.read_array_header_2_0(stream)
                    held = member.file_size - stream.tell()
                promised = math.prod(shape) * dtype.itemsize
                if not dtype.hasobject and promised > held:
                    raise InputError(
                        argument,
                        f"{file}[{_shown_name(name)}] is cut short: its header promises shape "
                        f"{_shape(shape)} ({promised:,} bytes) but it holds {held:,} bytes",
                    )
    except InputError:
        raise
    except (*_LOAD_ERRORS, RuntimeError):  # not a valid archive: np.load will say how
        return


def _load_npz(file: Path, argument: str) -> dict[str, npt.NDArray[Any]]:
    _check_npz(file, argument)
    try:
        with np.load(file, allow_pickle=False) as archive:
            if not hasattr(archive, "files"):
                raise InputError(argument, f"{file} is a .npy array, not an .npz archive")
            return {name: archive[name] for name in archive.files}
    except _LOAD_ERRORS as error:
        raise _load_failure(file, argument, ".npz", error) from None


def _csv_problem(file: Path, argument: str, content: str) -> InputError:
    """Find the first bad line of a CSV that NumPy refused, and say what is wrong with it."""
    width: int | None = None
    first_row = 0
    for number, line in enumerate(io.StringIO(content), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        cells = [cell.strip() for cell in text.split(",")]
        for column, cell in enumerate(cells, start=1):
            if _CSV_NUMBER.fullmatch(cell) is None:  # as NumPy reads it: no 1_000, no ٣
                if width is None and any(char.isalpha() for char in text):
                    return InputError(
                        argument,
                        f"{file} line {number} looks like a header ({text[:60]!r}); "
                        "remove it: the file must hold numbers only",
                    )
                return InputError(
                    argument,
                    f"{file} line {number}, column {column}: {cell[:30]!r} is not a number "
                    "(separate the values with commas)",
                )
        if width is None:
            width, first_row = len(cells), number
        elif len(cells) != width:
            return InputError(
                argument,
                f"{file} line {number} has {len(cells)} value{'s' if len(cells) != 1 else ''} "
                f"but line {first_row} has {width}; every row must have the same length",
            )
    if width is None:
        return InputError(argument, f"{file} has no data rows")
    return InputError(argument, f"{file} could not be read as comma-separated numbers")


def _load_csv(file: Path, argument: str) -> npt.NDArray[Any]:
    size = file.stat().st_size
    if size > MAX_CSV_BYTES:
        raise InputError(
            argument,
            f"{file} is {size:,} bytes (a CSV is parsed as text: at most {MAX_CSV_BYTES:,}; "
            "save larger data as .npy)",
        )
    raw = read_bounded(
        file,
        argument,
        MAX_CSV_BYTES,
        f"{file} is larger than {MAX_CSV_BYTES:,} bytes (a CSV is parsed as text; "
        "save larger data as .npy)",
    )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            argument, f"{file} is not a UTF-8 text file (is it really a CSV?)"
        ) from None
    del raw
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an empty file warns; make it an error
            array = np.loadtxt(io.StringIO(text), delimiter=",", dtype=np.float64, ndmin=2)
    except (ValueError, UserWarning):
        raise _csv_problem(file, argument, text) from None
    if array.shape[0] == 1:
        array = array[0]
    return array


def load_samples(path: str | Path, argument: str) -> npt.NDArray[Any]:
    """Samples from .npy / .npz / .csv as a 2-D array of real numbers, one sample per row, in
    the dtype the file stores (see the module's docstring)."""
    file = _existing_file(path, argument, (".npy", ".npz", ".csv"))
    suffix = file.suffix.lower()
    if suffix == ".npy":
        return _as_samples(_load_npy(file, argument), str(file), argument)
    if suffix == ".csv":
        return _as_samples(_load_csv(file, argument), str(file), argument)
    arrays = _load_npz(file, argument)
    if len(arrays) == 1:
        ((name, array),) = arrays.items()
    else:
        named = [name for name in ("x", "X") if name in arrays]
        if not named:
            names = sorted(arrays)
            listed = ", ".join(_shown_name(name) for name in names[:5])
            listed += f", … ({len(names):,} in all)" if len(names) > 5 else ""
            raise InputError(
                argument,
                f"{file} holds {len(arrays):,} arrays ({listed or 'none'}); give an .npz with one "
                "array, or name the samples 'x'",
            )
        name = named[0]
        array = arrays[name]
    return _as_samples(array, f"{file}[{name}]", argument)


def load_array(
    path: str | Path, argument: str, dims: tuple[int, ...], expected: str, max_values: int
) -> FloatArray:
    """A .npy array with one of the dimension counts ``dims`` (``expected`` says which shapes, as
    "(C, H, W) or (H, W)"), at most ``max_values`` values, as float64: feature maps and kernels."""
    file = _existing_file(path, argument, (".npy",))
    array = _load_npy(file, argument)
    if array.ndim not in dims:
        raise InputError(
            argument,
            f"{file} has shape {_shape(array.shape)}; expected an array shaped {expected}",
        )
    if array.size > max_values:
        raise InputError(
            argument, f"{file} holds {array.size:,} values: at most {max_values:,} here"
        )
    return _numeric(array, str(file), argument)


def load_model(path: str | Path, argument: str) -> tuple[list[FloatArray], list[FloatArray]]:
    """Weights and biases (W1, b1, W2, b2, …) from an .npz, checked to chain layer to layer."""
    file = _existing_file(path, argument, (".npz",))
    arrays = _load_npz(file, argument)
    found: dict[str, dict[int, npt.NDArray[Any]]] = {"W": {}, "b": {}}
    for name, array in arrays.items():
        match = _MODEL_KEY.match(name)
        if match is None:
            raise InputError(
                argument,
                f"{file} has an unexpected array {_shown_name(name)!r}; expected only W1, b1, "
                "W2, b2, … "
                "(W shaped out × in, b shaped out)",
            )
        found[match.group(1)][int(match.group(2))] = array
    layers = max(found["W"], default=0)
    if layers == 0:
        raise InputError(argument, f"{file} has no weight matrices (expected W1, b1, W2, b2, …)")
    for k in range(1, layers + 1):
        for letter in ("W", "b"):
            if k not in found[letter]:
                raise InputError(
                    argument,
                    f"{file} has W{layers} but no {letter}{k} (expected W1, b1, … W{layers}, b{layers})",
                )
    extra = sorted(k for k in found["b"] if k > layers)
    if extra:
        raise InputError(argument, f"{file} has b{extra[0]} but no W{extra[0]}")
    weights: list[FloatArray] = []
    biases: list[FloatArray] = []
    for k in range(1, layers + 1):
        w, b = found["W"][k], found["b"][k]
        if w.ndim != 2:
            raise InputError(
                argument, f"{file}: W{k} must be 2-D (out × in) but has shape {_shape(w.shape)}"
            )
        if b.ndim != 1:
            raise InputError(
                argument, f"{file}: b{k} must be 1-D (out,) but has shape {_shape(b.shape)}"
            )
        weights.append(_numeric(w, f"{file}: W{k}", argument))
        biases.append(_numeric(b, f"{file}: b{k}", argument))
    try:
        check_net(weights, biases, argument)
    except InputError as error:
        raise InputError(argument, f"{file}: {error.problem}") from None
    return weights, biases
