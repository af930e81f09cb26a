"""One notation for exact forms, in every format: the printers behind :func:`aecalc.values.exact.plain`
and :func:`aecalc.values.exact.tex`.

Built on SymPy's printing API (a :class:`~sympy.printing.str.StrPrinter` and a
:class:`~sympy.printing.latex.LatexPrinter` subclass), so each rule holds wherever a value is
printed, instead of patching ``str()`` of SymPy afterwards:

- the natural log is ``ln`` (SymPy's ``log``); ``log(u)/log(10)`` is ``log₁₀(u)`` and
  ``log(u)/log(2)`` is ``log₂(u)``, term by term;
- e to a power is always e with a superscript: ``e⁻¹``, ``e²`` where Unicode has every
  superscript character, else ``e^(−1/2)``; TeX ``e^{-1}``, ``e^{-1/2}`` (a slash in an exponent),
  and ``\\exp\\left(…\\right)`` only for an exponent that holds a fraction of a closed form
  (set as a superscript it would be too small to read);
- one minus sign (U+2212 ``−``) and ``·`` for a product in the plain spelling;
- fractions ``a/b`` (TeX ``\\frac``), roots ``√2``, ``√(1 + e⁻¹)`` (TeX ``\\sqrt``).

    >>> import sympy
    >>> plain(1 / (1 + sympy.exp(-1)), "none")
    '1/(1 + e⁻¹)'
    >>> half = sympy.Rational(1, 2)
    >>> mean = (-sympy.log(sympy.Rational(17, 25)) - sympy.log(sympy.Rational(31, 50))) * half
    >>> plain(mean / sympy.log(10), "none")
    '−log₁₀(17/25)/2 − log₁₀(31/50)/2'
    >>> tex(mean / sympy.log(10), "none")
    '- \\\\frac{\\\\log_{10}\\\\left(\\\\frac{17}{25}\\\\right)}{2} - \\\\frac{\\\\log_{10}\\\\left(\\\\frac{31}{50}\\\\right)}{2}'
    >>> plain(sympy.sqrt(2) * sympy.exp(half))
    '√2·e^(1/2)'
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

MINUS = "\u2212"
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUPERSCRIPTABLE = set("-0123456789")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def subscript(number: int) -> str:
    """``12`` → ``₁₂``: an index written below the line (``z₁``, ``λ₂``).

    >>> "λ" + subscript(12)
    'λ₁₂'
    """
    return str(number).translate(_SUBSCRIPTS)


# --json keeps the spelling scripts already read (SymPy's ``log``, ASCII minus); set by
# aecalc.render.output around the JSON object only. This module imports SymPy only when a
# printer is first needed, so the light commands can import it.
_MACHINE: ContextVar[bool] = ContextVar("machine_notation", default=False)


@contextmanager
def machine_notation() -> Iterator[None]:
    """Inside: :func:`aecalc.values.exact.plain` spells as SymPy does (``-log(17/25)/2``)."""
    token = _MACHINE.set(True)
    try:
        yield
    finally:
        _MACHINE.reset(token)


def is_machine() -> bool:
    return _MACHINE.get()


@functools.cache
def _printers() -> tuple[Any, Any, Any]:
    """(PlainPrinter, TexPrinter, named-log rewriter), built on first use."""
    import sympy
    from sympy.printing.latex import LatexPrinter
    from sympy.printing.precedence import precedence
    from sympy.printing.str import StrPrinter

    class Log10(sympy.Function):  # type: ignore[misc]  # SymPy ships no type information
        """``log₁₀(u)``: printed only, never evaluated (it stands for ``log(u)/log(10)``)."""

        nargs = 1

    class Log2(sympy.Function):  # type: ignore[misc]
        """``log₂(u)``: printed only (it stands for ``log(u)/log(2)``)."""

        nargs = 1

    named = {10: Log10, 2: Log2}

    def inverse_log_base(factor: Any) -> int | None:
        if (
            isinstance(factor, sympy.Pow)
            and factor.exp == -1
            and isinstance(factor.base, sympy.log)
            and factor.base.args[0] in (10, 2)
        ):
            return int(factor.base.args[0])
        return None

    def divides_by_log(node: Any) -> bool:
        return isinstance(node, sympy.Mul) and any(
            inverse_log_base(factor) is not None for factor in node.args
        )

    def rewrite(node: Any) -> Any:
        factors = list(node.args)
        inverse = next(f for f in factors if inverse_log_base(f) is not None)
        base = inverse_log_base(inverse)
        assert base is not None
        function = named[base]
        factors.remove(inverse)
        terms = []
        for term in sympy.Add.make_args(sympy.expand_mul(sympy.Mul(*factors))):
            parts = sympy.Mul.make_args(term)
            logs = [f for f in parts if isinstance(f, sympy.log)]
            others = [f for f in parts if not isinstance(f, sympy.log)]
            if len(logs) != 1 or any(o.has(sympy.log) for o in others):
                return node
            terms.append(sympy.Mul(*others) * function(logs[0].args[0]))
        return sympy.Add(*terms)

    def named_logs(expr: Any) -> Any:
        """``c₁·log(u₁)/log(10) + …`` → ``c₁·log₁₀(u₁) + …``, where every term has one log."""
        try:
            return expr.replace(divides_by_log, rewrite)
        except (TypeError, AttributeError):  # pragma: no cover - SymPy cannot rebuild it
            return expr

    class PlainPrinter(StrPrinter):  # type: ignore[misc]
        """The one-line Unicode spelling (products as ``*`` here, ``·`` after :func:`plain`)."""

        def _print_log(self, expr: Any) -> str:
            return f"ln({self._print(expr.args[0])})"

        def _print_Log10(self, expr: Any) -> str:
            return f"log₁₀({self._print(expr.args[0])})"

        def _print_Log2(self, expr: Any) -> str:
            return f"log₂({self._print(expr.args[0])})"

        def _print_Exp1(self, expr: Any) -> str:
            return "e"

        def _print_exp(self, expr: Any) -> str:
            return "e" + self._superscript(expr.args[0])

        def _superscript(self, exponent: Any) -> str:
            text: str = self._print(exponent)
            if set(text) <= _SUPERSCRIPTABLE:
                return text.translate(_SUPERSCRIPTS)
            if text.isalnum():
                return "^" + text
            return f"^({text})"

        def _root(self, base: Any) -> str:
            text: str = self._print(base)
            return "√" + (text if text.isalnum() else f"({text})")

        def _print_Pow(self, expr: Any, rational: bool = False) -> str:
            if expr.exp is sympy.S.Half:
                return self._root(expr.base)
            if -expr.exp is sympy.S.Half:
                return "1/" + self._root(expr.base)
            base = str(self.parenthesize(expr.base, precedence(expr), strict=False))
            if expr.exp is sympy.S.NegativeOne:
                return "1/" + base
            return base + self._superscript(expr.exp)

    class TexPrinter(LatexPrinter):  # type: ignore[misc]
        """TeX with ``\\ln``, ``\\log_{10}``, ``\\log_{2}`` and ``e^{…}``."""

        def __init__(self, settings: dict[str, Any] | None = None) -> None:
            super().__init__({"ln_notation": True, **(settings or {})})

        def _named(self, expr: Any, base: int, exp: Any = None) -> str:
            text = rf"\log_{{{base}}}\left({self._print(expr.args[0])}\right)"
            return text if exp is None else rf"{text}^{{{exp}}}"

        def _print_Log10(self, expr: Any, exp: Any = None) -> str:
            return self._named(expr, 10, exp)

        def _print_Log2(self, expr: Any, exp: Any = None) -> str:
            return self._named(expr, 2, exp)

        def _print_ExpBase(self, expr: Any, exp: Any = None) -> str:
            power = self._print(expr.args[0])
            if expr.args[0].is_Rational and not expr.args[0].is_Integer:
                # e^{-1/2}: a fraction in an exponent with a slash, as print sets it
                power = str(expr.args[0])
            elif "\\frac" in power:
                # a fraction of a closed form in an exponent (σ(σ(·))'s e^(−1/(1 + e⁻¹))) would
                # be set at script-script size: too small to read in print
                return str(self._do_exponent(rf"\exp\left({power}\right)", exp))
            return str(self._do_exponent(f"e^{{{power}}}", exp))

    return PlainPrinter, TexPrinter, named_logs


def plain(value: Any, order: str | None = None) -> str:
    """The one-line Unicode spelling of a SymPy expression (see the module's docstring)."""
    printer, _, named_logs = _printers()
    text: str = printer({"order": order}).doprint(named_logs(value))
    return text.replace("*", "·").replace("-", MINUS)


def tex(value: Any, order: str | None = None) -> str:
    """The TeX spelling of a SymPy expression (see the module's docstring)."""
    _, printer, named_logs = _printers()
    return str(printer({"order": order}).doprint(named_logs(value)))
