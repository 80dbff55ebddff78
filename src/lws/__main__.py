"""Allow ``python -m lws``."""

from lws.cli.main import main

raise SystemExit(main())
