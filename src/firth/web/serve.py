"""Start the explorer with uvicorn."""

from __future__ import annotations

import logging
import os

from firth.errors import ConfigError, MissingExtraError

__all__ = ["serve"]

logger = logging.getLogger(__name__)


def serve(model: str | os.PathLike[str], *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the explorer for ``model`` (anything :func:`firth.load` reads) until Ctrl-C.

    The model is opened once (memory-mapped when it is a native folder); requests never
    load it again. Binds ``127.0.0.1`` unless ``host`` says otherwise.

    Raises
    ------
    ConfigError
        ``model`` does not exist, or ``port`` is out of range.
    MissingExtraError
        The ``firth[web]`` extra is not installed.
    """
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise ConfigError(f"port must be an integer from 0 to 65535; got {port!r}.")
    if not os.path.exists(model):
        raise ConfigError(
            f"{os.fspath(model)!r} does not exist; give a model folder or a vectors file."
        )
    try:
        import uvicorn

        from firth.web.app import create_app
    except ImportError as error:
        raise MissingExtraError(
            f"the web explorer needs FastAPI and uvicorn ({error.name} is missing): "
            "pip install 'firth[web]'."
        ) from None
    from firth.embeddings import load

    app = create_app(load(model), title=f"firth explorer: {os.fspath(model)}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        logger.warning("serving on %s: other machines can reach the explorer", host)
    uvicorn.run(app, host=host, port=port, log_level="warning")
