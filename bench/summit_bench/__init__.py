"""The summit-tui benchmark harness (run it with ``make bench`` or
``.venv/bin/python bench/run.py``); see bench/README.md."""
