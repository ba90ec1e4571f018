"""The catalog reproduces the seed documents' tables and figures exactly.

The expected values below are typed from the seeds (shared/seeds/), independently of the
data files: removing or changing a fact in xl_aiteam/data makes one of these fail.
"""

from __future__ import annotations

import re

import pytest

from xl_aiteam.catalog import Function, Level, Rating, load_catalog

from .conftest import SEEDS

C = load_catalog()

# (label, role, low, high) per row of the seed 000 tables
STAGE_1 = [
    ("Senior ML Engineer", "ml_engineer", 1, 1),
    ("Data Engineer", "data_engineer", 1, 1),
    ("ML Engineer (mid)", "ml_engineer", 1, 1),
    ("AI Product Manager", "ai_product_manager", 0.5, 0.5),
    ("Data Scientist", "data_scientist", 0.5, 0.5),
]
STAGE_2 = [
    ("ML Engineers", "ml_engineer", 3, 4),
    ("Data Engineers", "data_engineer", 2, 3),
    ("MLOps Engineers", "mlops_engineer", 1, 2),
    ("Data Scientists", "data_scientist", 2, 3),
    ("AI Product Manager", "ai_product_manager", 1, 1),
    ("Head of AI / ML Lead", "head_of_ai", 1, 1),
]
# (name, low, high, per product)
STAGE_3 = [
    ("ML Platform", 5, 8, False),
    ("Applied ML (per product)", 3, 5, True),
    ("Data Platform", 4, 6, False),
    ("AI Research", 2, 4, False),
    ("AI Product", 2, 3, False),
]
M, N, X = Rating.MUST_HAVE, Rating.NICE_TO_HAVE, Rating.NOT_NEEDED
# skill: (ML engineer, data scientist, MLOps, AI PM), seed 000
SKILLS = {
    "Python (production-grade)": (M, N, M, X),
    "ML frameworks (PyTorch/TF)": (M, M, N, X),
    "Statistics and experimentation": (N, M, X, N),
    "Kubernetes and containers": (M, X, M, X),
    "CI/CD and automation": (M, X, M, X),
    "Cloud platforms (AWS/GCP/Azure)": (M, N, M, X),
    "SQL and data modeling": (M, M, N, X),
    "System design": (M, X, M, X),
    "Business acumen": (N, N, X, M),
    "Stakeholder communication": (N, M, X, M),
}


def _rows(stage: int) -> list[tuple[str, str, float, float | None]]:
    return [(line.label, line.role, line.count.low, line.count.high) for line in C.stage(stage).lines]


def test_stage_1_table_is_the_seed_table_and_sums_to_4_fte_inside_3_to_5() -> None:
    assert _rows(1) == STAGE_1
    total = sum(line.count.low for line in C.stage(1).lines)
    assert total == 4
    assert total in C.stage(1).people
    assert (C.stage(1).people.low, C.stage(1).people.high) == (3, 5)


def test_stage_1_fractions_are_kept_and_the_senior_engineer_is_senior() -> None:
    lines = {line.label: line for line in C.stage(1).lines}
    assert lines["AI Product Manager"].count.low == 0.5
    assert lines["Data Scientist"].count.high == 0.5
    assert lines["Senior ML Engineer"].levels == [Level.SENIOR]
    assert lines["ML Engineer (mid)"].levels == [Level.MID]


def test_stage_2_table_is_the_seed_table() -> None:
    assert _rows(2) == STAGE_2
    assert (C.stage(2).people.low, C.stage(2).people.high) == (8, 15)
    low = sum(line.count.low for line in C.stage(2).lines)
    high = sum(line.count.high or 0 for line in C.stage(2).lines)
    assert (low, high) == (10, 14)


def test_stage_3_is_sub_teams_with_applied_ml_sized_per_product() -> None:
    stage = C.stage(3)
    assert [(t.name, t.size.low, t.size.high, t.per_product) for t in stage.sub_teams] == STAGE_3
    assert (stage.people.low, stage.people.high, stage.people.open_ended) == (20, 40, True)
    assert not stage.lines


