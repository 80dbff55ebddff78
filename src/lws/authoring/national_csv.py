"""Reading the children's social work workforce release's underlying data for one authority.

The Department for Education publishes the release on Explore Education Statistics; its
indicators file is a CSV (UTF-8) with one row per reporting year and area: columns
``time_period, time_identifier, geographic_level, country_code, country_name, region_code,
region_name, old_la_code, new_la_code, la_name`` and then the indicators
(:data:`lws.core.statistics.INDICATORS`). ``geographic_level`` is ``National``, ``Regional``
or ``Local authority``.

:func:`read_release` keeps what a trust compares itself with: its own authority's rows (by
``new_la_code`` or by ``la_name``), its region's and England's, for every year. Each figure
is a number or the release's symbol (:mod:`lws.core.statistics`), kept as written; a symbol
is never read as zero. Every problem is a diagnostic at the file's row (the record number a
spreadsheet shows) and column, its message starting with the cell (``V12``). Only the rows
kept are checked cell by cell; every row's level and year are checked.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws.authoring.workforce_table import column_letter, shorten
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.statistics import FORMS, INDICATORS, parse_statistic

MAX_RELEASE_BYTES = 64 * 1024 * 1024
#: Columns every indicators file has (the release's area and time columns we read).
ID_COLUMNS = ("time_period", "geographic_level", "region_code", "region_name", "la_name")
LEVELS = {"National": "england", "Regional": "region", "Local authority": "authority"}


@dataclass(frozen=True, slots=True)
class Match:
    """How the trust's authority is picked: by ``new_la_code`` or by ``la_name``."""

    column: str  # new_la_code or la_name
    value: str

    def __str__(self) -> str:
        return f"{self.column} {self.value}"


@dataclass
class Release:
    """What the file holds for one authority: who it is, and each year's figures per area."""

    file: str
    authority: dict[str, str] = field(default_factory=dict)
    #: year → area (authority, region, england) → indicator → number or symbol
    years: dict[int, dict[str, dict[str, Any]]] = field(default_factory=dict)
    rows: dict[tuple[int, str], int] = field(default_factory=dict)  # (year, area) → row
    found: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.found)

    def problem(self, row: int, col: int, message: str, hint: str, *, cell: bool = True) -> None:
        where = f"{column_letter(col)}{row}: " if cell else ""
        self.found.append(
            Diagnostic(self.file, row, col, Severity.ERROR, (), where + message, hint)
        )

    def warn(self, row: int, col: int, message: str, hint: str) -> None:
        self.found.append(Diagnostic(self.file, row, col, Severity.WARNING, (), message, hint))


def read_release(path: Path, display: str, match: Match) -> Release:
    """Read ``path`` and keep the authority picked by ``match``, its region and England."""
    release = Release(display)
    try:
        size = path.stat().st_size
        if size > MAX_RELEASE_BYTES:
            release.problem(
                1, 1, f"file is {size / 1024 / 1024:.1f} MiB; lws reads release files up to "
                f"{MAX_RELEASE_BYTES // 1024 // 1024} MiB", "give the indicators file alone",
                cell=False,
            )  # fmt: skip
            return release
        raw = path.read_bytes()
    except OSError as exc:
        release.problem(1, 1, f"cannot read the file: {exc.strerror}", "check the path", cell=False)
        return release
    records = _records(raw, release)
    if records is not None:
        _Reader(release, match).read(records)
    return release


def _records(raw: bytes, release: Release) -> list[list[str]] | None:
    if raw.startswith(b"PK\x03\x04"):
        release.problem(1, 1, "file is a zip or workbook, not CSV", _UNZIP, cell=False)
        return None
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        release.problem(
            line, 1, f"byte {exc.object[exc.start]:#04x} is not UTF-8",
            "download the file again from Explore Education Statistics (it is UTF-8)",
            cell=False,
        )  # fmt: skip
        return None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        release.problem(1, 1, f"not a readable CSV file: {exc}", _UNZIP, cell=False)
        return None


_UNZIP = (
    "unzip the download and give the indicators CSV "
    "(Indicators: in post, starters, leavers, agency workers, vacancies, caseload and absence)"
)


