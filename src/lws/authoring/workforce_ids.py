"""Ids for imported items: as given, else made from measure, service and date.

The service (the ``sector`` column) is part of a made id, so the same spreadsheet sorted
another way gives each figure the same id and a re-import replaces like with like; two rows
with the same measure, service and date are an error, since nothing tells them apart.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING, Any

from lws.authoring.workforce_table import Row, shorten

if TYPE_CHECKING:  # the reader calls assign_ids; only its type is needed here
    from lws.authoring.workforce_rows import RowReader


MAX_ID = 64  # the schema's id pattern admits a letter and 63 more


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` characters, starting a letter."""
    text = re.sub(r"['’]", "", text)  # children's → childrens, not children-s
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
    """The id of an item without one: its measure's slug, its service's, and its date."""
    date = item["date"].isoformat()
    if not item.get("sector"):
        return f"{slug(str(item['measure']))}-{date}"
    measure, sector = str(item["measure"]), str(item["sector"])
    whole = f"{slug(measure, 64)}-{slug(sector, 64)}-{date}"
    if len(whole) <= MAX_ID:
        return whole
    # Too long for an id: shortened, with a digest of the whole names so that two long
    # measures sharing their first words still differ (26 + 18 + 6 + 10 + 3 = 63).
    digest = hashlib.sha256(f"{measure}\n{sector}".encode()).hexdigest()[:6]
    return f"{slug(measure, 26)}-{slug(sector, 18)}-{digest}-{date}"


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
    made: dict[str, Row] = {}
    for row in list(keep):
        if "id" in row.item:
            continue
        made_id = generated_id(row.item)
        first = made.get(made_id) or taken.get(made_id)
        if first is not None:
            reader.rank = row.rank
            what = "measure, service and date" if row.item.get("sector") else "measure and date"
            reader.problem(
                row.cell("measure"),
                f"the same {what} as {first.cell('measure').ref} (both would be '{made_id}')",
                "give the rows a service (sector) column that tells them apart, an id "
                "column, or delete the repeated row",
            )
            keep.remove(row)
            continue
        made[made_id] = row
        row.item = {"id": made_id, **row.item}
    rows[:] = keep
