"""The strategy as data: the safe YAML loader, the project, schemas, validation, references,
and the typed domain model every later stage reads (:mod:`lws.model.domain`)."""
