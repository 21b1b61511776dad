"""The import graph stays a graph one can read top to bottom: no module imports itself back
through others (the demo seeders and zones' forms once did), and every module of a domain that is
not one of its public ones is named in the import-linter contract that keeps other domains out."""

import re
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("network", "members", "forum", "zones")


def import_cycles(imports: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other in a circle (Tarjan's strongly connected
    components of more than one module, or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in imports.get(module, ()):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in imports.get(module, ()):
                cycles.append(sorted(component))

    for module in sorted(imports):
        if module not in index:
            visit(module)
    return cycles


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES)


def test_no_module_imports_itself_back():
    graph = _graph()
    imports = {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    assert import_cycles(imports) == []


def test_the_cycle_check_sees_a_circle_of_three():
    imports = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(imports) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def _domain_contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return {
        contract["name"].split()[3]: contract
        for contract in contracts
        if contract["name"].startswith("Other domains reach ")
    }


def test_every_private_module_of_a_domain_is_kept_from_the_others():
    graph = _graph()
    contracts = _domain_contracts()
    assert set(contracts) >= {"members", "forum", "zones", "network.groups", "network.chat"}
    unlisted = []
    for domain, contract in contracts.items():
        listed = set(contract["forbidden_modules"])
        title = contract["name"]
        public = (
            set(re.findall(r"\w+", title.split(" through ", 1)[1]))
            if " through " in title
            else set()
        )
        for module in graph.find_children(domain):
            name = module.rsplit(".", 1)[1]
            if module not in listed and name not in public and name not in ("migrations", "locale"):
                unlisted.append(module)
    assert unlisted == [], "public (name it in the contract's title) or forbidden to other domains"
