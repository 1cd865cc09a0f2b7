"""Coordinators use the nomination pages: the form, its rules, state changes and eligibility.

Integration tests through the web client, on SQLite and PostgreSQL: each request runs in an app
context of its own, so what one request wrote is read back with a fresh session.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from evaluator.core.clock import BERLIN
from evaluator.nominations.models import Attachment, Eligibility, Nomination, NominationState
from evaluator.orgunits.models import OrgUnit
from evaluator.rounds.models import Round, RoundPhase
from tests.nominations.conftest import (
    ADMIN,
    COORDINATOR,
    MINIMAL_PDF,
    PNG,
    SECOND_COORDINATOR,
    World,
    any_csrf_token,
    edit_page,
    form_data,
    hidden_value,
    logged_in,
    nomination_ids,
    only_nomination,
    pdf_of_size,
    stored_counts,
)
from tests.support.factories import make_initiative, make_nomination, make_round

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture()
def coordinator(client, world: World):  # type: ignore[no-untyped-def]
    return logged_in(client, COORDINATOR)


def _multipart(data: dict[str, Any], *files: tuple[bytes, str]) -> dict[str, Any]:
    return {**data, "attachments": [(io.BytesIO(content), name) for content, name in files]}


def _create(client, world: World, *files: tuple[bytes, str], **overrides: Any):  # type: ignore[no-untyped-def]
    """Post the new-nomination form as a browser does (multipart, with the page's CSRF token)."""
    return client.submit(
        "/nominations/new",
        _multipart(form_data(world, **overrides), *files),
        content_type="multipart/form-data",
    )


def _created_id(response) -> int:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.fullmatch(r"/nominations/(\d+)", response.headers["Location"])
    assert match, response.headers["Location"]
    return int(match.group(1))


def _save_edit(client, world: World, nomination_id: int, *files: tuple[bytes, str], **overrides: Any):  # type: ignore[no-untyped-def]
    hidden = edit_page(client, nomination_id)
    data = {**form_data(world, **overrides), **hidden}
    return client.post(
        f"/nominations/{nomination_id}/edit",
        data=_multipart(data, *files),
        content_type="multipart/form-data",
    )


def _button(client, nomination_id: int, action: str):  # type: ignore[no-untyped-def]
    """Press one of the state buttons of the nomination page (a POST with the CSRF token)."""
    return client.submit(f"/nominations/{nomination_id}", {}, action=f"/nominations/{nomination_id}/{action}")


def _value_of(html: str, field_id: str) -> str | None:
    match = re.search(rf'<input[^>]*id="{re.escape(field_id)}"[^>]*>', html)
    if not match:
        return None
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


# Creating, downloading, submitting


def test_a_complete_nomination_with_partners_a_contact_and_a_pdf_is_saved_in_one_post(
    coordinator, session, world: World
) -> None:
    response = _create(coordinator, world, (MINIMAL_PDF, "Letter of support.pdf"))

    nomination_id = _created_id(response)
    nomination = only_nomination(session)
    assert nomination.id == nomination_id
    assert nomination.state is NominationState.DRAFT
    assert nomination.round_id == world.round_id
    assert nomination.category_id == world.category_ids[1]
    assert nomination.org_unit_id == world.unit_id
    assert nomination.title == "Dresden–Trento Water Partnership"
    assert nomination.summary == "Joint research and exchange on alpine water resources."
    assert nomination.description == "Field sites and **doctoral supervision**, shared since 2015."
    assert [(p.institution, p.country) for p in nomination.partners] == [
        ("University of Trento", "Italy"),
        ("University of Innsbruck", "Austria"),
    ]
    assert [(c.name, c.role, c.email, c.phone) for c in nomination.contacts] == [
        ("Ada Example", "Professor of Hydrology", "ada@example.org", "+49 351 463-0")
    ]
    assert nomination.start_year == 2015
    assert (
        nomination.exchanged_students,
        nomination.exchanged_staff,
        nomination.joint_degree_programmes,
        nomination.joint_publications,
        nomination.joint_events,
    ) == (42, 7, 1, 23, 5)
    assert nomination.website == "https://water.example.org/"
    assert nomination.head_support_confirmed is True
    assert nomination.created_by_id == world.coordinator_id
    (attachment,) = nomination.attachments
    assert attachment.filename == "Letter of support.pdf"
    assert attachment.size_bytes == len(MINIMAL_PDF)

    page = coordinator.text(f"/nominations/{nomination_id}")
    assert "The draft has been saved." in page
    download_url = f"/nominations/{nomination_id}/attachments/{attachment.id}"
    assert f'href="{download_url}"' in page
    assert "<strong>doctoral supervision</strong>" in page  # the description as rendered Markdown

    download = coordinator.get(download_url)
    assert download.status_code == 200
    assert download.data == MINIMAL_PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Letter" in download.headers["Content-Disposition"]
    assert "no-store" in download.headers["Cache-Control"]


def test_an_attachment_is_offered_under_a_safe_name_and_never_shown_inline(
    coordinator, session, world: World
) -> None:
    nomination_id = _created_id(_create(coordinator, world, (MINIMAL_PDF, "../../Über\u202eblick.pdf")))
    attachment = session.scalars(sa.select(Attachment)).one()
    assert attachment.filename == "Überblick.pdf"

    download = coordinator.get(f"/nominations/{nomination_id}/attachments/{attachment.id}")

    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%C3%9Cberblick.pdf" in disposition
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_save_and_submit_submits_a_complete_nomination(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world, save=None, save_and_submit="Save and submit"))

    nomination = only_nomination(session)
    assert nomination.id == nomination_id
    assert nomination.state is NominationState.SUBMITTED
    assert nomination.submitted_at is not None
    assert "The nomination has been submitted." in coordinator.text(f"/nominations/{nomination_id}")


