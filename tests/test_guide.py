"""The seeds' guidance where managers use it: the Roles, Team structure and Model lifecycle
sheets, the links into them, =AITEAM_ROLE and `aiteam roles`, all made from the catalog."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path
from typing import Any

import aiteam_udfs as udf
import pytest
from openpyxl import load_workbook
from pydantic import ValidationError

from xl_aiteam import guide
from xl_aiteam.catalog import FILES, Catalog, load_catalog, read_data
from xl_aiteam.cli import main
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS, planner_layout
from xl_aiteam.layout.blocks import block_name
from xl_aiteam.workbook import committed_workbooks, fill_workbook

C = load_catalog()
STAGE2 = next(p for p in committed_workbooks() if p.name == "AITeamPlanner-stage2.xlsx")
GUIDE_SHEETS = {SHEET["roles"], SHEET["team"], SHEET["lifecycle"]}
# keys whose values are codes, not text a reader looks for (levels and years are looked for below)
NOT_TEXT = {"version", "id", "source", "function", "function_source", "owner_source", "levels", "level", "min_level"}
NOT_TEXT |= {"see", "deliverable_see"}


def _texts(node: Any, key: str = "") -> list[str]:
    """Every sentence or name of a data file, as a reader must find it: role ids as the role's name."""
    if key in NOT_TEXT:
        return []
    if isinstance(node, dict):
        return [t for k, v in node.items() for t in _texts(v, k)]
    if isinstance(node, list):
        return [t for v in node for t in _texts(v, key)]
    if isinstance(node, str):
        return [C.roles[node].name if node in C.roles else node]
    return []


def _items() -> list[str]:
    """The catalog items of the three files, plus the figures a reader needs beside them (years, weeks)."""
    texts = [t for name in ("roles", "organisation", "lifecycle") for t in _texts(read_data(name))]
    texts += [f"{m.level.value} ({guide.years(m.years)})" for r in C.roles.values() for m in r.seniority]
    texts += [f"{s.weeks.low:g}-{s.weeks.high:g} weeks" for s in C.lifecycle.lifecycle if s.weeks and s.weeks.high]
    return texts


def _cells(path: Path, skip: frozenset[str] = frozenset()) -> list[str]:
    wb = load_workbook(path, data_only=True)  # a link shows its label: its cached value
    return [str(c.value) for ws in wb.worksheets if ws.title not in skip for row in ws.iter_rows() for c in row if c.value]


def _missing(cells: list[str]) -> list[str]:
    return [t for t in _items() if not any(t in cell for cell in cells)]


def test_every_catalog_item_of_roles_organisation_and_lifecycle_appears_on_a_sheet() -> None:
    cells = _cells(STAGE2)
    assert len(_items()) > 300
    assert _missing(cells) == []
    # the test can fail: without the Roles sheet the role responsibilities are nowhere
    without_roles = _missing(_cells(STAGE2, frozenset({SHEET["roles"]})))
    assert C.role("data_engineer").responsibilities[0].text in without_roles


def test_each_role_starts_a_printed_page_and_a_refill_keeps_one_break_each(tmp_path: Path) -> None:
    names = [C.role(r).name for r in guide.role_order()]
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    for _ in range(3):  # as built, then refilled twice
        ws = load_workbook(path)[SHEET["roles"]]
        starts = [b.id + 1 for b in ws.row_breaks.brk]
        assert [ws.cell(r, 1).value for r in starts] == names
        fill_workbook(path)


def test_the_skills_matrix_and_the_roles_sheet_use_one_order() -> None:
    wb = load_workbook(STAGE2, data_only=True)
    order = [C.role(r).name for r in guide.role_order()]
    roles = wb[SHEET["roles"]]
    index = [roles.cell(r, 1).value for r in range(6, 6 + len(order))]
    assert index == order
    skills = wb[SHEET["skills"]]
    rated = [skills.cell(4, c).value for c in range(2, 2 + len(C.hiring.skills_matrix.roles))]
    assert rated == [n for n in order if n in rated]
    head = next(r for r in range(1, 60) if skills.cell(r, 3).value == "What the role is for")
    assert [skills.cell(head + 1 + i, 1).value for i in range(len(order))] == order


def _target(wb: Any, formula: str) -> tuple[str, str]:
    """The sheet and cell a HYPERLINK("#Name", ...) formula jumps to."""
    name = re.match(r'=HYPERLINK\("#(\w+)"', formula)
    assert name, formula
    sheet, _, at = wb.defined_names[name[1]].attr_text.partition("!")
    return sheet.strip("'"), at.replace("$", "").split(":")[0]


