"""The explorer's JSON API, through the ASGI app (no network)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import firth
from firth.web.app import MAX_BODY_BYTES, create_app
from firth.web.service import MAX_K, MAX_WORDS


@pytest.fixture(scope="module")
def client(royal_model: Path) -> TestClient:
    return TestClient(create_app(firth.load(royal_model)))


def test_neighbours_and_analogy_answer_from_the_model(client: TestClient) -> None:
    emb_words = client.get("/api/neighbours", params={"word": "king", "k": 5}).json()
    assert len(emb_words) == 5
    assert all(set(n) == {"word", "score"} for n in emb_words)
    assert [n["score"] for n in emb_words] == sorted((n["score"] for n in emb_words), reverse=True)
    answer = client.get("/api/analogy", params={"a": "man", "b": "king", "c": "woman"}).json()
    assert answer[0]["word"] == "queen"
    assert client.get("/api/info").json()["words"] == 116


def test_completion_is_by_prefix_and_frequency(client: TestClient) -> None:
    words = client.get("/api/complete", params={"prefix": "PRIN", "limit": 5}).json()
    assert sorted(words) == ["prince", "princess"]
    assert client.get("/api/complete", params={"prefix": "zzz"}).json() == []


def test_projection_vectors_and_map(client: TestClient) -> None:
    words = ["king", "queen", "boy", "girl"]
    points = client.post("/api/project", json={"words": words, "x": ["man", "woman"]}).json()
    assert [p["word"] for p in points] == words
    by_word = {p["word"]: p["x"] for p in points}
    assert by_word["queen"] > by_word["king"]
    assert by_word["girl"] > by_word["boy"]
    plane = client.post("/api/project", json={"words": words, "x": ["man", "woman"],
                                              "y": "king"}).json()  # fmt: skip
    assert all(p["y"] is not None for p in plane)
    vectors = client.post("/api/vectors", json={"words": ["king", "queen"]}).json()
    assert len(vectors["vectors"]) == 2
    assert len(vectors["vectors"][0]) == 24
    assert vectors["limit"] == pytest.approx(max(abs(v) for row in vectors["vectors"] for v in row),
                                             rel=1e-4)  # fmt: skip
    neighbourhood = client.get("/api/map", params={"word": "king", "k": 10}).json()
    assert neighbourhood[0]["word"] == "king"
    assert len(neighbourhood) == 11


def test_unknown_words_get_suggestions(client: TestClient) -> None:
    response = client.get("/api/neighbours", params={"word": "kingg"})
    assert response.status_code == 404
    body = response.json()
    assert "kingg" in body["detail"]
    assert "king" in body["unknown"]["kingg"]
    response = client.get("/api/analogy", params={"a": "mann", "b": "king", "c": "womann"})
    assert set(response.json()["unknown"]) == {"mann", "womann"}


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        ("get", "/api/neighbours", {"params": {"word": "king", "k": MAX_K + 1}}, 422),
        ("get", "/api/neighbours", {"params": {"word": "x" * 101}}, 422),
        ("get", "/api/neighbours", {"params": {}}, 422),
        ("post", "/api/vectors", {"json": {"words": ["king"] * (MAX_WORDS + 1)}}, 422),
        ("post", "/api/project", {"json": {"words": ["king"], "x": ["a", "b", "c"]}}, 422),
        (
            "post",
            "/api/vectors",
            {
                "content": b"[" * (MAX_BODY_BYTES + 1),
                "headers": {"content-type": "application/json"},
            },
            413,
        ),
        ("get", "/static/../../pyproject.toml", {}, 404),
        ("get", "/static/index.html.bak", {}, 404),
        ("get", "/etc/passwd", {}, 404),
    ],
)
def test_bad_requests_are_refused(
    client: TestClient, method: str, path: str, kwargs: dict, status: int
) -> None:
    assert getattr(client, method)(path, **kwargs).status_code == status


def test_page_assets_and_openapi(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "firth explorer" in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # nothing from elsewhere
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    schema = client.get("/openapi.json").json()
    assert {"/api/neighbours", "/api/analogy", "/api/project", "/api/map"} <= set(schema["paths"])
