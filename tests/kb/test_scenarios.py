"""The scenario battery (tests/kb/scenarios*.yaml, one file per group of treaties or faults): attacks
with the answers written from the treaty texts and practice before the reasoning was run. Each
scenario is one test, named by its id."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactwatch.kb import Attack, check_obligations, default_kb

SCENARIOS = [
    scenario
    for path in sorted(Path(__file__).parent.glob("scenarios*.yaml"))
    for scenario in yaml.safe_load(path.read_text(encoding="utf-8")) or []
]


def test_the_battery_is_large_and_every_scenario_is_sourced():
    assert len(SCENARIOS) >= 40
    ids = [s["id"] for s in SCENARIOS]
    assert len(ids) == len(set(ids)), "scenario ids must be unique"
    for s in SCENARIOS:
        assert s.get("expect") and s.get("why") and str(s.get("source", "")).startswith("http"), s["id"]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario(scenario):
    a = scenario["attack"]
    attack = Attack(a["attacked"], a.get("by"), a.get("where"), a["date"])
    verdicts = {v.obligation: v.to_dict() for v in check_obligations(default_kb(), attack)}
    problems = []
    for obligation, expected in scenario["expect"].items():
        expected = expected if isinstance(expected, dict) else {"verdict": expected}
        got = verdicts.get(obligation)
        if expected.get("absent"):
            if got is not None:
                problems.append(f"{obligation}: expected absent, got {got['verdict']}")
            continue
        if got is None:
            problems.append(f"{obligation}: missing from the answer ({sorted(verdicts)})")
            continue
        for key in ("verdict", "stage"):
            if key in expected and got.get(key) != expected[key]:
                problems.append(f"{obligation}: {key} {got.get(key)!r}, expected {expected[key]!r}; steps: "
                                + " | ".join(f"{s['question']} {s['answer']}" for s in got["steps"]))
        if "bound" in expected and sorted(got.get("bound") or []) != sorted(expected["bound"]):
            problems.append(f"{obligation}: bound {got.get('bound')}, expected {expected['bound']}")
        if "not_bound" in expected:
            parties = sorted(n["party"] for n in got.get("not_bound") or [])
            if parties != sorted(expected["not_bound"]):
                problems.append(f"{obligation}: not bound {parties}, expected {expected['not_bound']}")
            if any(not n.get("reason") for n in got.get("not_bound") or []):
                problems.append(f"{obligation}: a party not bound without a reason")
    assert not problems, f"{scenario['id']} ({scenario['why']}):\n  " + "\n  ".join(problems)
