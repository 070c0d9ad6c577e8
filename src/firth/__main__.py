"""``python -m firth``: the same as the ``firth`` command."""

from firth.cli import main

main()
