"""Ids for imported items: as given, else made from measure and date."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from lws.authoring.workforce_table import Row, shorten

if TYPE_CHECKING:  # the reader calls assign_ids; only its type is needed here
    from lws.authoring.workforce_rows import RowReader


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` characters, starting a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        cut = out[:limit]
        out = cut.rsplit("-", 1)[0] if "-" in cut and out[limit] != "-" else cut
        out = out.strip("-")
    if not out:
        return "measure"
    return out if out[0].isalpha() else f"m-{out}"


def generated_id(item: dict[str, Any]) -> str:
    """The id of an item without one: its measure's slug and its date."""
    return f"{slug(str(item['measure']))}-{item['date'].isoformat()}"


def assign_ids(rows: list[Row], reader: RowReader) -> None:
    """Check given ids are unique; give the other rows unique ids from measure and date."""
    taken: dict[str, Row] = {}
    keep: list[Row] = []
    for row in rows:
        given = row.item.get("id")
        if given is None:
            keep.append(row)
            continue
        first = taken.get(given)
        if first is not None:
            reader.rank = row.rank
            reader.problem(
                row.cell("id"),
                f"id '{shorten(given)}' is already used by {first.cell('id').ref}",
                "give each row its own id, or leave the id column empty to have one made",
            )
            continue
        taken[given] = row
        keep.append(row)
    for row in keep:
        if "id" in row.item:
            continue
        base = generated_id(row.item)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken[candidate] = row
        row.item = {"id": candidate, **row.item}
    rows[:] = keep
