"""A person browsing during a property run: logged in as one persona, and put back when an
example has changed their own account (a new password, another address, fewer roles)."""

from __future__ import annotations

import re
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from evaluator.accounts.models import Role, User
from evaluator.accounts.passwords import hash_password
from evaluator.extensions import db
from tests.properties.browsing import LOGGED_IN_STARTS, STARTS
from tests.properties.pages import Page, read_page
from tests.properties.worlds import PERSONAS, World
from tests.support.factories import PASSWORD
from tests.support.web import WebClient

TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token"[^>]*value="([^"]+)"')


class Visitor:
    def __init__(self, app: Flask, new_client: Callable[[], WebClient], persona: str, world: World) -> None:
        self.app = app
        self.new_client = new_client
        self.persona = persona
        self.email = PERSONAS[persona]
        self.starts = (STARTS.get(persona) or LOGGED_IN_STARTS) + world.entry_pages.get(persona, [])
        self.client = new_client()
        self.account: tuple[int, str, frozenset[Role]] | None = None
        if self.email is not None:
            user = db.session.scalar(sa.select(User).where(User.email == self.email))
            assert user is not None, f"no account {self.email}"
            self.account = (user.id, user.email, user.roles)
            self.log_in()

    def log_in(self) -> None:
        self.client = self.new_client()
        if self.email is None:
            return
        if self.client.login(self.email, PASSWORD).status_code != 302:
            self._restore_account()
            assert self.client.login(self.email, PASSWORD).status_code == 302, f"{self.email} cannot log in"

    def _restore_account(self) -> None:
        """An example changed the persona's own account: give it back its address, password and roles."""
        assert self.account is not None
        user_id, email, roles = self.account
        with self.app.app_context():
            user = db.session.get(User, user_id)
            assert user is not None
            user.email, user.active, user.password_hash = email, True, hash_password(PASSWORD)
            user.set_roles(set(roles))
            db.session.commit()

    def page(self, url: str) -> Page | None:
        """The page as the persona sees it now; logged in again when an example logged them out."""
        for attempt in range(2):
            response = self.client.get(url)
            assert response.status_code < 500, f"GET {url} answered {response.status_code}"
            if response.status_code == 200 and response.mimetype == "text/html":
                return read_page(url, response.get_data(as_text=True))
            if attempt == 0 and (response.status_code in (302, 403)):
                self.log_in()  # logged out, or the account lost a role: start again
        return None

    def any_token(self) -> str:
        """A CSRF token of the persona's session, from whichever page carries one."""
        for url in [*self.starts, "/lighthouses"]:
            response = self.client.get(url)
            match = TOKEN.search(response.get_data(as_text=True))
            if response.status_code == 200 and match:
                return match.group(1)
        raise AssertionError(f"no page with a CSRF token for {self.persona}")
