"""What the conversion tests convert: a site with one chart, and Markdown that uses it.

``test_pandoc`` (every format) and ``test_pdf`` (Typst) read the same lists, captioned table
and chart, each around text of its own.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHART = "build/charts/staff.svg"
PASSWD_LINE = Path("/etc/passwd").read_text().splitlines()[0]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">'
    '<rect width="240" height="120" fill="#ffffff"/>'
    '<rect x="20" y="40" width="60" height="70" fill="#1f3a5f"/>'
    '<rect x="100" y="20" width="60" height="90" fill="#d9822b"/></svg>'
)

#: Nested and numbered lists, a captioned table with aligned columns, the chart at 60%.
PRIORITIES = f"""\
## Priorities

- Recruit and retain
  - newly qualified staff
- Develop leaders

1. Agree the joint induction
2. Launch the leadership programme

| Action | Owner | RAG |
|:-------|:------|:---:|
| Joint induction | Workforce lead | Green |
| Leadership programme | HR director | Amber |

: Actions and owners

![Staff by activity area]({CHART}){{width=60%}}
"""


def site(root: Path) -> Path:
    """``root`` as a project whose build holds the chart."""
    (root / "build" / "charts").mkdir(parents=True)
    (root / CHART).write_text(SVG, encoding="utf-8")
    return root
