"""5-field cron specs in UTC: `minute hour day-of-month month day-of-week`.

Each field is a comma list of `*`, `*/N`, `N`, `N-M` or `N-M/S` (seed 001); day-of-week is 0=Sunday..6.
When day-of-month and day-of-week are both restricted (neither is exactly `*`) a day matches if
**either** matches, as in Vixie cron and npm `cron-parser`; the host uses cron-parser, and
`test/fixtures/cron-table.json` checks that both give the same fire times.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

__all__ = ["CronSpec", "parse_cron"]

# name, low, high
_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day-of-month", 1, 31), ("month", 1, 12), ("day-of-week", 0, 6))
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February at its longest
_GRAMMAR = "each field is *, */N, N, N,M,…, N-M or N-M/S"


def _number(text: str, spec: str, name: str, low: int, high: int) -> int:
    if not text.isdigit() or not text.isascii():
        raise ValueError(f"cron spec {spec!r}: {name} field: {text!r} is not a number ({_GRAMMAR})")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"cron spec {spec!r}: {name} field: {value} is outside {low}-{high}")
    return value


def _parse_field(text: str, spec: str, name: str, low: int, high: int) -> frozenset[int]:
    values: set[int] = set()
    for item in text.split(","):
        if item == "":
            raise ValueError(f"cron spec {spec!r}: {name} field {text!r} has an empty list item")
        base, slash, step_text = item.partition("/")
        step = 1
        if slash:
            step = _number(step_text, spec, name, 1, 10**6) if step_text.isdigit() else -1
            if step < 1:
                raise ValueError(f"cron spec {spec!r}: {name} field: step {step_text!r} must be a positive number")
        if base == "*":
            first, last = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            first = _number(a, spec, name, low, high)
            last = _number(b, spec, name, low, high)
            if first > last:
                raise ValueError(f"cron spec {spec!r}: {name} field: range {base!r} runs backwards")
        else:
            if slash:
                raise ValueError(f"cron spec {spec!r}: {name} field: {item!r} — a step needs * or a range N-M/S")
            first = last = _number(base, spec, name, low, high)
        values.update(range(first, last + 1, step))
    return frozenset(values)


class CronSpec:
    """A parsed spec; `next_after(t)` gives the first fire time strictly after `t` (UTC)."""

    __slots__ = ("spec", "minutes", "hours", "days", "months", "weekdays", "dom_star", "dow_star")

    def __init__(self, spec: str):
        if not isinstance(spec, str):
            raise ValueError(f"cron spec must be a string, got {type(spec).__name__}")
        parts = spec.split()
        if len(parts) != 5:
            raise ValueError(
                f"cron spec {spec!r} has {len(parts)} fields; expected 5: minute hour day-of-month month day-of-week")
        sets = [_parse_field(p, spec, *f) for p, f in zip(parts, _FIELDS)]
        self.spec = spec
        self.minutes, self.hours, self.days, self.months, self.weekdays = sets
        self.dom_star = parts[2] == "*"
        self.dow_star = parts[4] == "*"
        if self.dow_star and not self.dom_star:
            longest = max(_MONTH_DAYS[m - 1] for m in self.months)
            if min(self.days) > longest:
                raise ValueError(f"cron spec {spec!r}: day-of-month {min(self.days)} never occurs in the chosen months")

    def __repr__(self) -> str:
        return f"CronSpec({self.spec!r})"

    def _day_matches(self, d: datetime) -> bool:
        dom = d.day in self.days
        dow = (d.isoweekday() % 7) in self.weekdays  # isoweekday: Monday=1..Sunday=7 -> Sunday=0
        if self.dom_star and self.dow_star:
            return True
        if self.dom_star:
            return dow
        if self.dow_star:
            return dom
        return dom or dow

    def next_after(self, when: datetime | float) -> datetime:
        """First matching minute strictly after `when` (an aware datetime or a Unix timestamp)."""
        if not isinstance(when, datetime):
            when = datetime.fromtimestamp(when, timezone.utc)
        elif when.tzinfo is None:
            raise ValueError("next_after needs an aware datetime (UTC)")
        t = when.astimezone(timezone.utc).replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t.year + 8  # the rarest valid spec (Feb 29) fires within 8 years, even across 2100
        while t.year <= limit:
            if t.month not in self.months:
                t = (t.replace(day=1, hour=0, minute=0) + timedelta(days=32)).replace(day=1)
                continue
            if not self._day_matches(t):
                t = t.replace(hour=0, minute=0) + timedelta(days=1)
                continue
            if t.hour not in self.hours:
                t = t.replace(minute=0) + timedelta(hours=1)
                continue
            if t.minute not in self.minutes:
                t += timedelta(minutes=1)
                continue
            return t
        raise ValueError(f"cron spec {self.spec!r} never fires")

    def next_times(self, when: datetime | float, count: int) -> list[datetime]:
        out = []
        for _ in range(count):
            when = self.next_after(when)
            out.append(when)
        return out


def parse_cron(spec: str) -> CronSpec:
    return CronSpec(spec)