def test_each_stage_has_its_key_principle() -> None:
    principles = {s.number: s.principle.text.lower() for s in C.stages.stages}
    assert "engineering ahead of science" in principles[1]
    assert "specialists" in principles[2] and "experiments apart from production" in principles[2]
    assert "platforms" in principles[3] and "own infrastructure" in principles[3]
    assert all(s.principle.source == "s000" for s in C.stages.stages)


def test_scaling_bands() -> None:
    bands = [(b.name, b.people.low, b.people.high, b.people.open_ended) for b in C.stages.scaling_bands]
    assert bands == [("Small team", 5, 10, False), ("Medium team", 10, 30, False), ("Large team", 30, 50, True)]
    assert all(b.structure and b.focus and b.strengths and b.weaknesses for b in C.stages.scaling_bands)


def test_hiring_windows_in_order_with_who_is_hired() -> None:
    windows = C.hiring.windows
    assert [(w.start_month, w.end_month) for w in windows] == [(1, 3), (3, 6), (6, 9), (9, 12)]
    hires = [" ".join(w.hires).lower() for w in windows]
    assert "senior ml engineer" in hires[0]
    assert "data engineer" in hires[1] and "ml engineer" in hires[1]
    assert "mlops" in hires[2] and "product manager" in hires[2]
    assert "data scientist" in hires[3] and "ml engineer" in hires[3]
    first_window = {rw.role: rw.windows[0] for rw in C.hiring.role_windows}
    assert first_window["ml_engineer"] == "w1"
    assert first_window["data_engineer"] == "w2"
    assert first_window["mlops_engineer"] == "w3" and first_window["ai_product_manager"] == "w3"
    assert first_window["data_scientist"] == "w4"
    assert C.role_windows("ml_engineer") == ["w1", "w2", "w4"]  # senior, mid, then "additional"


def test_every_skills_matrix_cell() -> None:
    matrix = C.hiring.skills_matrix
    assert matrix.roles == ["ml_engineer", "data_scientist", "mlops_engineer", "ai_product_manager"]
    got = {row.skill: tuple(row.ratings[r] for r in matrix.roles) for row in matrix.rows}
    assert got == SKILLS


def test_common_mistakes_and_the_four_function_rule() -> None:
    codes = {m.code: m for m in C.hiring.mistakes}
    for code in ("DS_FIRST", "ALL_SENIOR", "ALL_JUNIOR", "MLOPS_LATE"):
        assert codes[code].source == "s000"
    rule = C.hiring.four_functions
    assert rule.functions == [Function.DATA_SCIENCE, Function.ML_ENGINEERING, Function.INFRASTRUCTURE, Function.DOMAIN]
    assert "weakest" in rule.statement and rule.source == "s003"
    for code in ("NO_DATA_SCIENCE", "NO_ML_ENGINEERING", "NO_INFRASTRUCTURE", "NO_DOMAIN_EXPERT"):
        assert codes[code].severity == "error" and codes[code].fix


ROLE_FUNCTIONS = {
    "ml_engineer": Function.ML_ENGINEERING,
    "data_scientist": Function.DATA_SCIENCE,
    "data_engineer": Function.ML_ENGINEERING,
    "mlops_engineer": Function.INFRASTRUCTURE,
    "ai_product_manager": Function.PRODUCT,
    "head_of_ai": Function.LEADERSHIP,
    "research_scientist": Function.DATA_SCIENCE,
    "research_engineer": Function.DATA_SCIENCE,
    "ml_platform_engineer": Function.INFRASTRUCTURE,
    "infrastructure_engineer": Function.INFRASTRUCTURE,
    "domain_expert": Function.DOMAIN,
    "project_manager": Function.PRODUCT,
}


def test_roles_with_their_functions_and_descriptions() -> None:
    assert {r: role.function for r, role in C.roles.items()} == ROLE_FUNCTIONS
    for role in C.roles.values():
        assert role.summary.text and role.responsibilities, role.id
    # only a senior ML engineer owns infrastructure (the stage 1 table's note)
    mle = C.role("ml_engineer")
    assert Function.INFRASTRUCTURE in mle.covers(Level.SENIOR)
    assert Function.INFRASTRUCTURE not in mle.covers(Level.MID)


