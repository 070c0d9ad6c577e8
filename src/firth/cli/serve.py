"""``firth serve``: the web explorer for a model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from firth.cli.common import err, friendly_errors


def serve_command(
    model: Annotated[Path, typer.Argument(help="A model folder or vectors file (firth.load).")],
    host: Annotated[
        str, typer.Option(help="Interface to bind; other machines can reach 0.0.0.0.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Explore MODEL in a browser: neighbours, analogies, custom axes, strips and maps.

    Needs the firth[web] extra. The JSON API is documented at /docs.
    """
    from firth.web import serve

    with friendly_errors():
        err.print(f"firth explorer on http://{host}:{port}/ (Ctrl-C to stop)")
        serve(model, host=host, port=port)
