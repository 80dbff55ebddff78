"""Image caps: the size a header declares is read, and refused, before anything decodes it."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from lws.publish.images import MAX_SIDE, declared_size, too_large
from tests.cli.run import copy_example, lws


def png_header(width: int, height: int) -> bytes:
    """A PNG's signature and IHDR chunk (with its CRC), declaring ``width`` × ``height``."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_the_declared_size_of_real_images(kind: str) -> None:
    out = io.BytesIO()
    Image.new("RGB", (321, 123), "#1d4f91").save(out, kind)
    assert declared_size(out.getvalue()) == (321.0, 123.0)


@pytest.mark.parametrize(
    ("svg", "size"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">', (200.0, 50.0)),
        ('<?xml version="1.0"?>\n<svg viewBox="0 0 640 480">', (640.0, 480.0)),
        ('<svg width="2in" height="1cm" viewBox="0 0 9 9">', (192.0, 96 / 2.54)),
        ("<svg width='1e9' height='1e9'>", (1e9, 1e9)),
        ("<svg>", None),
        ("not an image", None),
    ],
)
def test_the_declared_size_of_svgs(svg: str, size: tuple[float, float] | None) -> None:
    assert declared_size(svg.encode()) == (pytest.approx(size) if size else None)


def test_caps_on_either_side_and_in_all() -> None:
    assert too_large((1000, 1000)) == ""
    assert too_large(None) == ""
    assert "16,384 pixels a side" in too_large((MAX_SIDE + 1, 1))
    assert "40 million in all" in too_large((8000, 8000))
    assert "100,000 × 100,000 pixels" in too_large(declared_size(png_header(100_000, 100_000)))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("huge.png", png_header(100_000, 100_000) + b"\0" * 64),
        ("huge.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="90000" height="90000"/>'),
    ],
)
def test_a_logo_declaring_an_enormous_image_is_refused_before_decoding(
    tmp_path: Path, name: str, data: bytes
) -> None:
    trust = copy_example(tmp_path / "trust")
    (trust / "templates" / "assets" / name).write_bytes(data)
    publication = trust / "strategy" / "publication.yaml"
    text = publication.read_text(encoding="utf-8")
    assert "logo: templates/assets/logo.svg" in text
    publication.write_text(text.replace("logo.svg", name), encoding="utf-8")
    line = text[: text.index("logo: templates")].count("\n") + 1
    done = lws("build", "--format", "pdf,docx", "board", cwd=trust, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"strategy/publication.yaml:{line}:9: error: brand.logo: logo file " in done.stderr
    assert "pixels; lws takes images of at most 16,384 pixels a side" in done.stderr
    assert "use a smaller image" in done.stderr
    assert not (trust / "build" / "board.pdf").exists()