def test_checks_and_the_playbook_link_to_the_block_their_advice_comes_from() -> None:
    wb = load_workbook(STAGE2)
    checks = wb[SHEET["checks"]]
    assert checks.cell(4, 7).value == "Where the advice comes from"
    linked = {}
    for r in range(5, checks.max_row + 1):
        code, link = checks.cell(r, 1).value, checks.cell(r, 7).value
        if link:
            linked[code] = _target(wb, link)
    assert set(linked) == {m.code for m in C.hiring.mistakes if m.see}
    assert {m.code for m in C.hiring.mistakes if m.see} >= {"NO_DATA_SCIENCE", "NO_DOMAIN_EXPERT", "PLATFORM_LATE", "MLOPS_LATE"}
    sheet, at = linked["NO_DOMAIN_EXPERT"]
    assert sheet == SHEET["team"] and "four functions" in wb[sheet][at].value
    sheet, at = linked["MLOPS_LATE"]
    assert sheet == SHEET["roles"] and wb[sheet][at].value == C.role("mlops_engineer").name
    playbook = wb[SHEET["playbook"]]
    assert playbook.cell(4, 11).value == "Guide"
    links = [playbook.cell(r, 11).value for r in range(5, playbook.max_row + 1) if playbook.cell(r, 6).value]
    sees = [s for p in C.lifecycle.playbook for s in [*p.see, p.deliverable_see]]
    assert [bool(link) for link in links] == [bool(s) for s in sees]
    assert all(_target(wb, link)[0] in GUIDE_SHEETS for link in links if link)


def test_staffing_links_each_role_to_its_block_and_follows_a_changed_role() -> None:
    wb = load_workbook(STAGE2)
    cached = load_workbook(STAGE2, data_only=True)
    ws, shown = wb[SHEET["staffing"]], cached[SHEET["staffing"]]
    roles = cached[SHEET["roles"]]
    names = {roles.cell(r, 1).value: roles.cell(r, 4).value for r in range(6, 6 + len(C.roles))}  # GuideRoleNames -> GuideRoleTargets
    assert wb.defined_names["GuideRoleNames"].attr_text.endswith("$A$6:$A$17")
    assert wb.defined_names["GuideRoleTargets"].attr_text.endswith("$D$6:$D$17")
    for r in range(5, 5 + 11):
        role = shown.cell(r, STAFFING_COLUMNS["role"]).value  # the seat's role, as cached beside its formula
        formula = ws.cell(r, STAFFING_COLUMNS["guide"]).value
        assert "INDEX(GuideRoleTargets,MATCH($B" in formula, formula  # looked up live from the Role cell
        assert shown.cell(r, STAFFING_COLUMNS["guide"]).value == f"Roles: {role}"
        sheet, at = _target(wb, f'=HYPERLINK("#{names[role]}")')
        assert wb[sheet][at].value == role


def test_every_link_of_the_workbook_goes_to_a_defined_block() -> None:
    wb = load_workbook(STAGE2)
    links = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK(")]
    links = [link for link in links if "GuideRoleTargets" not in link]  # Staffing's, looked up live: tested above
    assert len(links) > 40
    for link in links:
        sheet, _ = _target(wb, link)
        assert sheet in GUIDE_SHEETS, link


def test_the_team_structure_figures_are_live_formulas_over_staffing_names() -> None:
    ws = load_workbook(STAGE2)[SHEET["team"]]
    formulas = [str(c.value) for row in ws.iter_rows() for c in row if str(c.value).startswith("=")]
    joined = " ".join(formulas)
    for name in ("StaffFte", "StaffCoverDataScience", "StaffCoverMlEngineering", "StaffCoverInfrastructure", "StaffCoverDomain"):
        assert name in joined, name
    assert "PlatformThreshold" in joined


def test_block_names_and_every_see_of_the_data_files_names_a_block() -> None:
    assert block_name("role:ml_engineer") == "GuideRoleMlEngineer"
    assert block_name("team_types") == "GuideTeamTypes"
    spec = _layout_names()
    keys = [m.see for m in C.hiring.mistakes] + [s for p in C.lifecycle.playbook for s in [*p.see, p.deliverable_see]]
    for key in filter(None, keys):
        assert block_name(key) in spec, key


def _layout_names() -> dict[str, str]:
    from xl_aiteam import build_plan
    from xl_aiteam.assumptions import default_assumptions

    return planner_layout(build_plan(default_assumptions(2))).names


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
