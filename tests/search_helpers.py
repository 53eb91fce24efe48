"""What the search-language tests share: ask the API, read the refs, add a public observation."""

from __future__ import annotations


def search(client, **params) -> dict:
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def refs(client, q: str) -> list[str]:
    return [item["ref"] for item in search(client, q=q)["items"]]


def public(factory, text: str, **fields) -> str:
    return factory.observation(visibility="public", text=text, **fields)
