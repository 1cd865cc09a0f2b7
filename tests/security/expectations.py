"""Who may open which route: the expected answer for every rule of the URL map and method.

One entry per "endpoint METHOD". A route without an entry fails the walk, so adding a route
means stating here who may open it. Each entry takes the visit (persona, phase of the round
under test, variant of the planted data) and gives the answers allowed:

- a status code (302 means a redirect elsewhere than to the login page),
- LOGIN: a redirect to the login page (the anonymous visitor on any page behind the login).

POSTs carry a valid CSRF token and no other field, so forms come back with their errors (200),
one-button actions redirect (302) and views that read a field they did not get answer 400.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.security.world import (
    ADMIN_,
    AFTER_VOTING,
    ANONYMOUS,
    CHAIR_,
    CONFLICTED,
    DECIDING,
    MEMBER,
    OTHER_COORDINATOR,
    PHASES,
    PUBLISHED,
    REVIEWING,
    VOTING,
)

LOGIN = "login"
Answer = int | str


@dataclass(frozen=True)
class Visit:
    persona: str
    phase: str
    variant: str  # "hydro" or "geo" for a nomination or initiative, the year, the export, or ""

    @property
    def anonymous(self) -> bool:
        return self.persona == ANONYMOUS

    @property
    def admin(self) -> bool:
        return self.persona == ADMIN_

    @property
    def commission(self) -> bool:
        return self.persona in (CONFLICTED, MEMBER, CHAIR_)

    @property
    def conflicted(self) -> bool:
        """A member conflicted with the nomination addressed (Conny and "hydro")."""
        return self.persona == CONFLICTED and self.variant == "hydro"

    @property
    def own_unit(self) -> bool:
        """A coordinator addressing a nomination of their own unit (Otto and "geo")."""
        return self.persona == OTHER_COORDINATOR and self.variant == "geo"


Rule = Callable[[Visit], set[Answer]]


def everyone(*answers: Answer) -> Rule:
    return lambda v: set(answers)


def logged_in(rule: Rule) -> Rule:
    """Behind the login: the anonymous visitor is sent to it; ``rule`` for everyone else."""
    return lambda v: {LOGIN} if v.anonymous else rule(v)


def admins(rule: Rule) -> Rule:
    """The admins' pages: 403 for every other person."""
    return logged_in(lambda v: rule(v) if v.admin else {403})


def phases(*wanted: str, then: set[Answer], otherwise: set[Answer]) -> Rule:
    return lambda v: then if v.phase in wanted else otherwise


def published_year(v: Visit) -> set[Answer]:
    """2025 was published before; 2026 is the round under test."""
    return {200} if v.variant == "2025" or v.phase == PUBLISHED else {404}


def public_initiative(v: Visit) -> set[Answer]:
    """ "geo" was awarded in 2025; "hydro" only once 2026 is published."""
    return {200} if v.variant == "geo" or v.phase == PUBLISHED else {404}


# Coordinators' pages ----------------------------------------------------------------------------


def nomination_page(v: Visit) -> set[Answer]:
    """Admins and the nominating unit's coordinators; 404 for everyone else (existence hidden)."""
    return {200} if v.admin or v.own_unit else {404}


def nomination_change(answer_for_own_unit: set[Answer]) -> Rule:
    """Only the unit's coordinators change a nomination; an admin may look but gets 403."""

    def rule(v: Visit) -> set[Answer]:
        if v.own_unit:
            return answer_for_own_unit
        return {403} if v.admin else {404}

    return logged_in(rule)


def coordinators_only(rule: Rule) -> Rule:
    return logged_in(lambda v: rule(v) if v.persona == OTHER_COORDINATOR else {403})


# The commission's pages -------------------------------------------------------------------------


def commission_or_admin(rule: Rule) -> Rule:
    return logged_in(lambda v: rule(v) if v.commission or v.admin else {403})


def review_page(rule: Rule) -> Rule:
    """A nomination under review: 404 for whoever may not open it (a conflicted member, anyone
    outside the commission but the admins), then ``rule``."""
    return logged_in(lambda v: rule(v) if (v.commission and not v.conflicted) or v.admin else {404})


def members_in(*wanted: str, then: set[Answer]) -> Rule:
    """What a member may do only in some phases; admins outside the commission get 403."""
    return lambda v: then if v.commission and v.phase in wanted else {403}


def chair_or_admin(rule: Rule) -> Rule:
    return logged_in(lambda v: rule(v) if v.persona in (CHAIR_, ADMIN_) else {403})