class _Reader:
    def __init__(self, release: Release, match: Match) -> None:
        self.release = release
        self.match = match
        self.columns: dict[str, int] = {}
        self.indicators: list[tuple[str, int]] = []
        self.names: dict[str, str] = {}  # every authority in the file: match value → la_name

    def read(self, records: list[list[str]]) -> None:
        if not records or not any(cell.strip() for cell in records[0]):
            self.release.problem(1, 1, "file is empty", _UNZIP, cell=False)
            return
        if not self._header(records[0]):
            return
        regional: dict[tuple[int, str], tuple[int, list[str]]] = {}
        own: list[tuple[int, int, list[str]]] = []
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue
            found = self._row(number, record)
            if found is None:
                continue
            year, area = found
            if area == "england":
                self._keep(number, record, year, "england")
            elif area == "region":
                regional[(year, self._cell(record, "region_code"))] = (number, record)
            elif self._is_match(record):
                own.append((number, year, record))
        if not own:
            self._not_found(len(records))
            return
        for number, year, record in own:
            self._keep(number, record, year, "authority")
            code = self._cell(record, "region_code")
            if (year, code) in regional:
                self._keep(*regional[(year, code)], year, "region")
            else:
                self.release.warn(
                    number, self.columns["region_code"] + 1,
                    f"the file has no regional row for {self._cell(record, 'region_name')} "
                    f"({code}) in {year}", "the year is imported without its region",
                )  # fmt: skip
        self.release.years = dict(sorted(self.release.years.items()))

    def _header(self, header: list[str]) -> bool:
        self.columns = {name.strip(): i for i, name in enumerate(header)}
        missing = [c for c in ID_COLUMNS if c not in self.columns]
        if missing:
            self.release.problem(
                1, 1, "the header row has no " + ", ".join(missing) + " column"
                + "s" * (len(missing) > 1),
                "give the release's indicators file as downloaded; its first row names "
                "time_period, geographic_level, region_code, region_name, la_name…",
                cell=False,
            )  # fmt: skip
            return False
        self.indicators = [(n, self.columns[n]) for n in INDICATORS if n in self.columns]
        absent = [n for n in INDICATORS if n not in self.columns]
        if not self.indicators:
            self.release.problem(
                1, 1, "the header row names none of the release's indicators "
                "(vacancy_rate_fte, agency_rate_fte…)", _UNZIP, cell=False,
            )  # fmt: skip
            return False
        if absent:
            self.release.warn(
                1,
                1,
                "the file has no column for " + ", ".join(absent),
                "those figures are not imported; an older release may not have them",
            )
        return True

    def _cell(self, record: list[str], column: str) -> str:
        at = self.columns.get(column)
        return record[at].strip() if at is not None and at < len(record) else ""

    def _row(self, number: int, record: list[str]) -> tuple[int, str] | None:
        level = self._cell(record, "geographic_level")
        area = LEVELS.get(level)
        if area is None:
            choices = ", ".join(LEVELS)
            self.release.problem(
                number, self.columns["geographic_level"] + 1,
                f"geographic_level '{shorten(level)}' is not one of: {choices}",
                "give the release's indicators file as downloaded",
            )  # fmt: skip
            return None
        period = self._cell(record, "time_period")
        if not (len(period) == 4 and period.isdigit()):
            self.release.problem(
                number, self.columns["time_period"] + 1,
                f"time_period '{shorten(period)}' is not a reporting year such as 2024",
                "give the release's indicators file as downloaded",
            )  # fmt: skip
            return None
        if area == "authority":
            name = self._cell(record, "la_name")
            self.names[self._cell(record, self.match.column) or name] = name
        return int(period), area

    def _is_match(self, record: list[str]) -> bool:
        return _normal(self._cell(record, self.match.column)) == _normal(self.match.value)

    def _keep(self, number: int, record: list[str], year: int, area: str) -> None:
        release = self.release
        first = release.rows.get((year, area))
        if first is not None:
            release.problem(
                number, 1, f"a second {area} row for {year} (the first is row {first})",
                "give the release's file as downloaded, with one row per area and year",
            )  # fmt: skip
            return
        release.rows[(year, area)] = number
        figures: dict[str, Any] = {}
        for name, at in self.indicators:
            text = record[at].strip() if at < len(record) else ""
            figure = parse_statistic(text) if text else None
            if figure is None:
                shown = f"'{shorten(text)}'" if text else "an empty cell"
                release.problem(
                    number, at + 1, f"{name}: {shown} is not a published figure",
                    f"the release writes {FORMS}",
                )  # fmt: skip
                continue
            figures[name] = figure.value if figure.value is not None else figure.text
        release.years.setdefault(year, {})[area] = figures
        if area == "authority":
            release.authority = _identity(self, record)

    def _not_found(self, count: int) -> None:
        names = list(self.names)
        near = difflib.get_close_matches(self.match.value, names, n=3, cutoff=0.6)
        near += [n for n in names if _normal(self.match.value) in _normal(n) and n not in near]
        hint = (
            "did you mean " + " or ".join(f"'{n}'" for n in near[:3]) + "?"
            if near
            else f"check local_authority in manifest.yaml against the file's {self.match.column}"
        )
        self.release.problem(
            1, 1, f"no local authority row has {self.match} (read {count - 1} rows)", hint,
            cell=False,
        )  # fmt: skip


def _identity(reader: _Reader, record: list[str]) -> dict[str, str]:
    out = {
        key: reader._cell(record, key)
        for key in ("la_name", "new_la_code", "old_la_code", "region_name", "region_code")
    }
    return {k: v for k, v in out.items() if v}


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def describe(years: Mapping[int, Any]) -> str:
    """``2017–2024`` for the years held."""
    if not years:
        return "no years"
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"
