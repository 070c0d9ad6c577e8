"""The web explorer's application: a JSON API (OpenAPI at ``/docs``) and its page.

The page and its script are package files served from memory; nothing else is served
(no directory listing, no file outside the package, no CDN: the explorer works offline).
Requests are bounded: a body over ``MAX_BODY_BYTES`` is refused with status 413, and the
queries themselves are checked by :class:`~firth.web.service.Explorer`.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from firth.embeddings import Embeddings
from firth.errors import ConfigError, FirthError, UnknownWordError
from firth.web.service import MAX_K, MAX_WORD_CHARS, MAX_WORDS, Explorer

__all__ = ["MAX_BODY_BYTES", "create_app"]

MAX_BODY_BYTES = 64 * 1024
_ASSETS = {"app.js": "text/javascript", "style.css": "text/css"}

#: A word in a query string.
Word = Annotated[str, Query(min_length=1, max_length=MAX_WORD_CHARS)]


class Scored(BaseModel):
    word: str
    score: float


class Point(BaseModel):
    word: str
    x: float
    y: float | None = None


class MapPoint(BaseModel):
    word: str
    x: float
    y: float
    score: float


class Info(BaseModel):
    words: int
    dim: int
    method: str | None
    examples: list[str]


class WordsRequest(BaseModel):
    words: list[str] = Field(min_length=1, max_length=MAX_WORDS)


class ProjectRequest(WordsRequest):
    x: str | list[str] = Field(description="One word, or a pair [from, to].")
    y: str | list[str] | None = Field(default=None, description="Optional second axis.")


class Vectors(BaseModel):
    words: list[str]
    vectors: list[list[float]]
    limit: float


class _BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes (413)."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        seen = 0

        async def bounded() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, bounded, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Any, limit: int) -> None:
    body = b'{"detail": "request body over %d bytes; send fewer words."}' % limit
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json")]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def create_app(embeddings: Embeddings, *, title: str = "firth explorer") -> FastAPI:
    """The explorer for ``embeddings``: page at ``/``, JSON API under ``/api``.

    Examples
    --------
    >>> from fastapi.testclient import TestClient
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["king", "queen", "apple"]), [[1, 0.1], [0.9, 0.2], [0, 1]])
    >>> client = TestClient(create_app(emb))
    >>> client.get("/api/neighbours", params={"word": "king", "k": 1}).json()
    [{'word': 'queen', 'score': 0.9929}]
    >>> client.get("/api/neighbours", params={"word": "kong"}).status_code
    404
    """
    explorer = Explorer(embeddings)
    page = (resources.files("firth.web") / "static" / "index.html").read_text("utf-8")
    assets = {
        name: (resources.files("firth.web") / "static" / name).read_bytes() for name in _ASSETS
    }
    app = FastAPI(title=title, description="Nearest neighbours, analogies and projections "
                  "of one set of word vectors.", version="1")  # fmt: skip

    @app.exception_handler(UnknownWordError)
    async def unknown(request: Request, error: UnknownWordError) -> JSONResponse:
        return JSONResponse({"detail": str(error), "unknown": error.missing}, status_code=404)

    @app.exception_handler(ConfigError)
    async def invalid(request: Request, error: ConfigError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(FirthError)
    async def failed(request: Request, error: FirthError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> str:
        return page

    @app.get("/static/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return Response(assets[name], media_type=_ASSETS[name])

    @app.get("/api/info", response_model=Info)
    def info() -> dict[str, Any]:
        """How many words, their dimension and the method that made them."""
        return explorer.info()

    @app.get("/api/complete", response_model=list[str])
    def complete(
        prefix: Annotated[str, Query(max_length=MAX_WORD_CHARS)] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
    ) -> list[str]:
        """Words starting with ``prefix`` (any case), most frequent first."""
        return explorer.complete(prefix, limit)

    @app.get("/api/neighbours", response_model=list[Scored])
    def neighbours(word: Word, k: Annotated[int, Query(ge=1, le=MAX_K)] = 10) -> list[Any]:
        """The ``k`` nearest words by cosine similarity. Unknown words: 404 with suggestions."""
        return explorer.neighbours(word, k)

    @app.get("/api/analogy", response_model=list[Scored])
    def analogy(
        a: Word, b: Word, c: Word, k: Annotated[int, Query(ge=1, le=MAX_K)] = 5
    ) -> list[Any]:
        """``a`` is to ``b`` as ``c`` is to ? (3CosAdd; the three words are excluded)."""
        return explorer.analogy(a, b, c, k)

    @app.post("/api/project", response_model=list[Point])
    def project(request: ProjectRequest) -> list[dict[str, Any]]:
        """Word2viz: cosine of each word with the x axis (and y); a pair axis goes from->to."""
        return explorer.project(request.words, request.x, request.y)

    @app.post("/api/vectors", response_model=Vectors)
    def vectors(request: WordsRequest) -> dict[str, Any]:
        """The vectors of the words (for colour strips) and the largest absolute value."""
        return explorer.vectors(request.words)

    @app.get("/api/map", response_model=list[MapPoint])
    def neighbourhood(word: Word, k: Annotated[int, Query(ge=1, le=MAX_K)] = 30) -> list[Any]:
        """The word and its ``k`` neighbours on their first two principal axes."""
        return explorer.neighbourhood(word, k)

    app.add_middleware(_BodyLimit, limit=MAX_BODY_BYTES)
    return app
