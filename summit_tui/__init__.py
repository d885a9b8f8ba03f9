"""summit-tui: read, search and compare how news outlets report the same event."""

__version__ = "0.1.0"
