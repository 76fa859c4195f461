"""make-publication: a European project's publications from one source of truth in YAML and spreadsheets."""

__version__ = "0.2.0"  # the release CHANGELOG.md describes last; pyproject.toml reads it from here
