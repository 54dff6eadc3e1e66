"""Hostile scenario files (what fuzzing found): each is one clean problem with its line and column,
and `supportbench validate` exits 2 with a short message, never a traceback."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from bench.cli import main
from bench.suite.load import check_file
from tests.conftest import MINIMAL, merge


def minimal_text(changes: dict | None = None) -> str:
    return yaml.safe_dump(merge(MINIMAL, changes or {}), allow_unicode=True, sort_keys=False)


def write(tmp_path: Path, text: str | bytes, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[str]:
    scenario, found = check_file(path)
    assert scenario is None
    return [str(p) for p in found]


def validate(path: Path):
    done = CliRunner().invoke(main, ["validate", str(path)])
    assert done.exit_code == 2, done.output
    assert done.exception is None or isinstance(done.exception, SystemExit)
    assert max(len(line) for line in done.output.splitlines()) < 1000
    return done


BOMB = (
    "a: &a ["
    + ",".join(["lol"] * 9)
    + "]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
)


def test_an_alias_bomb_is_one_short_problem(tmp_path):
    path = write(tmp_path, BOMB + minimal_text())
    (problem,) = problems_of(path)
    assert "YAML aliases (*name) repeat more than" in problem
    assert len(validate(path).output) < 2000


def test_a_300_character_domain_is_a_problem_not_an_os_error(tmp_path):
    path = write(tmp_path, minimal_text({"domain": "r" * 300, "id": "r" * 300 + ".x.y"}))
    found = problems_of(path)
    assert found and all(len(p) < 400 for p in found)
    assert "use 1 to 100 of a-z 0-9" in found[0]
    validate(path)


def test_an_unknown_domain_is_checked_before_it_becomes_a_path(tmp_path):
    path = write(tmp_path, minimal_text({"domain": "nowhere", "id": "nowhere.x.y"}))
    assert any("unknown domain" in p for p in problems_of(path))


def test_infinity_in_the_world_is_a_problem(tmp_path):
    text = minimal_text().replace("total: 12.5", "total: .inf")
    found = problems_of(write(tmp_path, text))
    assert len(found) == 1 and "world.orders.A1.total: inf is not a finite number" in found[0]


def test_a_duplicate_id_key_is_refused_with_its_line(tmp_path):
    text = minimal_text()
    path = write(tmp_path, text + "id: retail.test.other\n")
    line = len(text.splitlines()) + 1
    assert problems_of(path) == [f"{path}:{line}:1: id: duplicate key 'id' (first at line 2)"]


def test_a_non_utf8_scenario_names_the_byte(tmp_path):
    path = write(tmp_path, minimal_text().replace("Ann Test", "Ann Tést").encode("latin-1"))
    (problem,) = problems_of(path)
    assert "not UTF-8 text (byte 0xe9" in problem
    validate(path)


def test_a_date_written_without_quotes_is_a_problem_saying_to_quote_it(tmp_path):
    text = minimal_text().replace("today: '2026-03-10'", "today: 2026-03-10")
    assert "today: '2026-03-10' is read as a date: write it in quotes" in problems_of(write(tmp_path, text))[0]


def test_a_long_bad_value_is_quoted_short(tmp_path):
    path = write(tmp_path, minimal_text({"customer": {"emotion": "x" * 20_000}}))
    (problem,) = problems_of(path)
    assert "customer.emotion" in problem and len(problem) < 400 and "…" in problem


def test_deep_nesting_is_one_problem(tmp_path):
    path = write(tmp_path, minimal_text() + "tags: " + "[" * 100 + "]" * 100 + "\n")
    (problem,) = problems_of(path)
    assert "nested deeper than 64 levels" in problem


def test_probe_turn_numbers_are_still_integer_keys(tmp_path):
    """The library writes `turns: {2: ...}`: the loader reads the key as "2" and the probe works."""
    from bench.suite.load import builtin_suite

    path = next(p for p in sorted(builtin_suite().rglob("*.yaml")) if "\n    2:\n" in p.read_text(encoding="utf-8"))
    scenario, found = check_file(path)
    assert found == [] and scenario is not None


def test_a_large_library_checked_in_worker_processes_gives_the_same_result(tmp_path, monkeypatch):
    from bench.suite import load

    for i in range(6):
        write(tmp_path, minimal_text({"id": f"retail.test.c{i}"}), f"c{i}.yaml")
    write(tmp_path, minimal_text({"id": "retail.test.c0"}), "dup.yaml")
    write(tmp_path, minimal_text().replace("total: 12.5", "total: .nan"), "nan.yaml")
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    serial = load.check_paths([tmp_path])
    parallel = load.check_paths([tmp_path], parallel=True)
    assert [s.id for s in parallel[0]] == [s.id for s in serial[0]] and len(serial[0]) == 6
    assert [str(p) for p in parallel[1]] == [str(p) for p in serial[1]] and len(serial[1]) == 2
