"""Test images made in code: a small, valid, solid-colour PNG."""

from __future__ import annotations

import struct
import zlib


def solid_png(width: int, height: int, rgb: bytes = b"\xc0\x40\x40") -> bytes:
    """A ``width`` × ``height`` PNG of one colour."""
    rows = b"".join(b"\x00" + rgb * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
