"""Every route × every role: who gets through, who is sent to log in, who gets 403."""

import pytest

ROLES = ["anonymous", "supplier", "staff", "admin"]
RANK = {role: i for i, role in enumerate(ROLES)}

# endpoint → (method, path, least role that may use it). "token" means an API call that a
# browser session can never make: only a bearer token gets through (tests/test_api.py).
# A set names exactly the roles that may use it (only suppliers ask questions).
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
    "pictures.journey_map_download": ("GET", "/journeys/NONE/map.svg", "anonymous"),
    "pictures.statistics_page": ("GET", "/statistics", "anonymous"),
    "changes.change_log": ("GET", "/changes", "anonymous"),
    "changes.change_feed": ("GET", "/changes.atom", "anonymous"),
    "site_admin.settings": ("GET", "/admin/settings", "admin"),
    "web.answered_questions": ("GET", "/questions", "supplier"),
    "web.ask_question": ("GET", "/questions/ask", {"supplier"}),
    "staff.questions_to_answer": ("GET", "/staff/questions", "staff"),
    "staff.answer_question": ("POST", "/staff/questions/999/answer", "staff"),
    "auth.login": ("GET", "/auth/login", "anonymous"),
    "auth.logout": ("POST", "/auth/logout", "anonymous"),
    "auth.register": ("GET", "/auth/register", "anonymous"),
    "auth.password": ("GET", "/auth/password", "supplier"),
    "staff.workspace": ("GET", "/staff/", "staff"),
    "staff.new_observation": ("GET", "/staff/observations/new", "staff"),
    "staff.edit_observation": ("GET", "/staff/observations/{id}", "staff"),
    "staff.change_status": ("POST", "/staff/observations/{id}/archive", "staff"),
    "synthesis.new_insight": ("GET", "/staff/insights/new", "staff"),
    "synthesis.edit_insight": ("GET", "/staff/insights/1", "staff"),
    "synthesis.new_persona": ("GET", "/staff/personas/new", "staff"),
    "synthesis.edit_persona": ("GET", "/staff/personas/1", "staff"),
    "synthesis.new_journey": ("GET", "/staff/journeys/new", "staff"),
    "synthesis.edit_journey": ("GET", "/staff/journeys/1", "staff"),
    "synthesis.new_step": ("GET", "/staff/journeys/1/steps/new", "staff"),
    "synthesis.edit_step": ("GET", "/staff/journeys/1/steps/1", "staff"),
    "synthesis.move_step": ("POST", "/staff/journeys/1/steps/1/move/up", "staff"),
    "synthesis.delete_step": ("POST", "/staff/journeys/1/steps/1/delete", "staff"),
    "synthesis.change_status": ("POST", "/staff/insights/1/archive", "staff"),
    "admin.users": ("GET", "/admin/users", "admin"),
    "admin.user_action": ("POST", "/admin/users/{user_id}/approve", "admin"),
    "admin.audit_log": ("GET", "/admin/audit", "admin"),
    "admin.audit_csv": ("GET", "/admin/audit.csv", "admin"),
    "staff.history": ("GET", "/staff/history/observation/{ref}", "staff"),
    "staff.privacy_check": ("GET", "/staff/privacy-check", "staff"),
    "imports.upload": ("GET", "/staff/import/", "staff"),
    "imports.preview": ("GET", "/staff/import/abcdefghijklmnopqrstuvwx", "staff"),
    "imports.start": ("POST", "/staff/import/abcdefghijklmnopqrstuvwx", "staff"),
    "imports.progress": ("GET", "/staff/import/abcdefghijklmnopqrstuvwx/progress", "staff"),
    "imports.record": ("GET", "/staff/import/records/1", "staff"),
    "api_observations.ObservationList": ("GET", "/api/v1/observations", "anonymous"),
    "api_observations.ObservationItem": ("GET", "/api/v1/observations/{ref}", "anonymous"),
    "search.search": ("GET", "/search?q=informasjon", "anonymous"),
    "search_admin.index": ("GET", "/admin/search", "admin"),
    "search_admin.index_action": ("POST", "/admin/search/sync", "admin"),
    "search_admin.thesaurus_rules": ("GET", "/admin/thesaurus", "admin"),
    "search_admin.edit_rule": ("GET", "/admin/thesaurus/1", "admin"),
    "search_admin.delete_rule": ("POST", "/admin/thesaurus/1/delete", "admin"),
    "search_admin.reset_thesaurus": ("POST", "/admin/thesaurus/reset", "admin"),
    "api_search.Search": ("GET", "/api/v1/search?q=informasjon", "anonymous"),
    "api-docs.openapi_json": ("GET", "/api/v1/openapi.json", "anonymous"),
    "api_privacy.Screen": ("POST", "/api/v1/privacy/screen", "token"),
    "api_observations.review": ("POST", "/api/v1/observations/{ref}/review", "token"),
    "api_observations.publish": ("POST", "/api/v1/observations/{ref}/publish", "token"),
    "api_insights.InsightList": ("GET", "/api/v1/insights", "anonymous"),
    "api_insights.InsightItem": ("GET", "/api/v1/insights/{ref}", "anonymous"),
    "api_insights.review": ("POST", "/api/v1/insights/{ref}/review", "token"),
    "api_insights.publish": ("POST", "/api/v1/insights/{ref}/publish", "token"),
    "api_personas.PersonaList": ("GET", "/api/v1/personas", "anonymous"),
    "api_personas.PersonaItem": ("GET", "/api/v1/personas/{ref}", "anonymous"),
    "api_personas.review": ("POST", "/api/v1/personas/{ref}/review", "token"),
    "api_personas.publish": ("POST", "/api/v1/personas/{ref}/publish", "token"),
    "api_journeys.JourneyList": ("GET", "/api/v1/journeys", "anonymous"),
    "api_journeys.JourneyItem": ("GET", "/api/v1/journeys/{ref}", "anonymous"),
    "api_journeys.StepList": ("POST", "/api/v1/journeys/{ref}/steps", "token"),
    "api_journeys.StepItem": ("GET", "/api/v1/journeys/{ref}/steps/1", "anonymous"),
    "api_journeys.review": ("POST", "/api/v1/journeys/{ref}/review", "token"),
    "api_journeys.publish": ("POST", "/api/v1/journeys/{ref}/publish", "token"),
    "api_questions.QuestionList": ("GET", "/api/v1/questions", "token"),
    "api_questions.QuestionItem": ("GET", "/api/v1/questions/{ref}", "token"),
    "api_questions.QuestionAnswer": ("POST", "/api/v1/questions/{ref}/answer", "token"),
    "api_reference.Vocabularies": ("GET", "/api/v1/vocabularies", "anonymous"),
    "api_reference.Vocabulary": ("GET", "/api/v1/vocabularies/theme", "anonymous"),
    "api_reference.Statistics": ("GET", "/api/v1/statistics", "anonymous"),
    "api_changes.Changes": ("GET", "/api/v1/changes", "anonymous"),
    "api_docs.docs": ("GET", "/api/v1/docs", "anonymous"),
    "api_docs.asset": ("GET", "/api/v1/docs/assets/swagger-ui.css", "anonymous"),
    "api_docs.start": ("GET", "/api/v1/docs/start.js", "anonymous"),
    "api_docs.guide": ("GET", "/api/v1/guide", "anonymous"),
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

    allowed = least_role if isinstance(least_role, set) else \
        {r for r in ROLES if least_role != "token" and RANK[r] >= RANK[least_role]}
    if least_role == "token":
        assert response.status_code == 401
    elif role in allowed:
        assert response.status_code not in (401, 403), f"{role} refused at {url}"
        assert not (response.status_code == 302 and "/auth/login" in response.location)
    elif role == "anonymous":
        assert response.status_code == 302 and "/auth/login" in response.location
    else:
        assert response.status_code == 403
