"""The language switch: German or English, kept with the account, else the browser's wish."""

from __future__ import annotations

from evaluator.accounts.models import Role, User
from tests.support.factories import PASSWORD, make_user


def test_a_visitor_gets_the_language_the_browser_asks_for(client) -> None:  # type: ignore[no-untyped-def]
    german = client.client.get("/lighthouses", headers={"Accept-Language": "de-DE,de;q=0.9"})
    english = client.client.get("/lighthouses", headers={"Accept-Language": "en-GB"})

    assert '<html lang="de">' in german.get_data(as_text=True)
    assert '<html lang="en">' in english.get_data(as_text=True)


def test_the_switch_is_kept_for_the_session_of_a_visitor(client) -> None:  # type: ignore[no-untyped-def]
    response = client.submit("/lighthouses", {"language": "de", "next": "/rounds"}, action="/language")

    assert response.status_code == 302 and response.headers["Location"] == "/rounds"
    page = client.client.get("/lighthouses", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_a_logged_in_person_keeps_the_choice_on_every_device(session, client, new_client) -> None:  # type: ignore[no-untyped-def]
    person = make_user(session, Role.COORDINATOR, email="cora@example.org")
    session.commit()
    client.login(person.email, PASSWORD)

    client.submit("/dashboard", {"language": "de"}, action="/language")

    session.expire_all()
    assert session.get(User, person.id).preferred_language == "de"
    other_device = new_client()
    other_device.login(person.email, PASSWORD)
    page = other_device.client.get("/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="de">' in page


def test_the_switch_refuses_unknown_languages_foreign_targets_and_missing_tokens(client) -> None:  # type: ignore[no-untyped-def]
    assert client.submit("/lighthouses", {"language": "fr"}, action="/language").status_code == 400
    response = client.submit("/lighthouses", {"language": "de", "next": "//evil.example"}, action="/language")
    assert response.headers["Location"] == "/lighthouses"
    assert client.client.post("/language", data={"language": "de"}).status_code == 400
