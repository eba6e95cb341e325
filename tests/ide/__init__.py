"""The schema in the tools users run: yaml-language-server, ajv and check-jsonschema."""
