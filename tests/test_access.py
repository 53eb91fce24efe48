"""Every route × every role: who gets through, who is sent to log in, who gets 403."""

import pytest

ROLES = ["anonymous", "supplier", "staff", "admin"]
RANK = {role: i for i, role in enumerate(ROLES)}

# endpoint → (method, path, least role that may use it)
ROUTES = {
    "web.index": ("GET", "/", "anonymous"),
    "web.set_language": ("POST", "/language/en", "anonymous"),
    "web.observations": ("GET", "/observations", "anonymous"),
    "web.observation": ("GET", "/observations/{ref}", "anonymous"),
    "web.insights": ("GET", "/insights", "anonymous"),
    "web.insight": ("GET", "/insights/NONE", "anonymous"),
    "web.personas": ("GET", "/personas", "anonymous"),
    "web.persona": ("GET", "/personas/NONE", "anonymous"),
    "web.journeys": ("GET", "/journeys", "anonymous"),
    "web.journey": ("GET", "/journeys/NONE", "anonymous"),
    "web.answered_questions": ("GET", "/questions", "supplier"),
    "auth.login": ("GET", "/auth/login", "anonymous"),
    "auth.logout": ("POST", "/auth/logout", "anonymous"),
    "auth.register": ("GET", "/auth/register", "anonymous"),
    "auth.password": ("GET", "/auth/password", "supplier"),
    "staff.workspace": ("GET", "/staff/", "staff"),
    "staff.new_observation": ("GET", "/staff/observations/new", "staff"),
    "staff.edit_observation": ("GET", "/staff/observations/{id}", "staff"),
    "staff.change_status": ("POST", "/staff/observations/{id}/archive", "staff"),
    "admin.users": ("GET", "/admin/users", "admin"),
    "admin.user_action": ("POST", "/admin/users/{user_id}/approve", "admin"),
    "api_observations.ObservationList": ("GET", "/api/v1/observations", "anonymous"),
    "api_observations.ObservationItem": ("GET", "/api/v1/observations/{ref}", "anonymous"),
    "api-docs.openapi_json": ("GET", "/api/v1/openapi.json", "anonymous"),
    "static": ("GET", "/static/innsikt.css", "anonymous"),
}


def test_every_route_is_in_the_access_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints == set(ROUTES), "add each new route with the least role that may use it"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_route_lets_in_exactly_the_roles_it_should(endpoint, role, client, factory, login_as):
    method, path, least_role = ROUTES[endpoint]
    ref = factory.observation(status="published", visibility="public")
    target_id, _ = factory.user("supplier")
    with client.application.app_context():
        from insight.services import reading

        observation_id = reading.observation(None, ref).id
    login_as(role)
    url = path.format(ref=ref, id=observation_id, user_id=target_id)
    response = client.open(url, method=method)

    if RANK[role] >= RANK[least_role]:
        assert response.status_code not in (401, 403), f"{role} refused at {url}"
        assert not (response.status_code == 302 and "/auth/login" in response.location)
    elif role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.location
    else:
        assert response.status_code == 403
