"""The strategy as data: the safe YAML loader, the project, schemas, validation, references."""
