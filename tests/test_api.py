"""REST API v1: bearer tokens, visibility and errors as JSON."""

from datetime import timedelta

from insight.extensions import db
from insight.models import ApiToken
from insight.models.base import utcnow
from insight.services import accounts, tokens


def token_for(app, role: str, email: str, scopes: str = "read") -> str:
    with app.app_context():
        user = accounts.create_user(email, "et-langt-passord", role)
        _, raw = tokens.create_token(user, "test", scopes)
        db.session.commit()
        return raw


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_anonymous_callers_see_public_observations_only(client, factory):
    public = factory.observation(visibility="public")
    factory.observation(visibility="suppliers")
    body = client.get("/api/v1/observations").get_json()
    assert [item["ref"] for item in body["items"]] == [public]
    assert body["total"] == 1


def test_a_supplier_token_sees_supplier_content(app, client, factory):
    factory.observation(visibility="public")
    factory.observation(visibility="suppliers")
    factory.observation(visibility="internal")
    raw = token_for(app, "supplier", "lev@firma.no")
    body = client.get("/api/v1/observations", headers=bearer(raw)).get_json()
    assert body["total"] == 2


def test_an_observation_has_the_fields_of_the_file_format(client, factory):
    ref = factory.observation(visibility="public", themes=["fall", "mobilitet"])
    body = client.get(f"/api/v1/observations/{ref}").get_json()
    assert body["ref"] == ref and sorted(body["themes"]) == ["fall", "mobilitet"]
    assert set(body) >= {"title", "text", "source", "stay_type", "journey_stage", "actor",
                         "month", "age_band", "unit", "status", "visibility"}


def test_an_unknown_token_is_refused_with_401_json(client):
    response = client.get("/api/v1/observations", headers=bearer("ins_nope"))
    assert response.status_code == 401
    assert response.get_json()["error"]["status"] == 401


def test_an_expired_token_is_refused(app, client):
    raw = token_for(app, "supplier", "lev@firma.no")
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        token.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 401


def test_a_revoked_token_is_refused(app, client):
    raw = token_for(app, "supplier", "lev@firma.no")
    with app.app_context():
        token = db.session.scalar(db.select(ApiToken))
        tokens.revoke(token, token.user)
        db.session.commit()
    assert client.get("/api/v1/observations", headers=bearer(raw)).status_code == 401


def test_using_a_token_records_when(app, client):
    raw = token_for(app, "supplier", "lev@firma.no")
    client.get("/api/v1/observations", headers=bearer(raw))
    with app.app_context():
        assert db.session.scalar(db.select(ApiToken)).last_used_at is not None


def test_a_browser_session_does_not_authenticate_the_api(client, factory, login_as):
    factory.observation(visibility="suppliers")
    login_as("supplier")
    assert client.get("/api/v1/observations").get_json()["total"] == 0


def test_a_bad_query_parameter_is_a_422_with_a_message(client):
    response = client.get("/api/v1/observations?page_size=1000")
    assert response.status_code == 422
    assert "page_size" in str(response.get_json())


def test_an_unknown_ref_is_a_404_json(client):
    response = client.get("/api/v1/observations/OBS-9999")
    assert response.status_code == 404
    assert response.get_json()["error"]["type"] == "NotFound"


def test_the_openapi_document_describes_the_observations(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/observations" in spec["paths"]
