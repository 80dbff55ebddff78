"""Ids disguised: every id a strategy defines (and every reference to it) rewritten, in a
copy of its repository, as a token no person would write, so that a public output
printing an id where a reader should see a name is found by searching for the token.

Action, risk and KPI ids stay as written: the documents print them as labels ("A3",
"R1", "K2"), and the reader meets them beside the title they label. So do glossary terms
(the term is the word itself), own sections' ids (the structure list places them) and
audience ids (their names are also the variants' words: "staff", "board")."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from lws.model.project import load_strategy
from lws.model.references import occurrences

#: Ids printed as labels, or not ids of things a reader is told about.
LABELS = frozenset({"action", "risk", "kpi", "term", "own_section", "audience"})
#: How a disguised id looks (``zqid7x``): nothing an author or lws writes looks like it.
TOKEN = re.compile(r"zqid\d+x")


def disguise_ids(root: Path) -> dict[str, str]:
    """Rewrite the strategy under ``root`` in place; return each token's original id and
    kind (``"sw-return (evidence)"``)."""
    strategy = load_strategy(root)
    assert not strategy.problems, [p.format() for p in strategy.problems]
    tokens: dict[str, str] = {}  # by value: an owner may be a person, group or organisation
    kinds: dict[str, set[str]] = defaultdict(set)
    edits: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
    found = [occ for _, occ in occurrences(strategy.documents, strategy.schemas)]
    for marker, occ in occurrences(strategy.documents, strategy.schemas):
        if marker == "defines" and occ.kind not in LABELS:
            tokens.setdefault(occ.value, f"zqid{len(tokens)}x")
            kinds[occ.value].add(occ.kind)
    for occ in found:
        token = tokens.get(occ.value) if occ.kind not in LABELS else None
        if token:
            mark = occ.doc.position(occ.path)
            edits[occ.doc.file].append((mark.line, mark.col, occ.value, token))
    for file, changes in edits.items():
        path = root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        for line, col, value, token in sorted(set(changes), reverse=True):
            text = lines[line - 1]
            start = col - 1 + (text[col - 1 : col] in "'\"")
            assert text[start : start + len(value)] == value, (file, line, text, value)
            lines[line - 1] = text[:start] + token + text[start + len(value) :]
        path.write_text("\n".join(lines), encoding="utf-8")
    return {token: f"{v} ({', '.join(sorted(kinds[v]))})" for v, token in tokens.items()}
