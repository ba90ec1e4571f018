"""The seeds' guidance where managers use it, made from the catalog: =AITEAM_ROLE and `aiteam roles`."""

from __future__ import annotations

import doctest
from typing import Any

import aiteam_udfs as udf
import pytest
from pydantic import ValidationError

from xl_aiteam import guide
from xl_aiteam.catalog import FILES, Catalog, load_catalog, read_data
from xl_aiteam.cli import main

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


def test_aiteam_role_gives_the_summary_or_a_list_spilled_down() -> None:
    role = C.role("ml_engineer")
    assert udf.AITEAM_ROLE("ML engineer") == role.summary.text
    assert udf.AITEAM_ROLE("ml_engineer", "responsibilities") == [[t.text] for t in role.responsibilities]
    assert udf.AITEAM_ROLE("ML engineer", "Red flags") == [[t] for t in role.evaluation.red_flags]  # type: ignore[union-attr]
    seniority = udf.AITEAM_ROLE("Data scientist", "seniority")
    assert seniority[0][0].startswith("junior (0-2 years): ") and seniority[-1][0].startswith("senior (5+ years): ")
    assert udf.AITEAM_ROLE("Data engineer", "interview") == "The seeds give no interview tasks for the role Data engineer."


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("Wizard",), "role = 'Wizard' is not allowed: must be one of ML engineer, Data scientist"),
        (("ML engineer", "salary"), "field = 'salary' is not allowed: must be one of summary, responsibilities, skills"),
        (("ML engineer", 2), "field = 2 is not allowed"),
    ],
)
def test_aiteam_role_names_what_is_allowed(args: tuple[Any, ...], needle: str) -> None:
    got = udf.AITEAM_ROLE(*args)
    assert got.startswith("#AITEAM! ") and needle in got and "\n" not in got


def test_aiteam_roles_prints_the_guide(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles"]) == 0
    out = capsys.readouterr().out
    assert all(role.name in out for role in C.roles.values())
    assert main(["roles", "mlops_engineer"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("MLOps engineer (infrastructure;") and "Data scientist" not in out
    assert "[seed 000]" in out and "no seniority markers" in out


def test_aiteam_roles_markdown_is_a_document_to_paste(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles", "ML engineer", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## ML engineer\n")
    for heading in ("### Responsibilities", "### Seniority markers", "### Red flags", "### Interview tasks", "### Sources"):
        assert f"\n{heading}\n" in out, heading
    assert "- **senior (5+ years)**: " in out
    assert f"- {C.role('ml_engineer').skills[0].text} *(seed 000)*" in out


def test_aiteam_roles_with_a_bad_role_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles", "Wizard"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert captured.err.startswith("aiteam: role = 'Wizard' is not allowed: must be one of ML engineer")
