"""Allow ``python -m lws``."""

from lws.cli import main

raise SystemExit(main())
