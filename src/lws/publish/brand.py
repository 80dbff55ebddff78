"""The trust's look and feel: brand name, colours, logo and font, as converter settings.

From ``publication.brand``, with every file confined to the project: the logo must lie
inside it, fonts come from the trust's ``templates/fonts/``, and the DOCX reference document
is copied with the trust's name and logo in its page header.

The font: the bundled one (:mod:`lws.core.fonts`) is used in every format and chart unless
the trust names its own. The trust's font
reaches PDF and charts only from its own files in ``templates/fonts/`` (lws never reads
system fonts, so builds do not depend on the machine); HTML, DOCX and PPTX name it first and
fall back to the bundled font where a reader does not have it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lws.core.atomic import write_atomically
from lws.core.data import mapping
from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.fonts import BUNDLED_FONT
from lws.core.resources import Resources
from lws.publish.images import declared_size, too_large
from lws.publish.typography import curled

if TYPE_CHECKING:  # a kept plan is converted without loading the model
    from lws.model.document import Document
    from lws.model.project import Strategy


@dataclass(frozen=True)
class Look:
    """The trust's look and feel, from ``publication.brand``, as converter settings."""

    name: str
    primary: str
    accent: str
    logo: Path | None
    font: str | None = None
    #: Other repository images outputs may show (a signature, the leaflet's image), checked.
    images: tuple[Path, ...] = ()

    @property
    def typeface(self) -> str:
        """The family to name first: the trust's font, else the bundled one."""
        return self.font or BUNDLED_FONT

    def variables(self) -> dict[str, str]:
        out = {"brand-primary": self.primary, "brand-accent": self.accent}
        if self.logo is not None:
            out["logo"] = self.logo.as_posix()
        if self.font is not None:
            out["font"] = self.font
        return out


def brand(strategy: Strategy) -> Look:
    """The brand, with the logo confined to the project (a path outside it is refused)."""
    publication = strategy.documents.get("publication")
    b = mapping(mapping(publication.data if publication else None).get("brand"))
    colours = mapping(b.get("colours"))
    trust = _trust_name(strategy)
    logo = None
    if isinstance(b.get("logo"), str) and publication is not None:
        logo = checked_image(strategy, publication, ("brand", "logo"), "logo")
    font = str(b.get("font") or "")
    return Look(
        name=curled(str(b.get("name") or trust)),
        primary=str(colours.get("primary") or "#1d4f91"),
        accent=str(colours.get("accent") or "#e07a1f"),
        logo=logo,
        font=font if _FONT_NAME.match(font) else None,
        images=shown_images(strategy),
    )


def checked_image(strategy: Strategy, doc: Document, path: DataPath, what: str) -> Path:
    """The image a section names at ``path``, relative to the project: refused with a located
    error when it lies outside the project, is missing or declares a size over lws's caps
    (read from its header, before anything decodes it)."""
    value = str(_at(doc.data, path))
    candidate = (strategy.root / value).resolve()
    outside = not candidate.is_relative_to(strategy.root.resolve())
    problem = "is outside the project" if outside else ""
    if not problem and not candidate.is_file():
        problem = "does not exist"
    hint = "give the path of an image inside the repository, e.g. templates/assets/logo.svg"
    if not problem:  # the header alone, before anything decodes the image
        with candidate.open("rb") as image:
            problem = too_large(declared_size(image.read(65_536)))
        hint = f"use a smaller image: a {what} of 1,000 pixels a side prints sharply"
    if problem:
        mark = doc.position(path)
        raise LwsError(
            [
                Diagnostic(
                    doc.file,
                    mark.line,
                    mark.col,
                    Severity.ERROR,
                    path,
                    f"{what} file '{value}' {problem}",
                    hint,
                )
            ]
        )
    return candidate.relative_to(strategy.root.resolve())


