"""Dates as sources write them: "18 Oct. 2024", "October 15, 2025", "Wednesday 15th of October".

A date without a year keeps year=None; the caller may fill it from context,
never by guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|"
    r"JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\.?"
)
_WEEKDAY = r"(?:(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day|sday|nesday|rsday|urday)?\.?,?\s+(?:\(?\s*)?)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

DATE = re.compile(
    rf"(?<![\w/.-])(?P<weekday>{_WEEKDAY})?(?:"
    rf"(?P<d1>{_DAY})\s+(?:of\s+)?(?P<m1>{_MONTH}),?(?:\s+(?P<y1>{_YEAR}))?"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY})(?:,?\s+(?P<y2>{_YEAR}))?"
    rf"|(?P<d3>\d{{1,2}})[/.](?P<m3>\d{{1,2}})[/.](?P<y3>{_YEAR})"
    rf"|(?P<y4>{_YEAR})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}})"
    rf")(?![\w/-]|\.\d)"
)
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*(?i:[ap]\.?m\.?))?(?:\s*(?:[A-Z]{2,4}(?:[+-]\d{1,2})?|UTC|GMT))?"
_LABEL = r"(?i:published|updated|last updated|last update|last modified|first published|posted|modified|date|issued)\s*(?:on|at)?\s*:?"
_PLACE = r"(?:[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3},\s+)"
# A line that holds nothing but a date (with label, weekday, time, place, separators).
DATE_ONLY = re.compile(
    rf"^[\s•·|*\-–—\[(]*(?:{_LABEL}\s*)?(?:{_TIME}\s*[,\-–—|•]?\s*)?(?:{_PLACE})?{DATE.pattern}(?:\s*[,\-–—|•]?\s*(?:at\s+)?{_TIME})?[\s•·|\-–—\])]*$"
)


@dataclass
class FoundDate:
    start: int
    end: int
    text: str
    day: int
    month: int
    year: int | None
    weekday: int | None  # 0 = Monday, when the source names it

    def iso(self, year: int | None = None) -> str | None:
        year = year or self.year
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day).isoformat()
        except ValueError:
            return None

    def fits(self, year: int) -> bool:
        """True when the day exists in that year and the named weekday matches."""
        try:
            date = dt.date(year, self.month, self.day)
        except ValueError:
            return False
        return self.weekday is None or date.weekday() == self.weekday


def _month(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")[:3]]


def find_dates(text: str) -> list[FoundDate]:
    """Every well-formed date in the text, full or without a year."""
    found = []
    for m in DATE.finditer(text):
        g = m.groupdict()
        try:
            if g["d1"]:
                day, month, year = int(re.sub(r"\D", "", g["d1"])), _month(g["m1"]), g["y1"]
            elif g["m2"]:
                day, month, year = int(re.sub(r"\D", "", g["d2"])), _month(g["m2"]), g["y2"]
            elif g["d3"]:
                day, month, year = int(g["d3"]), int(g["m3"]), g["y3"]
                if month > 12 and day <= 12:  # 10/28/2025: US order
                    day, month = month, day
            else:
                day, month, year = int(g["d4"]), int(g["m4"]), g["y4"]
        except (KeyError, ValueError):
            continue
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        weekday = None
        if g["weekday"]:
            name = g["weekday"].strip(" ,.(").lower()[:3]
            weekday = next((k for k, w in enumerate(WEEKDAYS) if w.startswith(name)), None)
        surface = m.group().strip(" ,(")
        if surface.endswith(".") and not year and re.search(r"[a-z]{4}\.$", surface):
            surface = surface[:-1]  # sentence full stop after "October"
        item = FoundDate(m.start(), m.start() + len(surface), surface, day, month, int(year) if year else None, weekday)
        if item.year is not None and item.iso() is None:
            continue
        found.append(item)
    return found


def has_full_date(text: str) -> bool:
    return any(d.year for d in find_dates(text))


def parse_date(value: str) -> str | None:
    """An ISO date from a manifest/front-matter value ("2025-10-15", "15 October 2025")."""
    value = str(value).strip()
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    full = [d for d in find_dates(value) if d.year]
    return full[0].iso() if full else None


YEAR = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


def context_year(found: FoundDate, text: str) -> tuple[int, str] | None:
    """Fill a missing year only from the text itself: a full date with the same
    day and month, or the one year mentioned in the text that fits the named weekday."""
    for other in find_dates(text):
        if other.year and (other.day, other.month) == (found.day, found.month):
            return other.year, f"same day written with its year ('{other.text}')"
    if found.weekday is None:
        return None
    years = sorted({int(y) for y in YEAR.findall(text)})
    fitting = [y for y in years if found.fits(y)]
    if len(fitting) == 1:
        return fitting[0], f"the only year in the text ({fitting[0]}) where it falls on that weekday"
    return None
