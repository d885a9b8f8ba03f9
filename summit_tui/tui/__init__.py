"""The Textual face. Importing this package must stay cheap: ``render`` is
shared with the CLI and imports only Rich."""