def export(v: Visit) -> set[Answer]:
    """Admins outside the commission always; the chair once voting has closed."""
    if v.anonymous:
        return {LOGIN}
    if v.admin or (v.persona == CHAIR_ and v.phase in AFTER_VOTING):
        return {200}
    return {403}


def deciding_chair_or_admin(on_post: set[Answer]) -> Rule:
    def rule(v: Visit) -> set[Answer]:
        if v.persona in (CHAIR_, ADMIN_) and v.phase == DECIDING:
            return on_post
        return {403}

    return review_page(rule)


ADMIN_DEADLINE_PHASES = (REVIEWING, VOTING)  # the running phase has a deadline to extend

EXPECTED: dict[str, Rule] = {
    # Public pages and the API ---------------------------------------------------------------
    "main.index GET": everyone(302),
    "main.healthz GET": everyone(200),
    "main.language POST": everyone(400),  # no language chosen
    "static GET": everyone(200),
    "bootstrap.static GET": everyone(200),
    "public.lighthouses GET": everyone(200),
    "public.rounds GET": everyone(200),
    "public.round_results GET": published_year,
    "public.round_report GET": published_year,
    "public.round_report_pdf GET": published_year,
    "public.initiative GET": public_initiative,
    "api.lighthouses GET": everyone(200),
    "api.openapi GET": everyone(200),
    # Accounts ----------------------------------------------------------------------------------
    "accounts.login GET": lambda v: {200} if v.anonymous else {302},
    "accounts.login POST": lambda v: {200} if v.anonymous else {302},
    "accounts.logout POST": everyone(302),
    "accounts.change_password GET": logged_in(everyone(200)),
    "accounts.change_password POST": logged_in(everyone(200)),
    "accounts.forgot_password GET": everyone(200),
    "accounts.forgot_password POST": everyone(200),
    "accounts.accept_invitation GET": everyone(400),  # a made-up link
    "accounts.accept_invitation POST": everyone(400),
    "accounts.reset_password GET": everyone(400),
    "accounts.reset_password POST": everyone(400),
    "main.dashboard GET": logged_in(everyone(200)),
    # Admins: users, audit log, outbox -------------------------------------------------------
    "admin_users.index GET": admins(everyone(200)),
    "admin_users.create GET": admins(everyone(200)),
    "admin_users.create POST": admins(everyone(200)),
    "admin_users.invite GET": admins(everyone(200)),
    "admin_users.invite POST": admins(everyone(200)),
    "admin_users.edit GET": admins(everyone(200)),
    "admin_users.edit POST": admins(everyone(200)),
    "admin_users.set_password POST": admins(everyone(200)),
    "admin_users.set_active POST": admins(everyone(302)),
    "admin_users.resend_invitation POST": admins(everyone(302)),
    "admin_audit.index GET": admins(everyone(200)),
    "admin_audit.export_csv GET": admins(everyone(200)),
    "admin_outbox.index GET": admins(everyone(200)),
    "admin_outbox.requeue POST": admins(everyone(302)),
    # Admins: rounds, catalogue, eligibility, publication ------------------------------------
    "admin_rounds.index GET": admins(everyone(200)),
    "admin_rounds.create GET": admins(everyone(200)),
    "admin_rounds.create POST": admins(everyone(200)),
    "admin_rounds.detail GET": admins(everyone(200)),
    "admin_rounds.deadlines GET": admins(phases(*ADMIN_DEADLINE_PHASES, then={200}, otherwise={404})),
    "admin_rounds.deadlines POST": admins(phases(*ADMIN_DEADLINE_PHASES, then={200}, otherwise={404})),
    "admin_rounds.advance GET": admins(everyone(200)),
    "admin_rounds.advance POST": admins(everyone(200, 302)),  # warnings to confirm, or the next phase
    # The round under test is past its draft: its catalogue is shown but no longer changed.
    "round_catalogue.index GET": admins(everyone(200)),
    "round_catalogue.create_category GET": admins(everyone(302)),
    "round_catalogue.create_category POST": admins(everyone(302)),
    "round_catalogue.edit_category GET": admins(everyone(302)),
    "round_catalogue.edit_category POST": admins(everyone(302)),
    "round_catalogue.delete_category POST": admins(everyone(302)),
    "round_catalogue.move_category POST": admins(everyone(400)),  # no direction
    "round_catalogue.create_criterion GET": admins(everyone(302)),
    "round_catalogue.create_criterion POST": admins(everyone(302)),
    "round_catalogue.edit_criterion GET": admins(everyone(302)),
    "round_catalogue.edit_criterion POST": admins(everyone(302)),
    "round_catalogue.delete_criterion POST": admins(everyone(302)),
    "round_catalogue.move_criterion POST": admins(everyone(400)),
    "admin_nominations.index GET": admins(everyone(200)),
    "admin_nominations.eligibility POST": admins(everyone(302)),
    "admin_publication.publish GET": admins(phases(DECIDING, PUBLISHED, then={200}, otherwise={404})),
    "admin_publication.publish POST": admins(phases(DECIDING, PUBLISHED, then={302}, otherwise={404})),
    "admin_publication.initiatives GET": admins(everyone(200)),
    "admin_publication.timeline GET": admins(everyone(200)),
    "exports.index GET": export,
    "exports.csv_file GET": export,
    "exports.workbook GET": export,
    # Coordinators ------------------------------------------------------------------------------
    "nominations.index GET": coordinators_only(everyone(200)),
    # Nominating is over: the form sends the coordinator back, a posted one comes back with its
    # errors while a round runs.
    "nominations.create GET": coordinators_only(everyone(302)),
    "nominations.create POST": coordinators_only(phases(PUBLISHED, then={302}, otherwise={200})),
    "nominations.detail GET": logged_in(nomination_page),
    "nominations.download GET": logged_in(nomination_page),
    "nominations.edit GET": nomination_change({200}),
    "nominations.edit POST": nomination_change({200}),
    "nominations.submit POST": nomination_change({302}),
    "nominations.withdraw POST": nomination_change({302}),
    "nominations.redraft POST": nomination_change({302}),
    "nominations.delete_attachment POST": nomination_change({302}),
    # The commission ----------------------------------------------------------------------------
    "review.index GET": commission_or_admin(everyone(200)),
    "review.ranking GET": commission_or_admin(everyone(200)),
    "review.progress GET": chair_or_admin(everyone(200)),
    "review.remind_late POST": admins(everyone(302)),
    "review.conflicts GET": admins(everyone(200)),
    "review.conflicts POST": admins(everyone(200)),
    "review.clear_conflict POST": admins(everyone(302)),
    "review.nomination GET": review_page(everyone(200)),
    "review.download GET": review_page(everyone(200)),
    # An empty sheet is saved as a draft or refused with its errors while reviewing runs.
    "review.nomination POST": review_page(members_in(REVIEWING, then={200, 302})),
    "review.declare_conflict POST": review_page(members_in(REVIEWING, VOTING, then={302})),
    "voting.ballot GET": logged_in(lambda v: {200} if v.commission else {403}),
    "voting.ballot POST": logged_in(members_in(VOTING, then={302})),
    "voting.vote POST": review_page(members_in(VOTING, then={302})),
    "voting.decisions GET": chair_or_admin(phases(DECIDING, PUBLISHED, then={200}, otherwise={404})),
    "voting.decide GET": deciding_chair_or_admin({200}),
    "voting.decide POST": deciding_chair_or_admin({200}),
}


