"""Audit actions, shaped ``subject:action`` so the log can be filtered by either part."""

import enum


class AuditAction(enum.StrEnum):
    USER_CREATE = "user:create"
    USER_UPDATE = "user:update"
    USER_DEACTIVATE = "user:deactivate"
    USER_REACTIVATE = "user:reactivate"
    USER_PASSWORD_CHANGE = "user:password:change"
    USER_PASSWORD_SET = "user:password:set"
    DEMO_SEED = "demo:seed"
