"""Tools for authors: init, JSON Schema and reference, diff, git revisions, import, watch."""
