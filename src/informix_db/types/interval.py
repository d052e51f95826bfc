"""Year-month intervals, which ``timedelta`` cannot hold because months vary in length."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IntervalYM:
    """An INTERVAL of the YEAR..MONTH family as a signed total month count."""

    months: int

    @property
    def years(self) -> int:
        """Whole years, carrying the sign of ``months``."""
        magnitude = abs(self.months) // 12
        return -magnitude if self.months < 0 else magnitude

    @property
    def remainder_months(self) -> int:
        """Months left over after ``years``, carrying the sign of ``months``."""
        magnitude = abs(self.months) % 12
        return -magnitude if self.months < 0 else magnitude

    def __str__(self) -> str:
        sign = "-" if self.months < 0 else ""
        years, months = divmod(abs(self.months), 12)
        return f"{sign}{years}-{months:02d}"