def test_the_buttons_submit_withdraw_and_return_to_draft(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world))

    steps = [
        ("submit", NominationState.SUBMITTED, "The nomination has been submitted.", "Submitted"),
        ("withdraw", NominationState.WITHDRAWN, "The nomination has been withdrawn.", "Withdrawn"),
        ("redraft", NominationState.DRAFT, "The nomination is a draft again.", "Draft"),
    ]
    for action, state, message, label in steps:
        response = _button(coordinator, nomination_id, action)
        assert response.status_code == 302
        assert response.headers["Location"] == f"/nominations/{nomination_id}"
        assert only_nomination(session).state is state
        page = coordinator.text(f"/nominations/{nomination_id}")
        assert message in page
        assert re.search(rf'id="nomination-state">{label}</span>', page)


def test_a_state_button_without_the_csrf_token_changes_nothing(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world))

    response = coordinator.post(f"/nominations/{nomination_id}/submit", data={})

    assert response.status_code == 400
    assert only_nomination(session).state is NominationState.DRAFT


def test_submitting_an_incomplete_draft_says_what_is_missing(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world, summary="", head_support_confirmed=None))

    page = coordinator.text(f"/nominations/{nomination_id}")
    assert "Write a public summary." in page  # listed on the page before anyone presses Submit
    _button(coordinator, nomination_id, "submit")

    page = coordinator.text(f"/nominations/{nomination_id}")
    assert "Complete the nomination first:" in page
    assert "Confirm that the head of the unit supports the nomination." in page
    assert only_nomination(session).state is NominationState.DRAFT


def test_editing_a_submitted_nomination_keeps_it_submitted(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world, save=None, save_and_submit="Save and submit"))
    assert 'value="Save changes"' in coordinator.text(f"/nominations/{nomination_id}/edit")

    response = _save_edit(coordinator, world, nomination_id, title="Dresden–Trento Water Alliance")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/nominations/{nomination_id}"
    nomination = only_nomination(session)
    assert nomination.title == "Dresden–Trento Water Alliance"
    assert nomination.state is NominationState.SUBMITTED
    assert "Your changes have been saved." in coordinator.text(f"/nominations/{nomination_id}")