#: The images besides the logo that sections may name, for outputs to show: where, and what.
IMAGES: tuple[tuple[str, DataPath, str], ...] = (
    ("foreword", ("signatory", "signature"), "signature"),
    ("publication", ("leaflet", "image"), "leaflet image"),
)


def shown_images(strategy: Strategy) -> tuple[Path, ...]:
    """The signature and the leaflet's image the strategy names, each checked like the logo."""
    out = []
    for section, path, what in IMAGES:
        doc = strategy.documents.get(section)
        if doc is not None and isinstance(_at(doc.data, path), str):
            out.append(checked_image(strategy, doc, path, what))
    return tuple(out)


def _at(data: Any, path: DataPath) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


_FONT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ]{0,60}$")


def font_files(root: Path) -> list[Path]:
    """The trust's own font files (``templates/fonts/``), for PDF; only inside the project."""
    folder = Resources(root).own("templates") / "fonts"
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() in (".ttf", ".otf") and p.resolve().is_relative_to(root.resolve())
    )


def _trust_name(strategy: Strategy) -> str:
    manifest = strategy.documents.get("manifest")
    return str(mapping(mapping(manifest.data if manifest else None).get("trust")).get("name", ""))


def branded_reference_docx(root: Path, look: Mapping[str, str], work: Path) -> Path | None:
    """A copy of the reference document with the trust's name and logo in the page header.

    Kept in ``work`` (under ``build/``, inside the project, as Pandoc's sandbox needs), named
    by a hash of its inputs so it is made once and shared by every DOCX of the build.
    """
    from lws.convert import pdf
    from lws.publish import docx_brand

    reference = Resources(root).find("templates", "reference.docx")
    if reference is None:
        return None
    logo_path = root / look["logo"] if look.get("logo") else None
    source = logo_path.read_bytes() if logo_path is not None else b""
    base = reference.read_bytes()
    font = look.get("font") or BUNDLED_FONT
    texts = (look["name"], look["brand-primary"], look["brand-accent"], font)
    key = hashlib.sha256(b"\0".join([base, *(t.encode() for t in texts), source])).hexdigest()
    target = work / f"reference-{key[:16]}.docx"
    if target.is_file():  # made by an earlier build: the logo need not be rasterised again
        return target
    logo: bytes | None = None
    ext = "png"
    if logo_path is not None:
        if logo_path.suffix.lower() == ".svg":
            logo = pdf.svg_to_png(logo_path, root=root)
        else:
            logo = source
            ext = "jpeg" if logo_path.suffix.lower() in (".jpg", ".jpeg") else "png"
    data = docx_brand.branded(
        base, look["name"], look["brand-primary"], logo, ext, font=font, accent=look["brand-accent"]
    )
    write_atomically(target, data)
    return target


def branded_reference_pptx(root: Path, look: Mapping[str, str], work: Path) -> Path | None:
    """A copy of the reference deck in the trust's font and colours (made once per build)."""
    from lws.publish import pptx_brand

    reference = Resources(root).find("templates", "reference.pptx")
    if reference is None:
        return None
    base = reference.read_bytes()
    font = look.get("font") or BUNDLED_FONT
    logo = _logo_raster(root, look)
    parts = (look["brand-primary"], look["brand-accent"], font, look["name"])
    key = hashlib.sha256(base + "\0".join(parts).encode() + (logo or b"")).hexdigest()
    target = work / f"reference-{key[:16]}.pptx"
    if not target.is_file():
        primary, accent = (c.lstrip("#").upper() for c in parts[:2])
        deck = pptx_brand.branded(base, primary, accent, font, logo, look["name"])
        write_atomically(target, deck)
    return target


def _logo_raster(root: Path, look: Mapping[str, str]) -> bytes | None:
    """The logo as PNG or JPEG bytes (an SVG rasterised), for the formats that need them."""
    from lws.convert import pdf

    if not look.get("logo"):
        return None
    path = root / look["logo"]
    return pdf.svg_to_png(path, root=root) if path.suffix.lower() == ".svg" else path.read_bytes()
