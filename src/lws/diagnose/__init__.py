"""The guide's diagnostic: evidence vocabulary, criteria, health checks, reports, `lws check`."""