# Routes whose answers and pages do not depend on the phase of the round under test: the
# accounts, the admins' pages that every other person is refused the same way in any phase, and
# the coordinators' changes, refused alike in every phase after nominating. They are walked in
# the reviewing world only; everything else in every phase.
ROUND_BLIND_BLUEPRINTS = (
    "accounts",
    "admin_users",
    "admin_audit",
    "admin_outbox",
    "round_catalogue",
    "admin_nominations",
)
ROUND_BLIND = {
    "main.index GET",
    "main.healthz GET",
    "main.language POST",
    "static GET",
    "bootstrap.static GET",
    "api.openapi GET",
    "admin_rounds.index GET",
    "admin_rounds.create GET",
    "admin_rounds.create POST",
    "admin_rounds.detail GET",
    "admin_publication.initiatives GET",
    "admin_publication.timeline GET",
    "review.conflicts GET",
    "review.conflicts POST",
    "review.clear_conflict POST",
    "review.remind_late POST",
    "nominations.edit GET",
    "nominations.edit POST",
    "nominations.submit POST",
    "nominations.withdraw POST",
    "nominations.redraft POST",
    "nominations.delete_attachment POST",
}


def phases_to_walk(key: str) -> tuple[str, ...]:
    """The phases of the round under test in which the route ``key`` ("endpoint METHOD") is walked."""
    if key in ROUND_BLIND or key.split(".", 1)[0] in ROUND_BLIND_BLUEPRINTS:
        return (REVIEWING,)
    return PHASES
