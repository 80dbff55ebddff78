"""lws: a local children's workforce strategy kept as code."""

__version__ = "0.1.0"
