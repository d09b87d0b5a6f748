"""The layering of docs/decisions/0007-layers.md, as .importlinter holds it.

`make test` runs lint-imports on the contracts; this test keeps the contracts
themselves complete: a new module in cop_portal must be placed on top or in
the shared base, or the base contract would silently not cover it."""

import configparser
import pkgutil
from pathlib import Path

import cop_portal

ROOT = Path(__file__).resolve().parent.parent


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / ".importlinter")
    return parser


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def test_every_cop_portal_module_is_either_on_top_or_in_the_base():
    contracts = _contracts()
    top_layer = _lines(contracts["importlinter:contract:layers"]["layers"])[0]
    top = {name.strip() for name in top_layer.split(":")}
    base = set(_lines(contracts["importlinter:contract:base"]["source_modules"]))
    modules = {
        f"cop_portal.{info.name}" for info in pkgutil.iter_modules(cop_portal.__path__)
    }
    assert top.isdisjoint(base)
    assert modules == top | base, (
        "Place each cop_portal module in .importlinter: "
        f"unplaced {sorted(modules - top - base)}, gone {sorted(top | base - modules)}"
    )


def test_signals_may_use_only_the_services_and_selectors_of_knowledge():
    import knowledge

    forbidden = set(
        _lines(
            _contracts()[
                "importlinter:contract:signals-uses-knowledge-through-its-api"
            ]["forbidden_modules"]
        )
    )
    modules = {
        f"knowledge.{info.name}"
        for info in pkgutil.iter_modules(knowledge.__path__)
        if info.name != "migrations"
    }
    allowed = {"knowledge.services", "knowledge.selectors", "knowledge.apps"}
    assert modules - allowed == forbidden
