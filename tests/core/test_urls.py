import pytest

from evaluator.core.urls import is_local_path


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
