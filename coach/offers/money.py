"""Money as residents write it: ``420000``, ``"$420k"``, ``"420,000"``, ``"$25K"``, ``"$1.2M"``.

:func:`parse_money` is the one parser (offer files, pack conditions, the app's form fields). It
returns an ``int`` when the amount is whole and a ``float`` otherwise, and raises
:class:`MoneyError` (a ``ValueError``) whose ``str()`` is a message fit to show the user. Decimal
arithmetic is used so ``"$1.1k"`` is exactly 1100, not 1100.0000000000002.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

MAX_MONEY = 10**12  # far above any offer; stops "1e999" and runaway digits becoming inf
MAX_TEXT = 40

_MONEY_RE = re.compile(
    r"""
    \$?\s*
    (?P<number>
        \d{1,3}(?:,\d{3})+(?:\.\d+)?   # 420,000 or 1,234.50
      | \d+(?:\.\d+)?                  # 420000 or 1.2
      | \.\d+                          # .5
    )
    \s*(?P<suffix>[kKmM])?
    """,
    re.VERBOSE,
)
_SUFFIX = {"k": Decimal(1000), "m": Decimal(1_000_000)}


class MoneyError(ValueError):
    """An amount that cannot be read; ``str()`` says why and shows accepted forms."""


_FORMS = 'write it as 420000, "420,000", "$420k" or "$1.2M"'


def parse_money(value: object) -> int | float:
    """The amount in dollars; raises :class:`MoneyError` for anything else (never another error)."""
    if isinstance(value, bool):  # bool is an int subclass: true is not $1
        raise MoneyError(f"expected an amount of money, not {str(value).lower()}; {_FORMS}")
    if isinstance(value, int):
        if value < 0:
            raise MoneyError("an amount of money cannot be negative")
        if value > MAX_MONEY:
            raise MoneyError("amount is too large to be an offer term")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MoneyError("amount must be a finite number")
        if value < 0:
            raise MoneyError("an amount of money cannot be negative")
        if value > MAX_MONEY:
            raise MoneyError("amount is too large to be an offer term")
        return int(value) if value.is_integer() else value
    if not isinstance(value, str):
        raise MoneyError(f"expected an amount of money; {_FORMS}")
    text = value.strip()
    if not text:
        raise MoneyError(f"amount is empty; {_FORMS}")
    if len(text) > MAX_TEXT:
        raise MoneyError(f"amount is too long to be money; {_FORMS}")
    if text.startswith("-") or text.startswith("$-") or text.startswith("$ -"):
        raise MoneyError("an amount of money cannot be negative")
    m = _MONEY_RE.fullmatch(text)
    if m is None:
        raise MoneyError(f'"{text}" is not an amount of money; {_FORMS}')
    try:
        amount = Decimal(m.group("number").replace(",", ""))
    except InvalidOperation:  # the pattern admits only digits, so this is defensive
        raise MoneyError(f'"{text}" is not an amount of money; {_FORMS}') from None
    suffix = m.group("suffix")
    if suffix:
        amount *= _SUFFIX[suffix.lower()]
    if amount > MAX_MONEY:
        raise MoneyError("amount is too large to be an offer term")
    if amount == amount.to_integral_value():
        return int(amount)
    return float(amount)


def format_money(amount: float) -> str:
    """``$420,000``: whole dollars, rounded half up (``$33,333`` for 100,000 ÷ 3), as a
    contract reviewer writes a salary; ``-$8,800`` below zero. Rates per unit (dollars a wRVU)
    keep their cents: :func:`format_rate`."""
    if amount < 0:
        return "-" + format_money(-amount)
    dollars = Decimal(repr(float(amount))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"${int(dollars):,}"


def format_rate(amount: float) -> str:
    """A rate per unit, such as a conversion factor: ``$52``, ``$51.70`` (cents when any)."""
    if amount < 0:
        return "-" + format_rate(-amount)
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


def format_number(value: float, places: int = 1) -> str:
    """Thousands separators, and decimals only when the value has them (8,076.9; 5,600)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_percent(percent: float, threshold: float | None = None) -> str:
    """A percent as shown beside a flag: whole (``86%``), rounded half up, unless the whole
    figure would sit on or across ``threshold`` where the value does not (94.5% against a 95%
    limit would show "95%" beside a flag for below 95%). Then one decimal, rounded half up, or
    toward the value's side of the threshold when even that would cross it (94.96% → "94.9%";
    5.04% against 5% → "5.1%"). So the figure shown never contradicts the flag beside it."""
    value = Decimal(repr(float(percent)))
    whole = value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if threshold is None:
        return f"{whole}%"
    limit = Decimal(repr(float(threshold)))

    def side(x: Decimal) -> int:
        return (x > limit) - (x < limit)

    if side(whole) == side(value):
        return f"{whole}%"
    tenth = Decimal("0.1")
    shown = value.quantize(tenth, rounding=ROUND_HALF_UP)
    if side(shown) != side(value):
        shown = value.quantize(tenth, rounding=ROUND_FLOOR if value < limit else ROUND_CEILING)
    return f"{shown}%"
