"""The accuracy gate, as trafilatura's eval_gate: the real extractor on the seed and development gold
sets, every figure ``pactwatch eval`` reports held against its floor in ``floors.yaml``, and floors
that are only ever raised.

The gold is third-party news text, read from ``../shared`` beside the checkout and never copied
here; the gate fails loudly when it is missing. The model loads once for both sets.
"""
from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import pytest

import pactwatch
from pactwatch.errors import InputError
from pactwatch.evaluate import check_floors, evaluate, figures, lowered_floors, parse_floors, read_floors, read_jsonl

FLOORS = Path(__file__).with_name("floors.yaml")
SETS = read_floors(FLOORS)


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, float | None]]:
    """Each set's figures, from the real extractor run over its gold articles."""
    extractor = pactwatch.Extractor()
    values: dict[str, dict[str, float | None]] = {}
    for name, floor_set in SETS.items():
        gold = floor_set.gold
        assert gold is not None and gold.is_file(), \
            f"{name}: gold file missing: {gold} (the gate needs ../shared beside the checkout)"
        predictions = []
        for item in pactwatch.extract([gold], extractor=extractor):
            assert not isinstance(item, InputError), f"{name}: {item}"
            predictions.append(item.to_dict())
        values[name] = figures(evaluate(read_jsonl(gold), predictions))
    return values


def test_the_gate_covers_the_seeds_and_the_development_set():
    assert {"seeds", "dev"} <= set(SETS)


@pytest.mark.parametrize("set_name, figure", [(s, f) for s, floor_set in SETS.items() for f in floor_set.floors])
def test_figure_reaches_its_floor(measured, set_name, figure):
    (check,) = check_floors(measured[set_name], {figure: SETS[set_name].floors[figure]})
    shown = "not measured" if check.value is None else f"{check.value:.4f}"
    assert check.passed, (f"{set_name} {figure} = {shown}, below its floor {check.floor:.2f} in {FLOORS.name}; "
                          "floors are never lowered: rework the change until the figure is back")


@pytest.mark.parametrize("set_name", list(SETS))
def test_every_measured_figure_has_a_floor(measured, set_name):
    missing = {name: value for name, value in measured[set_name].items()
               if value is not None and name not in SETS[set_name].floors}
    assert not missing, f"{set_name}: figures with no floor in {FLOORS.name}; add them at their value rounded down: " + \
        ", ".join(f"{name}: {math.floor(value * 100 + 1e-9) / 100:.2f}" for name, value in missing.items())


# --------------------------------------------------------------------------- floors only rise


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=60)


def floors_lowered(repo: Path, path: Path) -> list[str] | None:
    """What the working floors file lowers against the last commit that touched it and that
    commit's parent version; None when git or the file's history is not there to ask."""
    if shutil.which("git") is None or _git(repo, "rev-parse", "--git-dir").returncode != 0:
        return None
    relative = path.resolve().relative_to(Path(_git(repo, "rev-parse", "--show-toplevel").stdout.strip()).resolve())
    last = _git(repo, "log", "-1", "--format=%H", "--", str(relative)).stdout.strip()
    if not last:
        return None
    working = parse_floors(path.read_text(encoding="utf-8"), str(path))
    problems: list[str] = []
    for revision in (last, f"{last}^"):
        shown = _git(repo, "show", f"{revision}:{relative.as_posix()}")
        if shown.returncode != 0:  # the commit added the file, or a shallow clone lacks the parent
            continue
        old = parse_floors(shown.stdout, f"{revision}:{relative}")
        problems += [f"{p} (against {revision[:12]}{'^' if revision.endswith('^') else ''})"
                     for p in lowered_floors(old, working)]
    return problems


def test_floors_are_only_raised():
    repo = Path(__file__).resolve().parents[2]
    problems = floors_lowered(repo, FLOORS)
    if problems is None:
        pytest.skip("no git history for the floors file (git missing, not a checkout, or the file is not committed)")
    assert not problems, f"{FLOORS.name} lowers floors, which are only ever raised: " + "; ".join(problems)


FLOOR_FILE = """\
sets:
  dev:
    floors:
      events_loose.f1: {f1}
      quotes.f1: 0.80
"""


def test_history_check_catches_lowered_floors_committed_or_not(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    path = repo / "tests" / "floors.yaml"
    assert _git(repo, "init", "-q").returncode == 0

    def commit(f1: str, message: str) -> None:
        path.write_text(FLOOR_FILE.format(f1=f1), encoding="utf-8")
        _git(repo, "add", "tests/floors.yaml")
        done = _git(repo, "-c", "user.name=gate", "-c", "user.email=gate@example.invalid", "commit", "-q", "-m", message)
        assert done.returncode == 0, done.stderr

    assert floors_lowered(repo, path) is None  # not committed yet: no history to compare with
    path.write_text(FLOOR_FILE.format(f1="0.30"), encoding="utf-8")
    commit("0.30", "first floors")
    assert floors_lowered(repo, path) == []
    commit("0.35", "raised")
    assert floors_lowered(repo, path) == []
    path.write_text(FLOOR_FILE.format(f1="0.33"), encoding="utf-8")  # lowered in the working tree
    head = _git(repo, "rev-parse", "HEAD").stdout[:12]
    assert floors_lowered(repo, path) == [f"dev: events_loose.f1 lowered from 0.35 to 0.33 (against {head})"]
    commit("0.33", "lowered and committed")
    assert floors_lowered(repo, path) == ["dev: events_loose.f1 lowered from 0.35 to 0.33"
                                          f" (against {_git(repo, 'rev-parse', 'HEAD').stdout[:12]}^)"]
