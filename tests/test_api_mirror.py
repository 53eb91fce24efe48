"""A client mirrors the repository through the API: lists with updated_since, then the change
feed; a withdrawn item disappears from the mirror, and a second run transfers nothing."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from insight.extensions import db
from insight.services import accounts, publishing, reading
from tests.test_api_contract import auth, build_world, token

KINDS = {"observation": "observations", "insight": "insights", "persona": "personas",
         "journey": "journeys", "question": "questions"}


class Mirror:
    """What an integrator keeps: items by (kind, ref), a high-water mark, a feed cursor."""

    def __init__(self, client, headers: dict) -> None:
        self.client = client
        self.headers = headers
        self.items: dict[tuple[str, str], dict] = {}
        self.since: dict[str, str] = {}
        self.cursor = 0
        self.transferred = 0

    def sync(self) -> None:
        self.transferred = 0
        for kind, path in KINDS.items():
            params = {"page_size": 2, "sort": "updated_at"}
            if kind in self.since:
                params["updated_since"] = self.since[kind]
            url: str | None = f"/api/v1/{path}?{urlencode(params)}"
            while url:
                response = self.client.get(url, headers=self.headers)
                assert response.status_code == 200, response.get_json()
                for item in response.get_json()["items"]:
                    self.items[(kind, item["ref"])] = item
                    self.since[kind] = max(self.since.get(kind, ""), item["updated_at"])
                    self.transferred += 1
                url = _next(response.headers.get("Link", ""))
        while True:
            body = self.client.get("/api/v1/changes", query_string={"cursor": self.cursor},
                                   headers=self.headers).get_json()
            for change in body["items"]:
                self.transferred += 1
                if change["action"] == "withdrawn" or not change["visible"]:
                    self.items.pop((change["kind"], change["ref"]), None)
            self.cursor = body["next_cursor"]
            if not body["has_more"]:
                break


def _next(link: str) -> str | None:
    for part in link.split(","):
        if 'rel="next"' in part:
            target = urlsplit(part.split(";")[0].strip()[1:-1])
            return f"{target.path}?{target.query}"
    return None


def test_a_mirror_follows_the_repository_and_deletes_what_is_withdrawn(app, client):
    world = build_world(app)
    mirror = Mirror(client, auth(token(app, "supplier")))
    mirror.sync()
    assert {("insight", world.insight), ("persona", world.persona),
            ("journey", world.journey), ("observation", world.observation),
            ("question", world.answered)} <= set(mirror.items)
    assert ("observation", world.internal_observation) not in mirror.items
    assert ("insight", world.draft_insight) not in mirror.items

    mirror.sync()
    assert mirror.transferred == 0

    with app.app_context():
        staff = accounts.find_by_email("forfatter@kommune.no")
        publishing.unpublish(reading.persona(staff, world.persona), staff)
        db.session.commit()
    mirror.sync()
    assert ("persona", world.persona) not in mirror.items
    assert ("insight", world.insight) in mirror.items

    mirror.sync()
    assert mirror.transferred == 0