def test_a_submitted_nomination_cannot_be_edited_into_an_incomplete_one(
    coordinator, session, world: World
) -> None:
    nomination_id = _created_id(_create(coordinator, world, save=None, save_and_submit="Save and submit"))

    response = _save_edit(
        coordinator,
        world,
        nomination_id,
        title="Still typed",
        **{"partners-0-institution": "", "partners-0-country": ""},
        **{"partners-1-institution": "", "partners-1-country": ""},
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="partners-error"' in html
    assert "Name at least one partner institution." in html
    assert _value_of(html, "title") == "Still typed"
    nomination = only_nomination(session)
    assert nomination.title == "Dresden–Trento Water Partnership"
    assert len(nomination.partners) == 2


def test_an_emptied_row_is_removed_on_save(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world))

    response = _save_edit(
        coordinator,
        world,
        nomination_id,
        **{"partners-0-institution": "", "partners-0-country": ""},
        **{"contacts-1-name": "Bo Second", "contacts-1-email": "bo@example.org"},
    )

    assert response.status_code == 302
    nomination = only_nomination(session)
    assert [(p.institution, p.country) for p in nomination.partners] == [
        ("University of Innsbruck", "Austria")
    ]
    assert [c.name for c in nomination.contacts] == ["Ada Example", "Bo Second"]


