"""Where the application reads query parameters: every use of ``request.args`` in evaluator/,
found in the source and attributed to the route whose view reads it."""

from __future__ import annotations

import ast
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import evaluator

SOURCE = Path(evaluator.__file__).parent
WHOLE = "*"  # the view hands all of request.args to a helper


@dataclass
class QueryUse:
    endpoint: str
    names: set[str] = field(default_factory=set)


def _is_request_args(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "args"
        and isinstance(node.value, ast.Name)
        and node.value.id == "request"
    )


def _blueprints(tree: ast.Module) -> dict[str, str]:
    """Variable name → blueprint name, for ``bp = Blueprint("name", ...)``."""
    found = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", None) == "Blueprint"
            and node.value.args
            and isinstance(node.value.args[0], ast.Constant)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = str(node.value.args[0].value)
    return found


def _route_blueprint(function: ast.FunctionDef, blueprints: dict[str, str]) -> str | None:
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "route"
            and isinstance(decorator.func.value, ast.Name)
            and decorator.func.value.id in blueprints
        ):
            return blueprints[decorator.func.value.id]
    return None


def _request_hooks(tree: ast.Module) -> set[str]:
    """Functions handed to ``app.before_request(...)``."""
    return {
        node.args[0].id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "before_request"
        and node.args
        and isinstance(node.args[0], ast.Name)
    }


def _names_read(function: ast.FunctionDef) -> tuple[set[str], int]:
    """The parameter names a view reads, and how many uses of request.args it has."""
    names: set[str] = set()
    uses = 0
    for node in ast.walk(function):
        if not _is_request_args(node):
            continue
        uses += 1
        parent = getattr(node, "parent", None)
        if isinstance(parent, ast.Attribute) and parent.attr == "get":
            call = getattr(parent, "parent", None)
            if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant):
                names.add(str(call.args[0].value))
                continue
        if isinstance(parent, ast.Subscript) and isinstance(parent.slice, ast.Constant):
            names.add(str(parent.slice.value))
            continue
        names.add(WHOLE)
    return names, uses


@functools.cache
def query_uses() -> tuple[dict[str, QueryUse], int, int]:
    """Per endpoint the parameters it reads; with the number of request.args uses found in
    route functions and request hooks, and the number a plain text search finds (the two must
    agree, or some use was missed)."""
    uses: dict[str, QueryUse] = {}
    attributed = grepped = 0
    for path in sorted(SOURCE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        grepped += len(re.findall(r"\brequest\.args\b", text))
        if "request.args" not in text:
            continue
        tree = ast.parse(text)
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                child.parent = node  # type: ignore[attr-defined]
        blueprints = _blueprints(tree)
        hooks = _request_hooks(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            blueprint = _route_blueprint(node, blueprints)
            if node.name in hooks:  # runs before every request, whatever the route
                attributed += _names_read(node)[1]
                continue
            if blueprint is None:
                continue
            names, count = _names_read(node)
            if count:
                attributed += count
                uses.setdefault(
                    f"{blueprint}.{node.name}", QueryUse(f"{blueprint}.{node.name}")
                ).names |= names
    return uses, attributed, grepped
