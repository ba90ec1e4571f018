"""The ``aiteam`` command.

    aiteam plan --stage 2              positions, levels and start months
    aiteam budget --stage 2            cost by category per quarter and year (--csv: every row, every month)
    aiteam check [FILE]                findings for a plan (FILE: an assumptions .yaml/.json)
    aiteam timeline / playbook         the hiring timeline and the leader's 90-day playbook
    aiteam roles [ROLE]                the hiring guide (--markdown: a document to paste)
    aiteam init FILE                   write the default assumptions to edit
    aiteam build --out plan.xlsx       the planner workbook (.xlsx, or .xlsm with the xlwings macros)
    aiteam templates                   rebuild the committed workbook/ and templates/
    aiteam fill FILE                   refill a saved workbook from the model, in place, keeping edits
    aiteam risk --stage 3 --runs 10000 the risk that hiring runs late: P10, P50, P90 of each measure
    aiteam variance FILE               plan, actual, variance and forecast of a saved workbook (--period M|Q|Y, --csv)
    aiteam bridge --stage 2 --window 12  hire, contract, or contract then hire: each open position compared
    aiteam budget --scenario Lean      the budget under a scenario of the assumptions
    aiteam compare [FILE]              every scenario side by side (--csv)

Bad input prints one line on stderr and exits with 2; ``check`` exits with 1 when the
plan has findings of severity error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from . import __version__
from .assumptions import Assumptions, parse_assumptions, read_assumptions_file, save_assumptions
from .budget import budget_totals, project_budget
from .catalog import FUNCTION_LABELS
from .errors import AITeamError, ErrorCode, InputError
from .plan import Finding, build_plan, check_plan, coverage
from .playbook import hiring_timeline, playbook_frame
from .rules import MAX_HORIZON, check_number, choices, date_range, one_of

if TYPE_CHECKING:  # pandas is imported by the commands that print tables, not by build or fill
    import pandas as pd

__all__ = ["main"]

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but its usage errors are one line like every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(
            EXIT_BAD_INPUT,
            f"aiteam: {message} (see 'aiteam {self.prog.split()[-1]} --help')\n"
            if " " in self.prog
            else f"aiteam: {message} (see 'aiteam --help')\n",
        )


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--assumptions", "-a", metavar="FILE", help="assumptions file (.yaml, .yml or .json)")
    parser.add_argument("--stage", type=_whole, metavar="N", help=f"maturity stage: {one_of(choices('stage').values)}")
    parser.add_argument("--size", metavar="POINT", help=f"point of the seed's ranges: {one_of(choices('size').values)}")
    parser.add_argument("--products", type=_whole, metavar="N", help="products with an applied ML team (stage 3)")
    parser.add_argument("--start", metavar="YYYY-MM-DD", help="first day of the plan")
    parser.add_argument("--horizon", type=_whole, metavar="MONTHS", help=f"months in the plan, 1-{MAX_HORIZON}")
    parser.add_argument("--hiring-delay", type=_whole, metavar="N", help="months every search opens later than planned (default 0)")
    parser.add_argument("--fiscal-year-start", type=_whole, metavar="M", help="the month the fiscal year starts, 1-12 (default 1)")


def _whole(text: str) -> int | str:
    """Keep what the user typed if it is not a whole number: the model names the field."""
    try:
        return int(text)
    except ValueError:
        return text


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="aiteam", description="Plan an AI/ML team: roles, hiring order, cost.")
    parser.add_argument("--version", action="version", version=f"aiteam {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("plan", help="positions with levels, employment and start months")
    _inputs(p)
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")

    p = sub.add_parser("budget", help="cost by category per quarter and year")
    _inputs(p)
    p.add_argument("--csv", action="store_true", help="every position and cost line, every month, as CSV")
    p.add_argument("--period", choices=("M", "Q", "Y"), default=None, help="one table per month, quarter or year")
    p.add_argument("--scenario", metavar="NAME", help="a scenario of the assumptions (default: the one they select)")

    p = sub.add_parser("compare", help="every scenario side by side: cost by fiscal year, peak headcount, team complete")
    p.add_argument("file", nargs="?", metavar="FILE", help="an assumptions file (.yaml, .yml, .json) or a planner workbook (.xlsx, .xlsm)")
    _inputs(p)
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")

    p = sub.add_parser("check", help="hiring mistakes and function coverage of a plan")
    p.add_argument("file", nargs="?", metavar="FILE", help="an assumptions file (.yaml, .yml, .json) or a planner workbook (.xlsx, .xlsm)")
    _inputs(p)

    p = sub.add_parser("timeline", help="when each search opens, each person starts and is productive")
    _inputs(p)
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")

    p = sub.add_parser("playbook", help="the leader's 90-day playbook with due dates")
    _inputs(p)
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")

    p = sub.add_parser("roles", help="the hiring guide: each role's work, skills, seniority, what to look for, red flags, interview tasks")
    p.add_argument("role", nargs="?", metavar="ROLE", help='one role, by name ("ML engineer") or id (ml_engineer); default: every role')
    p.add_argument("--markdown", action="store_true", help="write a Markdown document a hiring manager can paste")

    p = sub.add_parser("build", help="write the planner workbook with live formulas")
    _inputs(p)
    p.add_argument("--out", "-o", metavar="FILE", required=True, help="where to write: .xlsx, or .xlsm for the macro-enabled workbook")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    sub.add_parser("templates", help="rebuild the committed workbook/AITeamPlanner.xlsm and templates/*.xlsx")

    p = sub.add_parser("fill", help="refill a saved workbook's Staffing, Budget and playbook from the model, in place")
    p.add_argument("file", metavar="FILE", help="a planner workbook (.xlsx or .xlsm)")
    p.add_argument("--what", choices=("all", "plan", "playbook"), default="all", help="which sheets (default: all)")
    p.add_argument("--force", action="store_true", help="write the new plan over cells you filled where it needs them")

    p = sub.add_parser("risk", help="the risk that hiring runs late: P10, P50 and P90 of the simulated runs")
    _inputs(p)
    p.add_argument("--runs", type=_whole, metavar="N", help="runs of the simulation, 1 to 1,000,000 (default: the assumptions', 10,000)")
    p.add_argument("--seed", type=_whole, metavar="S", help="random seed: the same seed gives the same figures")
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")
    p = sub.add_parser("variance", help="plan, actual, variance and forecast by category and period, from a saved workbook")
    p.add_argument("file", metavar="FILE", help="a planner workbook (.xlsx or .xlsm) with actuals on its Actuals sheet")
    p.add_argument("--period", choices=("M", "Q", "Y"), default="Q", help="month, fiscal quarter (default) or fiscal year")
    p.add_argument("--csv", action="store_true", help="write CSV to stdout (variance %% as a fraction)")

    p = sub.add_parser("bridge", help="hire, contract, or contract then hire: each open position compared over a window")
    _inputs(p)
    p.add_argument("--window", type=_whole, metavar="M", help=f"months compared from each search's opening, 1-{MAX_HORIZON} (default 12)")
    p.add_argument("--csv", action="store_true", help="write CSV to stdout")

    p = sub.add_parser("init", help="write the default assumptions to a file to edit")
    p.add_argument("file", metavar="FILE", help="where to write (.yaml, .yml or .json)")
    p.add_argument("--stage", type=_whole, metavar="N", help=f"maturity stage: {one_of(choices('stage').values)}")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser


def _assumptions(args: argparse.Namespace, row_findings: list[Finding] | None = None) -> Assumptions:
    """The file's inputs (if any) with the command-line flags on top, validated once. With
    ``row_findings``, a workbook's Staffing rows the model cannot plan are left out and added there."""
    path = getattr(args, "file", None) or getattr(args, "assumptions", None)
    data: dict[str, Any]
    if path and path.lower().endswith((".xlsx", ".xlsm")) and row_findings is not None:
        from .workbook import read_assumptions_and_row_findings

        read, found = read_assumptions_and_row_findings(path)
        data = read.model_dump()
        row_findings += found
    elif path and path.lower().endswith((".xlsx", ".xlsm")):
        from .workbook import read_assumptions

        data = read_assumptions(path).model_dump()
    else:
        data = read_assumptions_file(path) if path else {}
    flags = {
        "stage": getattr(args, "stage", None),
        "size": getattr(args, "size", None),
        "products": getattr(args, "products", None),
        "horizon_months": getattr(args, "horizon", None),
        "hiring_delay_months": getattr(args, "hiring_delay", None),
        "fiscal_year_start": getattr(args, "fiscal_year_start", None),
        "start_date": getattr(args, "start", None),
        "decision_window_months": getattr(args, "window", None),
        "scenario": getattr(args, "scenario", None),
    }
    for key, value in flags.items():
        if value is None:
            continue
        if key == "start_date":
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise InputError("--start", value, date_range("start_date").allowed(), code=ErrorCode.NOT_A_DATE) from None
        data[key] = value
    return parse_assumptions(data, where=os.path.basename(path) if path else "")