def test_a_renomination_starts_from_the_earlier_nomination(coordinator, session, world: World) -> None:
    earlier = make_round(session, 2021, phase=RoundPhase.PUBLISHED, categories=2)
    initiative = make_initiative(session, session.get(OrgUnit, world.unit_id), "Elbe–Vltava River Lab")
    previous = make_nomination(
        session,
        earlier,
        initiative,
        category=earlier.categories[1],
        partners=[("Charles University", "Czechia"), ("University of Vienna", "Austria")],
        summary="Rivers without borders.",
        start_year=2009,
        website="https://river.example.org/",
    )
    previous_id = previous.id
    session.commit()

    listing = coordinator.text("/nominations/")
    assert f'href="/nominations/new?renominate={initiative.id}"' in listing

    page = coordinator.get(f"/nominations/new?renominate={initiative.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Renominate “Elbe–Vltava River Lab”" in html
    assert _value_of(html, "title") == "Elbe–Vltava River Lab"
    assert _value_of(html, "partners-0-institution") == "Charles University"
    assert _value_of(html, "partners-0-country") == "Czechia"
    assert _value_of(html, "partners-1-institution") == "University of Vienna"
    assert _value_of(html, "partners-1-country") == "Austria"
    assert _value_of(html, "contacts-0-name") == "Contact Person"
    assert _value_of(html, "contacts-0-email") == "contact@example.org"
    assert _value_of(html, "start_year") == "2009"
    assert _value_of(html, "website") == "https://river.example.org/"
    assert "Rivers without borders." in html
    # The category of the same key in the running round is chosen.
    assert re.search(rf'<option selected value="{world.category_ids[1]}">', html)

    response = coordinator.submit(
        f"/nominations/new?renominate={initiative.id}",
        form_data(world, title="Elbe–Vltava River Lab"),
    )
    new_id = _created_id(response)
    session.expire_all()
    renomination = session.get(Nomination, new_id)
    assert renomination.initiative_id == initiative.id
    assert renomination.renomination_of_id == previous_id
    assert renomination.round_id == world.round_id


def test_the_add_a_partner_button_without_javascript_adds_a_row_and_saves_nothing(
    coordinator, session, world: World
) -> None:
    data = form_data(world, save=None, add_partner="Add a partner")
    del data["partners-1-institution"], data["partners-1-country"]

    response = coordinator.submit("/nominations/new", data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _value_of(html, "partners-0-institution") == "University of Trento"
    assert _value_of(html, "partners-1-institution") == ""
    assert _value_of(html, "partners-2-institution") is None
    assert _value_of(html, "title") == "Dresden–Trento Water Partnership"
    assert 'id="partners-0-country-error"' not in html  # an empty new row is no mistake
    assert nomination_ids(session) == []


def test_the_add_a_contact_button_without_javascript_adds_a_row_and_saves_nothing(
    coordinator, session, world: World
) -> None:
    response = coordinator.submit(
        "/nominations/new", form_data(world, save=None, add_contact="Add a contact")
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert _value_of(html, "contacts-0-name") == "Ada Example"
    assert _value_of(html, "contacts-1-name") == ""
    assert nomination_ids(session) == []


# Bad input: refused next to the field, typed input kept, nothing stored

NEXT_YEAR = str(datetime.now(BERLIN).year + 1)  # the form checks the year in Berlin
BAD_INPUT = [
    pytest.param(
        {},
        [(pdf_of_size(11 * 1024 * 1024), "big.pdf")],
        "attachments",
        "big.pdf is larger than 10 MB.",
        id="eleven_megabyte_pdf",
    ),
    pytest.param({}, [(PNG, "photo.pdf")], "attachments", "photo.pdf is not a PDF file.", id="png_as_pdf"),
    pytest.param(
        {},
        [(MINIMAL_PDF, "ok.pdf"), (PNG, "photo.pdf")],
        "attachments",
        "photo.pdf is not a PDF",
        id="one_bad_of_two",
    ),
    pytest.param({"description": "x" * 20_001}, [], "description", "20000", id="description_too_long"),
    pytest.param(
        {"website": "javascript:alert(1)"},
        [],
        "website",
        "starting with http:// or https://",
        id="javascript_url",
    ),
    pytest.param({"start_year": NEXT_YEAR}, [], "start_year", "cannot lie in the future", id="future_start"),
    pytest.param(
        {
            "partners-0-institution": "",
            "partners-0-country": "",
            "partners-1-institution": "",
            "partners-1-country": "",
            "save": None,
            "save_and_submit": "Save and submit",
        },
        [],
        "partners",
        "Name at least one partner institution.",
        id="no_partner_on_submit",
    ),
    pytest.param(
        {
            "contacts-0-name": "",
            "contacts-0-role": "",
            "contacts-0-email": "",
            "contacts-0-phone": "",
            "save": None,
            "save_and_submit": "Save and submit",
        },
        [],
        "contacts",
        "Name at least one contact person.",
        id="no_contact_on_submit",
    ),
    pytest.param(
        {"contacts-0-email": "ada@"},
        [],
        "contacts-0-email",
        "Invalid email address.",
        id="email_without_domain",
    ),
    pytest.param(
        {"contacts-0-email": ""}, [], "contacts-0-email", "e-mail address", id="contact_without_email"
    ),
    pytest.param(
        {"partners-1-country": ""}, [], "partners-1-country", "Give the partner's country.", id="no_country"
    ),
    pytest.param({"title": "x" * 201}, [], "title", "200", id="title_too_long"),
    pytest.param({"summary": "x" * 601}, [], "summary", "600", id="summary_too_long"),
    pytest.param(
        {"exchanged_students": "-1"}, [], "exchanged_students", "between 0 and", id="negative_key_figure"
    ),
    # WTForms' own range check stopped with an OverflowError on a number of hundreds of digits.
    pytest.param(
        {"start_year": "1" + "0" * 400},
        [],
        "start_year",
        "between 1800 and 2200",
        id="start_year_of_400_digits",
    ),
    # PostgreSQL refuses a NUL character in any text: refused next to the field on every database.
    pytest.param(
        {"partners-1-country": "Aus\x00tria"}, [], "partners-1-country", "null character", id="nul_in_a_row"
    ),
]


@pytest.mark.parametrize(("overrides", "files", "field", "message"), BAD_INPUT)
def test_bad_input_on_a_new_nomination_is_refused_next_to_the_field_and_nothing_is_stored(
    coordinator, session, world: World, attachment_dir: Path, overrides, files, field, message
) -> None:
    before = stored_counts(session, attachment_dir)
    typed = {"title": "My typed title", "summary": "My typed summary", **overrides}

    response = _create(coordinator, world, *files, **typed)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    error = re.search(rf'<div id="{re.escape(field)}-error"[^>]*>(.*?)</div>', html, re.S)
    assert error, f"no message next to {field}"
    assert message.replace("'", "&#39;") in error.group(1)
    assert "Please correct the fields marked below." in html
    assert _value_of(html, "title") == typed["title"]
    assert f"{typed['summary']}</textarea>" in html
    if field.startswith(("partners-", "contacts-")) or field in ("website", "start_year"):
        assert _value_of(html, field) == typed[field].replace("&", "&amp;")
    assert stored_counts(session, attachment_dir) == before == (0, 0, 0)


def test_a_sixth_attachment_is_refused_and_the_five_stay(
    coordinator, session, world: World, attachment_dir: Path
) -> None:
    pdfs = [(MINIMAL_PDF + str(i).encode(), f"annex-{i}.pdf") for i in range(1, 6)]
    nomination_id = _created_id(_create(coordinator, world, *pdfs))
    assert stored_counts(session, attachment_dir) == (1, 5, 5)

    response = _save_edit(
        coordinator, world, nomination_id, (MINIMAL_PDF, "annex-6.pdf"), title="Typed while adding a sixth"
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="attachments-error"' in html
    assert "A nomination can have at most 5 attachments." in html
    assert _value_of(html, "title") == "Typed while adding a sixth"
    assert stored_counts(session, attachment_dir) == (1, 5, 5)
    nomination = only_nomination(session)
    assert nomination.title == "Dresden–Trento Water Partnership"
    assert sorted(a.filename for a in nomination.attachments) == [f"annex-{i}.pdf" for i in range(1, 6)]


def test_six_attachments_in_one_post_store_nothing(
    coordinator, session, world: World, attachment_dir: Path
) -> None:
    pdfs = [(MINIMAL_PDF, f"annex-{i}.pdf") for i in range(1, 7)]

    response = _create(coordinator, world, *pdfs)

    assert response.status_code == 200
    assert 'id="attachments-error"' in response.get_data(as_text=True)
    assert stored_counts(session, attachment_dir) == (0, 0, 0)


def test_removing_an_attachment_deletes_row_and_file(
    coordinator, session, world: World, attachment_dir: Path
) -> None:
    nomination_id = _created_id(_create(coordinator, world, (MINIMAL_PDF, "annex.pdf")))
    attachment_id = session.scalar(sa.select(Attachment.id))

    response = coordinator.submit(
        f"/nominations/{nomination_id}",
        {},
        action=f"/nominations/{nomination_id}/attachments/{attachment_id}/delete",
    )

    assert response.status_code == 302
    assert stored_counts(session, attachment_dir) == (1, 0, 0)
    assert coordinator.get(f"/nominations/{nomination_id}/attachments/{attachment_id}").status_code == 404


# Stored markup is shown as text


def test_stored_script_is_shown_escaped_everywhere(client, new_client, session, world: World) -> None:
    coordinator = logged_in(client, COORDINATOR)
    fields = {
        "title": f"Title {SCRIPT}",
        "summary": f"Summary {SCRIPT}",
        "description": f"Description {SCRIPT}\n\n<img src=x onerror=alert(2)>",
        "partners-0-institution": f"Institution {SCRIPT}",
        "partners-0-country": f"Country {SCRIPT}",
        "contacts-0-name": f"Name {SCRIPT}",
        "contacts-0-role": f"Role {SCRIPT}",
        "contacts-0-phone": f"{SCRIPT}"[:40],
    }
    nomination_id = _created_id(
        _create(coordinator, world, save=None, save_and_submit="Save and submit", **fields)
    )
    nomination = only_nomination(session)
    assert nomination.title == f"Title {SCRIPT}"  # stored as typed
    assert nomination.state is NominationState.SUBMITTED

    admin = logged_in(new_client(), ADMIN)
    pages = {
        "detail": coordinator.text(f"/nominations/{nomination_id}"),
        "list": coordinator.text("/nominations/"),
        "edit": coordinator.text(f"/nominations/{nomination_id}/edit"),
        "admin detail": admin.text(f"/nominations/{nomination_id}"),
        "eligibility": admin.text(f"/admin/rounds/{world.round_id}/nominations/"),
    }
    for name, html in pages.items():
        assert SCRIPT not in html, name
        assert "<img" not in html, name  # the description's markup is text, not an element
        assert f"Title {ESCAPED_SCRIPT}" in html, name
    for text in ("Summary", "Description", "Institution", "Country", "Name", "Role"):
        assert f"{text} {ESCAPED_SCRIPT}" in pages["detail"], text


# Deadline and concurrency


def test_an_edit_of_a_draft_after_the_deadline_is_kept_as_a_draft(
    coordinator, session, world: World, attachment_dir: Path
) -> None:
    nomination_id = _created_id(_create(coordinator, world))
    hidden = edit_page(coordinator, nomination_id)  # opened before the deadline
    round_ = session.get(Round, world.round_id)
    round_.nomination_deadline = datetime.now(UTC) - timedelta(minutes=1)
    session.commit()

    data = {
        **form_data(
            world,
            title="Typed after the deadline",
            summary="A late summary",
            save=None,
            save_and_submit="Save and submit",
        ),
        **hidden,
    }
    response = coordinator.post(f"/nominations/{nomination_id}/edit", data=data)

    assert response.status_code == 302
    page = coordinator.text(f"/nominations/{nomination_id}")
    assert "your text has been kept as a draft, but it can no longer be submitted" in page
    session.expire_all()
    nomination = only_nomination(session)
    assert (nomination.title, nomination.summary) == ("Typed after the deadline", "A late summary")
    assert nomination.state is NominationState.DRAFT


def test_an_edit_of_a_submitted_nomination_after_the_deadline_is_refused_and_the_text_stays(
    coordinator, session, world: World
) -> None:
    nomination_id = _created_id(_create(coordinator, world, save=None, save_and_submit="Save and submit"))
    hidden = edit_page(coordinator, nomination_id)
    round_ = session.get(Round, world.round_id)
    round_.nomination_deadline = datetime.now(UTC) - timedelta(minutes=1)
    session.commit()

    data = {**form_data(world, title="Typed after the deadline"), **hidden}
    response = coordinator.post(f"/nominations/{nomination_id}/edit", data=data)

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The nomination deadline has passed" in html
    assert _value_of(html, "title") == "Typed after the deadline"
    session.expire_all()
    nomination = only_nomination(session)
    assert (nomination.title, nomination.state) == (
        "Dresden–Trento Water Partnership",
        NominationState.SUBMITTED,
    )


def test_submitting_after_the_deadline_is_refused(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world))
    round_ = session.get(Round, world.round_id)
    round_.nomination_deadline = datetime.now(UTC) - timedelta(minutes=1)
    session.commit()

    detail = coordinator.text(f"/nominations/{nomination_id}")
    assert "this draft can still be edited and is kept, but it can no longer be submitted" in detail
    assert "Submit nomination" not in detail
    response = coordinator.client.post(
        f"/nominations/{nomination_id}/submit", data={"csrf_token": any_csrf_token(detail)}
    )

    assert response.status_code == 302
    assert "The nomination deadline has passed" in coordinator.text(f"/nominations/{nomination_id}")
    assert only_nomination(session).state is NominationState.DRAFT
    assert coordinator.get("/nominations/new").status_code == 302  # no new nominations either


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_input(
    client, new_client, session, world: World, attachment_dir: Path
) -> None:
    first = logged_in(client, COORDINATOR)
    second = logged_in(new_client(), SECOND_COORDINATOR)
    nomination_id = _created_id(_create(first, world))
    first_hidden, second_hidden = edit_page(first, nomination_id), edit_page(second, nomination_id)
    assert first_hidden["version"] == second_hidden["version"]

    saved = first.post(
        f"/nominations/{nomination_id}/edit",
        data={**form_data(world, title="The first person's title"), **first_hidden},
    )
    refused = second.post(
        f"/nominations/{nomination_id}/edit",
        data=_multipart(
            {
                **form_data(world, title="The second person's title", summary="The second summary"),
                **second_hidden,
            },
            (MINIMAL_PDF, "second.pdf"),
        ),
        content_type="multipart/form-data",
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = refused.get_data(as_text=True)
    assert "Someone else saved this nomination" in html
    assert _value_of(html, "title") == "The second person&#39;s title"
    assert "The second summary" in html
    nomination = only_nomination(session)
    assert nomination.title == "The first person's title"
    assert nomination.summary == "Joint research and exchange on alpine water resources."
    assert stored_counts(session, attachment_dir) == (1, 0, 0)  # the refused save left no file


def test_after_a_refusal_saving_again_from_the_form_goes_through_as_the_message_says(
    client, new_client, session, world: World
) -> None:
    """The refusal says "compare, and save again": the form it shows must allow exactly that."""
    first = logged_in(client, COORDINATOR)
    second = logged_in(new_client(), SECOND_COORDINATOR)
    nomination_id = _created_id(_create(first, world))
    first_hidden, second_hidden = edit_page(first, nomination_id), edit_page(second, nomination_id)
    first.post(
        f"/nominations/{nomination_id}/edit",
        data={**form_data(world, title="The first person's title"), **first_hidden},
    )
    typed = form_data(world, title="The second person's title")
    refused = second.post(f"/nominations/{nomination_id}/edit", data={**typed, **second_hidden})
    assert "Someone else saved this nomination" in refused.get_data(as_text=True)

    again = second.post(
        f"/nominations/{nomination_id}/edit",
        data={
            **typed,
            "csrf_token": second_hidden["csrf_token"],
            "version": hidden_value(refused.get_data(as_text=True), "version"),
        },
    )

    assert again.status_code == 302
    assert only_nomination(session).title == "The second person's title"


# Eligibility


def test_an_admin_marks_eligibility_and_the_coordinator_sees_the_verdict(
    client, new_client, session, world: World
) -> None:
    round_ = session.get(Round, world.round_id)
    unit = session.get(OrgUnit, world.unit_id)
    good = make_nomination(session, round_, make_initiative(session, unit, "Good initiative"))
    bad = make_nomination(session, round_, make_initiative(session, unit, "Off-topic initiative"))
    good_id, bad_id = good.id, bad.id
    round_.nomination_deadline = datetime.now(UTC) - timedelta(days=1)
    round_.phase = RoundPhase.REVIEWING
    session.commit()
    admin = logged_in(client, ADMIN)
    url = f"/admin/rounds/{world.round_id}/nominations/"
    page = admin.text(url)
    assert "Good initiative" in page and "Off-topic initiative" in page
    token = any_csrf_token(page)

    def verdict(nomination_id: int, eligible: str, reason: str):  # type: ignore[no-untyped-def]
        return admin.post(
            f"/admin/rounds/{world.round_id}/nominations/{nomination_id}/eligibility",
            data={
                f"n{nomination_id}-csrf_token": token,
                f"n{nomination_id}-eligible": eligible,
                f"n{nomination_id}-reason": reason,
                f"n{nomination_id}-submit": "Save verdict",
            },
        )

    refused = verdict(bad_id, "no", "  ")
    assert refused.status_code == 302
    assert "Give a reason why the nomination is not eligible." in admin.text(url)
    session.expire_all()
    assert session.get(Nomination, bad_id).eligibility is Eligibility.PENDING

    assert verdict(good_id, "yes", "").status_code == 302
    assert "Saved: Good initiative is eligible." in admin.text(url)
    reason = f"The cooperation started only last month. {SCRIPT}"
    assert verdict(bad_id, "no", reason).status_code == 302
    session.expire_all()
    assert session.get(Nomination, good_id).eligibility is Eligibility.ELIGIBLE
    bad = session.get(Nomination, bad_id)
    assert bad.eligibility is Eligibility.INELIGIBLE
    assert bad.eligibility_reason == reason

    coordinator = logged_in(new_client(), COORDINATOR)
    bad_page = coordinator.text(f"/nominations/{bad_id}")
    match = re.search(r'<div class="alert[^"]*" id="eligibility">(.*?)</div>', bad_page, re.S)
    assert match
    shown = " ".join(match.group(1).split())
    assert f"Not eligible: The cooperation started only last month. {ESCAPED_SCRIPT}" in shown
    assert SCRIPT not in bad_page
    assert SCRIPT not in admin.text(url)
    assert "Eligible" in coordinator.text(f"/nominations/{good_id}")
    listing = coordinator.text("/nominations/")
    assert "Not eligible" in listing


def test_eligibility_cannot_be_marked_while_nominating(client, session, world: World) -> None:
    round_ = session.get(Round, world.round_id)
    nomination = make_nomination(
        session, round_, make_initiative(session, session.get(OrgUnit, world.unit_id), "Early bird")
    )
    nomination_id = nomination.id
    session.commit()
    admin = logged_in(client, ADMIN)
    page = admin.text(f"/admin/rounds/{world.round_id}/nominations/")
    assert "Eligibility is decided while the round is in review." in page
    assert "Save verdict" not in page

    admin.post(
        f"/admin/rounds/{world.round_id}/nominations/{nomination_id}/eligibility",
        data={
            f"n{nomination_id}-csrf_token": any_csrf_token(page),
            f"n{nomination_id}-eligible": "yes",
            f"n{nomination_id}-reason": "",
        },
    )

    session.expire_all()
    assert session.get(Nomination, nomination_id).eligibility is Eligibility.PENDING


# Edge cases found in review ---------------------------------------------------------------------


def test_a_new_nomination_submitted_just_after_the_deadline_is_kept_as_a_draft(
    coordinator, session, world: World, attachment_dir: Path
) -> None:
    token = any_csrf_token(coordinator.text("/nominations/new"))  # opened before the deadline
    round_ = session.get(Round, world.round_id)
    round_.nomination_deadline = datetime.now(UTC) - timedelta(seconds=1)
    session.commit()

    data = {
        **form_data(world, title="Late But Typed", save=None, save_and_submit="Save and submit"),
        "csrf_token": token,
    }
    response = coordinator.post("/nominations/new", data=data)

    nomination_id = _created_id(response)
    assert "it can no longer be submitted" in coordinator.text(f"/nominations/{nomination_id}")
    session.expire_all()
    nomination = only_nomination(session)
    assert (nomination.title, nomination.state) == ("Late But Typed", NominationState.DRAFT)


def test_adding_rows_stops_at_the_limit_with_a_message(coordinator, world: World) -> None:
    rows = {f"partners-{i}-institution": f"University {i}" for i in range(50)}
    rows |= {f"partners-{i}-country": "Italy" for i in range(50)}
    data = {**form_data(world, save=None), **rows, "add_partner": "Add a partner"}
    response = coordinator.submit("/nominations/new", data)
    assert response.status_code == 200
    assert "At most 50 rows." in response.get_data(as_text=True)


def test_too_many_partner_rows_are_refused_not_cut_off(
    coordinator, session, world: World, attachment_dir
) -> None:
    rows = {f"partners-{i}-institution": f"University {i}" for i in range(51)}
    rows |= {f"partners-{i}-country": "Italy" for i in range(51)}
    response = coordinator.submit("/nominations/new", {**form_data(world), **rows})
    assert response.status_code == 200
    assert "At most 50 rows." in response.get_data(as_text=True)
    assert stored_counts(session, attachment_dir) == (0, 0, 0)


def test_an_edit_without_a_version_is_treated_as_stale(coordinator, session, world: World) -> None:
    nomination_id = _created_id(_create(coordinator, world))
    hidden = edit_page(coordinator, nomination_id)
    data = {**form_data(world, title="Overwritten Blindly"), **hidden, "version": ""}
    response = coordinator.post(f"/nominations/{nomination_id}/edit", data=data)
    assert response.status_code == 200
    assert "Someone else saved this nomination" in response.get_data(as_text=True)
    session.expire_all()
    assert only_nomination(session).title == "Dresden–Trento Water Partnership"


@pytest.mark.parametrize("version", ["²", "9" * 5000, "-1"])
def test_an_edit_with_a_version_that_is_no_number_is_treated_as_stale(  # type: ignore[no-untyped-def]
    coordinator, session, world: World, version: str
) -> None:
    # "²" passes str.isdigit() but not int(); thousands of digits are more than int() reads.
    nomination_id = _created_id(_create(coordinator, world))
    hidden = edit_page(coordinator, nomination_id)
    data = {**form_data(world, title="Overwritten Blindly"), **hidden, "version": version}
    response = coordinator.post(f"/nominations/{nomination_id}/edit", data=data)
    assert response.status_code == 200
    assert "Someone else saved this nomination" in response.get_data(as_text=True)
    assert only_nomination(session).title == "Dresden–Trento Water Partnership"


@pytest.mark.parametrize("renominate", [str(2**31), str(10**17)])
def test_a_renomination_of_an_initiative_beyond_any_id_is_not_found(coordinator, renominate: str) -> None:  # type: ignore[no-untyped-def]
    assert coordinator.get(f"/nominations/new?renominate={renominate}").status_code == 404


def test_a_missing_stored_file_answers_404_not_500(
    coordinator, session, world: World, attachment_dir
) -> None:
    nomination_id = _created_id(_create(coordinator, world, (MINIMAL_PDF, "plan.pdf")))
    session.expire_all()
    attachment = session.scalars(sa.select(Attachment)).one()
    for path in attachment_dir.rglob(attachment.storage_key):
        path.unlink()
    response = coordinator.get(f"/nominations/{nomination_id}/attachments/{attachment.id}")
    assert response.status_code == 404
