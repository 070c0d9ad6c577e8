"""The web explorer: search, neighbours, analogies, Word2viz axes, strips and maps.

Needs the ``firth[web]`` extra (FastAPI and uvicorn). :func:`serve` starts it on
``127.0.0.1`` unless told otherwise; :func:`create_app` gives the ASGI application (its
JSON API is documented by OpenAPI at ``/docs`` and ``/openapi.json``).
"""

from __future__ import annotations

from firth.web.serve import serve

__all__ = ["serve"]