def _money(frame: pd.DataFrame) -> str:
    return frame.to_string(float_format=lambda v: f"{v:,.0f}")


def _print_csv(frame: pd.DataFrame, index: bool = True) -> None:
    frame.to_csv(sys.stdout, index=index, float_format="%.2f", lineterminator="\n")


def _cmd_plan(args: argparse.Namespace) -> int:
    a = _assumptions(args)
    plan = build_plan(a)
    frame = plan.frame()[
        [
            "role_name",
            "level",
            "fte",
            "employment",
            "group",
            "search_month",
            "start_month",
            "start_date",
            "annual_salary",
            "annual_cost",
            "location",
        ]
    ]
    if args.csv:
        _print_csv(frame)
        return 0
    print(
        f"Stage {a.stage} plan ({a.size} end of the seed ranges): {len(plan.positions)} positions, {plan.fte:g} FTE, "
        f"starting {a.start_date:%Y-%m-%d}, salaries and costs in {a.currency} "
        f"(the reporting currency; blank location: {a.locations[0].name})"
    )
    print(
        frame.rename(
            columns={
                "role_name": "role",
                "search_month": "search",
                "start_month": "start",
                "annual_salary": "salary",
                "annual_cost": "cost/year",
            }
        ).to_string(formatters={"salary": "{:,.0f}".format, "cost/year": "{:,.0f}".format, "fte": "{:g}".format})
    )
    cover = coverage(plan)
    print("Coverage (FTE): " + ", ".join(f"{FUNCTION_LABELS[f]} {v:g}" for f, v in cover.items()))
    return 0


