"""Client input that used to reach the database and answer 500: NUL bytes and page numbers
beyond any list. Each is now a 4xx (or an empty page), on SQLite and PostgreSQL alike."""

import pytest

from tests.conftest import PASSWORD

HUGE = "9223372036854775807"


@pytest.mark.parametrize(("path", "status"), [(f"/observations?page={HUGE}", 404),
                                              (f"/api/v1/observations?page={HUGE}", 422)])
def test_a_huge_page_number_is_refused_not_a_server_error(client, factory, path, status):
    factory.observation(visibility="public")
    assert client.get(path).status_code == status


def test_a_huge_page_number_in_the_audit_log_is_refused(client, login_as):
    login_as("admin")
    assert client.get(f"/admin/audit?page={HUGE}").status_code == 404


def test_a_page_past_the_end_is_empty(client, factory):
    factory.observation(visibility="public")
    response = client.get("/api/v1/observations?page=500")
    assert response.status_code == 200
    assert response.json["items"] == [] and response.json["total"] == 1


def test_the_observation_list_still_pages(client, factory):
    refs = [factory.observation(visibility="public") for _ in range(3)]
    first = client.get("/api/v1/observations?page=1&page_size=2").json
    second = client.get("/api/v1/observations?page=2&page_size=2").json
    listed = [o["ref"] for o in first["items"] + second["items"]]
    assert sorted(listed) == sorted(refs) and first["total"] == 3


@pytest.mark.parametrize("path", ["/observations/OBS%00", "/observations?stay_type=%00",
                                  "/api/v1/observations/OBS%00",
                                  "/api/v1/observations?theme=a%00b", "/search?q=%00"])
def test_a_nul_byte_in_the_address_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400


def test_a_nul_byte_in_the_login_form_is_a_bad_request(client, factory):
    _, email = factory.user("supplier")
    response = client.post("/auth/login", data={"email": email + "\x00", "password": PASSWORD})
    assert response.status_code == 400


def test_a_nul_byte_in_a_bearer_token_is_a_bad_request(client):
    response = client.get("/api/v1/observations",
                          headers={"Authorization": "Bearer ins_\x00abc"})
    assert response.status_code == 400