@pytest.mark.parametrize("role", ["ml_engineer", "data_scientist"])
def test_seniority_markers(role: str) -> None:
    markers = {m.level: (m.years.low, m.years.high) for m in C.role(role).seniority}
    assert markers == {Level.JUNIOR: (0, 2), Level.MID: (2, 5), Level.SENIOR: (5, None)}


@pytest.mark.parametrize("role", ["research_scientist", "ml_engineer", "ai_product_manager"])
def test_how_to_evaluate_candidates(role: str) -> None:
    ev = C.role(role).evaluation
    assert ev is not None and ev.source == "s002"
    assert len(ev.look_for) >= 4 and len(ev.red_flags) >= 4 and len(ev.interview) >= 4


def test_team_types_and_the_ai_pod() -> None:
    assert [t.id for t in C.organisation.team_types] == ["centralized", "decentralized", "hybrid", "embedded", "secondment"]
    pod = C.organisation.ai_pod
    assert sorted(pod.members) == ["data_engineer", "data_scientist", "ml_engineer", "project_manager"]
    assert pod.led_by == "data_scientist"


def test_lifecycle_weeks_and_the_90_day_playbook() -> None:
    weeks = [(s.weeks.low, s.weeks.high) if s.weeks else None for s in C.lifecycle.lifecycle]
    assert weeks == [(1, 2), (4, 8), (2, 4), (1, 2), None]
    phases = [(p.day_from, p.day_to, len(p.priorities)) for p in C.lifecycle.playbook]
    assert phases == [(1, 30, 5), (31, 60, 5), (61, 90, 5)]
    assert all(p.deliverable for p in C.lifecycle.playbook)


def test_compensation_ranges() -> None:
    ranges = {c.role: (c.low, c.high, c.open_ended) for c in C.costs.compensation}
    assert ranges == {
        "data_scientist": (150_000, 250_000, True),
        "ml_engineer": (180_000, 300_000, True),
        "ml_platform_engineer": (200_000, 350_000, True),
    }


@pytest.mark.parametrize(
    ("key", "low", "high", "source"),
    [
        ("compute_share_training", 0.5, 0.7, "s002"),
        ("compute_share_inference", 0.3, 0.5, "s002"),
        ("compute_share_data_processing", 0.1, 0.2, "s002"),
        ("spot_discount", 0.6, 0.8, "s002"),
        ("realtime_vs_batch", 10, 100, "s002"),  # real-time inference costs 10-100x batch
        ("ten_person_team_annual_cost", 3_000_000, 5_000_000, "s002"),
        ("staff_augmentation_saving", 0.4, 0.4, "s000"),  # the vendor's claim
        ("staff_augmentation_start", 2, 2, "s000"),  # weeks
        ("months_to_build_team", 9, 12, "s000"),
        ("platform_team_by", 10, 15, "s002"),
    ],
)
def test_cost_facts(key: str, low: float, high: float, source: str) -> None:
    fact = C.fact(key)
    assert (fact.low, fact.high, fact.source) == (low, high, source)


def test_gpu_prices_carry_source_and_date() -> None:
    prices = {g.id: g.hourly_rate for g in C.costs.gpu_prices}
    assert prices["aws_h100"] == 6.88 and prices["aws_a100_80gb"] == 3.43
    assert all(g.source == "anchors" and g.date == "2026-11" for g in C.costs.gpu_prices)


def test_every_source_is_a_known_document_that_exists() -> None:
    for doc in C.sources.values():
        if doc.kind == "seed":
            assert (SEEDS / doc.file.removeprefix("seeds/")).name.startswith(doc.key[1:]), doc
    if SEEDS.is_dir():
        seeds = sorted(p.name for p in SEEDS.iterdir())
        assert sorted(d.file.removeprefix("seeds/") for d in C.sources.values() if d.kind == "seed") == seeds


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def test_no_sentence_is_copied_from_the_seeds() -> None:
    """Facts carry over, sentences do not: no 8 words in a row as a seed has them."""
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the project")
    n = 8
    seed_grams: set[tuple[str, ...]] = set()
    for path in SEEDS.iterdir():
        words = _words(path.read_text(encoding="utf-8"))
        seed_grams |= {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    from xl_aiteam.catalog import FILES, read_data

    copied = []
    for name in FILES:
        for text in _strings(read_data(name)):
            words = _words(text)
            copied += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in seed_grams]
    assert copied == []
