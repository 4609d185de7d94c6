"""The rule-pack toolchain behind `recommender rules …`: validate, lint, test, coverage.

Imported only by those commands, so `recommend` never pays for YAML or jsonschema.
"""