def _cmd_budget(args: argparse.Namespace) -> int:
    a = _assumptions(args)
    plan = build_plan(a)
    budget = project_budget(plan)
    if args.csv:
        out = budget.copy()
        out.columns = [str(c) for c in out.columns]
        _print_csv(out)
        return 0
    print(
        f"Stage {a.stage} budget, {a.horizon_months} months from {a.start_date:%Y-%m-%d}, in {a.currency} "
        f"({len(plan.positions)} positions, {plan.fte:g} FTE; scenario {plan.assumptions.scenario})"
    )
    for period in [args.period] if args.period else ["Q", "Y"]:
        totals = budget_totals(budget, period, a.fiscal_year_start)
        totals.columns = [str(c) for c in totals.columns]
        print()
        print(_money(totals))
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    import pandas as pd

    from .scenarios import compare_scenarios

    a = _assumptions(args)
    frame = pd.DataFrame(compare_scenarios(a)).T
    if args.csv:
        _print_csv(frame)
        return 0
    print(f"Scenarios of the stage {a.stage} plan, {a.horizon_months} months from {a.start_date:%Y-%m-%d}, costs in {a.currency}")
    shown = frame.astype(object)
    for label in frame.index:
        money = label.startswith("Cost")
        shown.loc[label] = [f"{v:,.0f}" if money else f"{v:g}" for v in frame.loc[label]]
    print(shown.to_string())
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    rows: list[Finding] = []  # a workbook's Staffing rows the model cannot plan, as its Checks sheet flags them
    a = _assumptions(args, rows)
    plan = build_plan(a)
    findings = [*rows, *check_plan(plan)]
    source = args.file or args.assumptions or "default assumptions"
    if source.lower().endswith(".xlsm"):
        from .workbook import vba_finding

        changed = vba_finding(source)
        findings = [*findings, changed] if changed else findings
    if not findings:
        print(f"{source}: stage {a.stage} plan of {len(plan.positions)} positions passes every check.")
        return 0
    for f in findings:
        where = f" [{', '.join(f.positions)}]" if f.positions else ""
        print(f"{f.severity.upper():7} {f.code}: {f.message}{where}\n        fix: {f.fix}")
    errors = sum(f.severity == "error" for f in findings)
    print(f"{source}: {len(findings)} finding(s), {errors} error(s).")
    return EXIT_FINDINGS if errors else 0


