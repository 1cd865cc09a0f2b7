"""Imports every model so that the metadata is complete (for Alembic and the app)."""

from evaluator.accounts.models import Role, User, UserRole, coordinator_units, user_affiliations
from evaluator.audit.models import AuditEvent
from evaluator.mail.models import MailState, OutboxMail
from evaluator.nominations.models import (
    Attachment,
    Eligibility,
    Initiative,
    Nomination,
    NominationContact,
    NominationPartner,
    NominationState,
)
from evaluator.orgunits.models import OrgUnit, OrgUnitKind
from evaluator.publication.models import Award
from evaluator.reviewing.models import ConflictOfInterest, ConflictOrigin, Score, ScoreSheet, SheetState
from evaluator.rounds.models import Category, Criterion, Round, RoundPhase
from evaluator.voting.models import ClosedTally, Decision, Outcome, Vote, VoteChoice

__all__ = [
    "Attachment",
    "AuditEvent",
    "Award",
    "Category",
    "ClosedTally",
    "ConflictOfInterest",
    "ConflictOrigin",
    "Criterion",
    "Decision",
    "Eligibility",
    "Initiative",
    "MailState",
    "Nomination",
    "NominationContact",
    "NominationPartner",
    "NominationState",
    "OrgUnit",
    "OrgUnitKind",
    "OutboxMail",
    "Outcome",
    "Role",
    "Round",
    "RoundPhase",
    "Score",
    "ScoreSheet",
    "SheetState",
    "User",
    "UserRole",
    "Vote",
    "VoteChoice",
    "coordinator_units",
    "user_affiliations",
]
