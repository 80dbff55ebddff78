"""Subcommands of the lws command line, one module each: ``add_parser`` and ``run``."""