def _cmd_timeline(args: argparse.Namespace) -> int:
    frame = hiring_timeline(build_plan(_assumptions(args)), grid=args.csv)
    if args.csv:
        _print_csv(frame)
    else:
        print(frame.to_string())
    return 0


def _cmd_playbook(args: argparse.Namespace) -> int:
    frame = playbook_frame(_assumptions(args))
    if args.csv:
        _print_csv(frame, index=False)
        return 0
    for (number, name), rows in frame.groupby(["phase", "phase_name"], sort=True):
        first = rows.iloc[0]
        print(f"Phase {number}: {name} (days {first.day_from}-{first.day_to}, due {first.due_date:%Y-%m-%d}, owner {first.owner})")
        for row in rows.itertuples():
            print(f"  {'=>' if row.kind == 'Deliverable' else '-'} {row.item}")
    return 0


def _cmd_roles(args: argparse.Namespace) -> int:
    from .guide import find_role, role_order

    roles = [find_role(args.role)] if args.role is not None else role_order()
    print(_guide_markdown(roles) if args.markdown else _guide_text(roles))
    return 0


def _guide_text(roles: list[str]) -> str:
    """The hiring guide for the terminal: each item wrapped, with the document it came from."""
    import shutil
    import textwrap

    from .catalog import load_catalog
    from .guide import role_facts, role_guide, source_label

    width = max(60, min(100, shutil.get_terminal_size((100, 24)).columns))
    out: list[str] = []
    for role_id in roles:
        role = load_catalog().role(role_id)
        out += [f"{role.name} ({role_facts(role)})", "=" * len(role.name)]
        missing = []
        for section in role_guide(role_id):
            if not section.items:
                missing.append(section.title.lower())
                continue
            out.append(f"  {section.title}")
            for item in section.items:
                text = f"{item.lead}: {item.text}" if item.lead else item.text
                source = source_label(item.source).replace(" ", "\xa0")  # kept on one line: "[seed 000]"
                wrapped = textwrap.fill(
                    f"{text} [{source}]", width, initial_indent="    - ", subsequent_indent="      ", break_on_hyphens=False
                )
                out.append(wrapped.replace("\xa0", " "))
        if missing:
            out.append(f"  (The seeds give no {_listed(missing)} for this role.)")
        out.append("")
    return "\n".join(out).rstrip("\n")


def _guide_markdown(roles: list[str]) -> str:
    """The hiring guide as a Markdown document: a heading per role and section, the sources at the end."""
    from .catalog import load_catalog
    from .guide import role_facts, role_guide, source_label

    catalog = load_catalog()
    out = ["# Roles and interview guide", ""] if len(roles) > 1 else []
    used: set[str] = set()
    for role_id in roles:
        role = catalog.role(role_id)
        out += [f"## {role.name}", "", f"*{role_facts(role)}*", ""]
        missing = []
        for section in role_guide(role_id):
            if not section.items:
                missing.append(section.title.lower())
                continue
            out += [f"### {section.title}", ""]
            for item in section.items:
                used.add(item.source)
                lead = f"**{item.lead}**: " if item.lead else ""
                out.append(f"- {lead}{item.text} *({source_label(item.source)})*")
            out.append("")
        if missing:
            out += [f"*The seeds give no {_listed(missing)} for this role.*", ""]
    out += ["### Sources", ""]
    for key in sorted(used):
        doc = catalog.sources[key]
        out.append(f"- {source_label(key)}: {doc.title}")
    return "\n".join(out)


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _cmd_build(args: argparse.Namespace) -> int:
    from .workbook import build_workbook

    if os.path.exists(args.out) and not args.force:
        raise InputError("--out", args.out, "already exists; choose another name or pass --force to overwrite it", code=ErrorCode.EXISTS)
    a = _assumptions(args)
    path = build_workbook(a, args.out)
    plan = build_plan(a)
    print(f"Wrote {path}: stage {a.stage}, {len(plan.positions)} positions, {a.horizon_months} months from {a.start_date:%Y-%m-%d}.")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from .workbook import regenerate

    for path in regenerate():
        print(f"Wrote {path}")
    return 0


def _cmd_fill(args: argparse.Namespace) -> int:
    from .workbook import fill_workbook

    a = fill_workbook(args.file, args.what, force=args.force)
    team = a.team or []
    manual = sum(line.manual for line in team)
    print(f"Refilled {args.file}: stage {a.stage}, {len(team)} positions ({manual} manual), {a.horizon_months} months.")
    return 0


