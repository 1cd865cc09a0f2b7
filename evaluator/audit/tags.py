"""Audit actions, shaped ``subject:action`` so the log can be filtered by either part."""

import enum


class AuditAction(enum.StrEnum):
    USER_CREATE = "user:create"
    USER_UPDATE = "user:update"
    USER_DEACTIVATE = "user:deactivate"
    USER_REACTIVATE = "user:reactivate"
    USER_PASSWORD_CHANGE = "user:password:change"
    USER_PASSWORD_SET = "user:password:set"
    ROUND_CREATE = "round:create"
    ROUND_UPDATE = "round:update"
    ROUND_PHASE = "round:phase"
    ROUND_DEADLINE_EXTEND = "round:deadline:extend"
    CATEGORY_CREATE = "category:create"
    CATEGORY_UPDATE = "category:update"
    CATEGORY_DELETE = "category:delete"
    CRITERION_CREATE = "criterion:create"
    CRITERION_UPDATE = "criterion:update"
    CRITERION_DELETE = "criterion:delete"
    DEMO_SEED = "demo:seed"
