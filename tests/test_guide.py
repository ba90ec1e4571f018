"""The seeds' guidance where managers use it, made from the catalog (the one place facts live)."""

from __future__ import annotations

import doctest
from typing import Any

import pytest
from pydantic import ValidationError

from xl_aiteam import guide
from xl_aiteam.catalog import FILES, Catalog, load_catalog, read_data

C = load_catalog()


# --- the catalog -------------------------------------------------------------------------------


def _raw() -> dict[str, Any]:
    raw = {name: read_data(name) for name in FILES}
    return {
        "sources": {s["key"]: s for s in raw["sources"]["sources"]},
        "roles": {r["id"]: r for r in raw["roles"]["roles"]},
        **{name: raw[name] for name in FILES if name not in ("sources", "roles")},
    }


def test_the_topology_and_who_carries_each_lifecycle_stage() -> None:
    assert [t.id for t in C.organisation.topology] == ["research", "engineering", "product", "platform"]
    assert all(t.source == "s002" and t.success and t.activities for t in C.organisation.topology)
    assert [len(s.carried_by) >= 3 for s in C.lifecycle.lifecycle] == [True] * 5
    assert C.fact("projects_reaching_production").low == 0.53 and C.fact("months_to_production").low == 18


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        (lambda r: r["lifecycle"]["lifecycle"][0]["carried_by"][0].update(role="wizard"), "unknown role 'wizard'"),  # a typo in a role id
        (lambda r: r["organisation"]["ai_pod"].update(led_by="wizard"), "unknown role 'wizard'"),
        (lambda r: r["lifecycle"]["playbook"][0]["see"].pop(), "one entry per priority"),  # see out of step with the priorities
    ],
)
def test_the_catalog_refuses_a_bad_reference(change: Any, needle: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(ValidationError, match=needle):
        Catalog.model_validate(raw)


# --- the guide, the function and the command -----------------------------------------------------


def test_the_guide_module_examples() -> None:
    failed, tried = doctest.testmod(guide)
    assert tried >= 2 and failed == 0
