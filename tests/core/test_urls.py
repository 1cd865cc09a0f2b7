import pytest

from evaluator.accounts.models import Role
from evaluator.core.urls import MAX_ID, is_local_path, search_text, whole_number
from tests.accounts.pages import user_list_names
from tests.support.factories import make_user


@pytest.mark.parametrize("target", ["/dashboard", "/admin/users/?q=ada", "/initiatives/3#status"])
def test_paths_of_this_site_are_followed(target: str) -> None:
    assert is_local_path(target) is True


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "/\\elsewhere.example",
        "\\\\elsewhere.example",
        "javascript:alert(1)",
        "dashboard",
        "/\tdashboard",
        "http:/elsewhere.example",
    ],
)
def test_anything_that_could_leave_the_site_is_refused(target: str | None) -> None:
    assert is_local_path(target) is False


@pytest.mark.parametrize(
    ("raw", "number"),
    [("12", 12), ("0", 0), ("007", 7), ("9" * 18, int("9" * 18))],
)
def test_digits_sent_as_text_are_read_as_a_whole_number(raw: str, number: int) -> None:
    assert whole_number(raw) == number


@pytest.mark.parametrize("raw", [None, "", " 1", "-1", "1.0", "²", "١٢", "0x1", "9" * 19, "9" * 5000])
def test_anything_else_is_no_whole_number_rather_than_an_error(raw: str | None) -> None:
    assert whole_number(raw) is None


@pytest.mark.parametrize("number", [MAX_ID + 1, 2**63, 2**64, 10**30])
def test_a_number_beyond_any_id_in_an_address_is_no_page_rather_than_an_error(
    admin_client, number: int
) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL refuses to compare an integer column with a larger number; SQLite one beyond 64 bits.
    for url in (f"/initiatives/{number}", f"/rounds/{number}", f"/admin/users/{number}/edit"):
        assert admin_client.get(url).status_code == 404, url


def test_the_largest_id_is_still_looked_up(admin_client, admin) -> None:  # type: ignore[no-untyped-def]
    assert admin_client.get(f"/admin/users/{MAX_ID}/edit").status_code == 404
    assert admin_client.get(f"/admin/users/{admin.id}/edit").status_code == 200


def test_a_nul_character_typed_into_a_search_is_left_out_of_it(admin_client, session) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL refuses a NUL character in a query: searching with one was an error.
    assert search_text("A\x00da") == "Ada"
    assert search_text("x" * 500) == "x" * 100
    make_user(session, Role.MEMBER, name="Bob Builder")
    session.commit()
    page = admin_client.get("/admin/users/?q=B%00ob")
    assert page.status_code == 200
    assert user_list_names(page.get_data(as_text=True)) == ["Bob Builder"]
    assert admin_client.get("/admin/initiatives/?q=%00").status_code == 200
