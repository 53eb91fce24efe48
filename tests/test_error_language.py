"""Error answers speak the reader's language: Werkzeug's built-in English descriptions are not
shown on a Bokmål page, and API problems name the kind of content in the language asked for."""

import pytest


@pytest.mark.parametrize(("lang", "expected", "absent"), [
    ("nb", "Denne adressen tar ikke imot den typen forespørsel (DELETE).",
     "The method is not allowed"),
    ("en", "This address does not accept that kind of request (DELETE).",
     "The method is not allowed"),
])
def test_the_405_page_describes_the_error_in_the_page_language(client, lang, expected, absent):
    client.get(f"/?lang={lang}")
    response = client.delete("/")
    text = response.get_data(as_text=True)
    assert response.status_code == 405
    assert expected in text and absent not in text


def test_the_api_405_problem_follows_accept_language(client):
    response = client.delete("/api/v1/observations", headers={"Accept-Language": "nb"})
    assert response.status_code == 405
    assert response.get_json()["detail"] == \
        "Denne adressen tar ikke imot den typen forespørsel (DELETE)."


def test_a_view_s_own_description_is_kept(client):
    """A NUL byte is refused with a message of its own, not the generic 400 text."""
    client.get("/?lang=en")
    assert "NUL character" in client.get("/observations?stay_type=%00").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", "Fant ingen observasjon OBS-9999 som du har tilgang til."),
    ("en", "No observation OBS-9999 that you may read."),
])
def test_the_api_404_names_the_kind_in_the_language_asked_for(client, lang, expected):
    response = client.get("/api/v1/observations/OBS-9999", headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert response.get_json()["detail"] == expected


@pytest.mark.parametrize(("path", "word"), [("/api/v1/insights/INS-99", "innsikt"),
                                            ("/api/v1/personas/PER-99", "persona"),
                                            ("/api/v1/journeys/JRN-99", "brukerreise")])
def test_every_kind_has_a_bokmal_name_in_the_404(client, path, word):
    detail = client.get(path, headers={"Accept-Language": "nb"}).get_json()["detail"]
    assert f"Fant ingen {word} " in detail