def _cmd_risk(args: argparse.Namespace) -> int:
    import pandas as pd

    from .risk import risk_rows, simulate

    a = _assumptions(args)
    sim = simulate(build_plan(a), args.runs, args.seed)
    frame = pd.DataFrame(
        [(r.label, r.unit, r.plan, r.p10, r.p50, r.p90) for r in risk_rows(sim)],
        columns=["measure", "unit", "plan", "P10", "P50", "P90"],
    ).set_index("measure")
    if args.csv:
        _print_csv(frame)
        return 0
    print(
        f"Stage {a.stage} hiring risk: {sim.runs:,} runs, seed {sim.seed}, {len(sim.plan.positions)} positions, "
        f"{a.horizon_months} months from {a.start_date:%Y-%m-%d}, money in {a.currency}"
    )
    print(frame.to_string(float_format=lambda v: f"{v:,.0f}"))
    return 0


def _cmd_variance(args: argparse.Namespace) -> int:
    from .actuals import variance
    from .workbook import read_actuals

    a, actuals = read_actuals(args.file)
    if actuals.problems:
        first, *rest = actuals.problems
        raise first.error(os.path.basename(args.file), len(rest))
    frame = variance(build_plan(a), actuals, args.period)
    percent = frame.index.get_level_values("measure") == "variance %"
    if args.csv:
        shown = frame.astype(object)
        shown[~percent] = frame[~percent].round(2)
        shown[percent] = frame[percent].round(6)
        shown.to_csv(sys.stdout, lineterminator="\n", na_rep="")
        return 0
    closed = f"months 1-{a.actuals_through} closed" if a.actuals_through else "no month closed yet (ActualsThrough = 0)"
    print(f"{args.file}: plan, actuals and forecast in {a.currency}, {closed}; variance against the plan of the closed months")
    text = frame.astype(object)
    text[~percent] = frame[~percent].map(lambda v: "" if v != v else f"{v:,.0f}")
    text[percent] = frame[percent].map(lambda v: "" if v != v else f"{v:.1%}")
    print(text.to_string())
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    path = args.file
    if os.path.exists(path) and not args.force:
        raise InputError("FILE", path, "already exists; choose another name or pass --force to overwrite it", code=ErrorCode.EXISTS)
    a = parse_assumptions({} if args.stage is None else {"stage": args.stage})
    save_assumptions(a, path)
    print(f"Wrote the stage {a.stage} default assumptions to {path}; edit it and pass it with --assumptions.")
    return 0


def _cmd_bridge(args: argparse.Namespace) -> int:
    from .bridge import bridge_frame, bridge_summary

    if args.window is not None:  # named as the user typed it
        check_number("--window", args.window, "decision_window_months")
    plan = build_plan(_assumptions(args))
    frame = bridge_frame(plan)
    if args.csv:
        _print_csv(frame)
        return 0
    a = plan.assumptions
    print(f"Hire or contract, stage {a.stage}: each open position over {a.decision_window_months} months from its search, in {a.currency}")
    shown = frame.rename(columns=lambda c: c.replace("_productive_months", "_work").replace("_cost_per_productive_month", "_per_month"))
    shown = shown.drop(columns=[c for c in shown.columns if c.endswith("_productive_from")] + ["level"])
    print(shown.to_string(float_format=lambda v: f"{v:,.2f}", na_rep="-"))
    print()
    print("\n".join(bridge_summary(plan)))
    return 0


COMMANDS = {
    "plan": _cmd_plan,
    "budget": _cmd_budget,
    "check": _cmd_check,
    "timeline": _cmd_timeline,
    "playbook": _cmd_playbook,
    "roles": _cmd_roles,
    "init": _cmd_init,
    "build": _cmd_build,
    "templates": _cmd_templates,
    "fill": _cmd_fill,
    "risk": _cmd_risk,
    "variance": _cmd_variance,
    "bridge": _cmd_bridge,
    "compare": _cmd_compare,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except AITeamError as exc:
        print(f"aiteam: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `aiteam budget --csv | head`
        return 0
    except Exception as exc:
        if os.environ.get("AITEAM_DEBUG"):
            raise
        print(
            f"aiteam: internal error ({exc.__class__.__name__}: {exc}); run again with AITEAM_DEBUG=1 for details",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
