"""Every row lock is taken inside a transaction. PostgreSQL refuses `select_for_update()` in
autocommit, but the suite cannot see it: each test runs inside a transaction, and SQLite has no row
locks at all. A merge once dropped `@transaction.atomic` from `update_profile`, and only the
production-topology run found the profile form answering 500."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("network", "members", "forum", "zones")


def _is_atomic(node: ast.expr) -> bool:
    return "atomic" in ast.unparse(node)


def unguarded_locks(source: str) -> list[int]:
    """Lines that call `select_for_update` outside a function decorated with `transaction.atomic`
    and outside a `with transaction.atomic()` block."""
    found = []

    def visit(node: ast.AST, guarded: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = guarded
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = any(_is_atomic(decorator) for decorator in child.decorator_list)
            elif isinstance(child, ast.With):
                inner = guarded or any(_is_atomic(item.context_expr) for item in child.items)
            elif (
                isinstance(child, ast.Attribute)
                and child.attr == "select_for_update"
                and not guarded
            ):
                found.append(child.lineno)
            visit(child, inner)

    visit(ast.parse(source), False)
    return found


def test_the_check_finds_a_lock_outside_a_transaction():
    source = (
        "from django.db import transaction\n"
        "@transaction.atomic\n"
        "def kept(): Room.objects.select_for_update().get()\n"
        "def inner():\n"
        "    with transaction.atomic():\n"
        "        Room.objects.select_for_update().get()\n"
        "def lost(): Room.objects.select_for_update().get()\n"
    )
    assert unguarded_locks(source) == [7]


def test_every_row_lock_is_inside_a_transaction():
    unguarded = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
        for line in unguarded_locks(path.read_text())
    ]
    assert unguarded == []
