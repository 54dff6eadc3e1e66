"""bench.core.files, the one reader of every input file: each hostile input the fuzzing found is a
LoadError whose problems say file:line:column: field: what is wrong, never another exception; and for
any bytes at all, the loaders return plain data or LoadError."""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.core import files
from bench.core.files import (
    MAX_DEPTH,
    LoadError,
    check_name,
    load_csv,
    load_json_lines,
    load_yaml,
    parse_json,
    parse_yaml,
    read_text,
)

LIBRARY = sorted(
    p for p in (Path(__file__).resolve().parents[2] / "scenarios").rglob("*.yaml") if "schema" not in p.parts
)


def problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as bad:
        parse_yaml(text, "f.yaml")
    return [str(p) for p in bad.value.problems]


def json_problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as bad:
        parse_json(text, "f.json")
    return [str(p) for p in bad.value.problems]


def is_plain(value) -> bool:
    """str, int, float (finite), bool, None, list and dict with text keys, all the way down (iteratively)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack += item.values()
        elif isinstance(item, list):
            stack += item
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif not (item is None or isinstance(item, str | int | bool)):
            return False
    return True


# -- YAML -------------------------------------------------------------------------------------------


def test_plain_yaml_is_read_as_plain_data():
    assert parse_yaml("a: 1\nb: [x, 2.5, true, null]\nc: {d: e}\n", "f") == {
        "a": 1,
        "b": ["x", 2.5, True, None],
        "c": {"d": "e"},
    }


def test_an_empty_file_is_none():
    assert parse_yaml("", "f") is None
    assert parse_yaml("# only a comment\n", "f") is None


def test_an_integer_key_is_read_as_its_text():  # probe turn numbers: `2: {say: ...}`
    assert parse_yaml("turns:\n  2: {say: hi}\n", "f") == {"turns": {"2": {"say": "hi"}}}


def test_a_few_aliases_are_built_as_copies():  # PyYAML's own dump writes them for shared objects
    data = parse_yaml("a: &x [1, 2]\nb: *x\n", "f")
    assert data == {"a": [1, 2], "b": [1, 2]} and data["a"] is not data["b"]


def test_an_alias_bomb_is_refused_quickly():
    bomb = "a: &a [" + ",".join(["lol"] * 9) + "]\n"
    bomb += "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    found = problems(bomb)
    assert len(found) == 1 and "YAML aliases (*name) repeat more than" in found[0]
    assert found[0].startswith("f.yaml:")


def test_an_alias_to_itself_is_refused_as_too_deep():
    assert "nested deeper than 64 levels" in problems("a: &a [*a]\n")[0]


def test_a_duplicate_key_is_refused_with_its_line_and_column():
    assert problems("id: a\ntitle: t\nid: b\n") == ["f.yaml:3:1: id: duplicate key 'id' (first at line 1)"]


def test_a_key_written_twice_as_number_and_text_is_a_duplicate():
    assert "duplicate key '2'" in problems("2: a\n'2': b\n")[0]


@pytest.mark.parametrize(
    "key, read_as", [("yes", "True"), ("~", "None"), ("1.5", "1.5")], ids=["bool", "null", "float"]
)
def test_a_key_that_is_not_text_is_refused(key, read_as):
    found = problems(f"{key}: 1\n")
    assert found[0].startswith("f.yaml:1:1: ") and f"is read as {read_as}: keys must be text" in found[0]


def test_a_list_as_key_is_refused():
    assert "a key must be text, not a list or mapping" in problems("? [a, b]\n: 1\n")[0]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1.0e+999"])
def test_a_number_that_is_not_finite_is_refused(value):
    assert "is not a finite number" in problems(f"x: {value}\n")[0]


def test_an_integer_of_400_digits_is_refused_and_not_echoed_whole():
    found = problems("x: 1" + "0" * 400 + "\n")[0]
    assert "has more than 30 digits" in found and len(found) < 200


def test_a_hex_integer_too_large_is_refused():
    assert "has more than 30 digits" in problems("x: 0x" + "f" * 40 + "\n")[0]


def test_a_date_is_refused_with_a_hint_to_quote_it():
    assert problems("today: 2026-03-10\n") == ["f.yaml:1:8: today: '2026-03-10' is read as a date: write it in quotes"]


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!python/object/apply:os.system ['true']", "!!set {a}"])
def test_a_tagged_type_is_refused(value):
    assert "unsupported YAML type" in problems(f"x: {value}\n")[0]


def test_a_merge_key_is_refused():
    assert "merge keys (<<) are not accepted" in problems("a:\n  <<: {b: 1}\n")[0]


def test_nesting_deeper_than_the_limit_is_refused():
    found = problems("x: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n")
    assert len(found) == 1 and f"nested deeper than {MAX_DEPTH} levels" in found[0] and len(found[0]) < 300


def test_nesting_of_100000_levels_is_a_clean_error():
    assert "not valid YAML" in problems("[" * 100_000)[0]


def test_a_syntax_error_has_its_line_and_column():
    assert problems("a: [1\nb: 2\n")[0].startswith("f.yaml:2:")


def test_problems_stop_at_a_reasonable_count():
    found = problems("".join(f"k{i}: .nan\n" for i in range(500)))
    assert len(found) == files.MAX_PROBLEMS + 1 and "stopped after" in found[-1]


def test_a_300_character_key_is_shortened_in_the_message():
    found = problems("k" * 300 + ": 1\n" + "k" * 300 + ": 2\n")[0]
    assert len(found) < 300 and "…" in found


# -- reading the bytes ------------------------------------------------------------------------------


def test_non_utf8_is_refused_naming_the_byte_line_and_column(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: 2\nname: Ren\xe9e\n".encode("latin-1"))
    with pytest.raises(LoadError) as bad:
        load_yaml(path)
    assert str(bad.value) == f"{path}:3:10: not UTF-8 text (byte 0xe9 at line 3, column 10); save the file as UTF-8"


def test_a_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path) == {"a": 1}


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    with pytest.raises(LoadError, match="larger than"):
        read_text(path)


def test_a_missing_file_is_a_load_error(tmp_path):
    with pytest.raises(LoadError, match="cannot read: No such file"):
        load_yaml(tmp_path / "nowhere.yaml")


# -- JSON and JSON lines ----------------------------------------------------------------------------


def test_json_nested_100000_levels_never_reaches_the_parser():
    assert json_problems("[" * 100_000 + "]" * 100_000) == [f"f.json: nested deeper than {MAX_DEPTH} levels"]


def test_brackets_inside_json_strings_do_not_count_as_nesting():
    assert parse_json(json.dumps({"a": "[" * 1000}), "f") == {"a": "[" * 1000}


@pytest.mark.parametrize("text", ["[NaN]", "[Infinity]", "[-Infinity]", "[1e400]"])
def test_json_numbers_that_are_not_finite_are_refused(text):
    assert "is not a finite number" in json_problems(text)[0]


def test_a_json_integer_of_400_digits_is_refused():
    assert "has more than 30 digits" in json_problems("[1" + "0" * 400 + "]")[0]


def test_a_json_duplicate_key_is_refused_with_its_column():
    assert json_problems('{"id": 1, "id": 2}') == ["f.json:1:11: duplicate key 'id'"]


def test_json_lines_report_each_bad_line(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text('{"a": 1}\n\n{"a": NaN}\n{oops}\n{"b": 2}\n')
    with pytest.raises(LoadError) as bad:
        load_json_lines(path)
    assert [(p.line, p.message.split(":")[0]) for p in bad.value.problems] == [
        (3, "NaN is not a finite number"),
        (4, "not valid JSON"),
    ]


def test_a_json_array_file_is_read_as_its_items(tmp_path):
    path = tmp_path / "log.json"
    path.write_text('[\n{"a": 1},\n{"a": 2}\n]\n')
    assert load_json_lines(path) == [(1, {"a": 1}), (2, {"a": 2})]


# -- CSV --------------------------------------------------------------------------------------------


def write_bytes(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "log.csv"
    path.write_bytes(data)
    return path


def test_csv_rows_are_text_with_their_line(tmp_path):
    path = write_bytes(tmp_path, b'a,b\n1,"x\ny"\n\n3,4\n')
    assert load_csv(path) == [(3, {"a": "1", "b": "x\ny"}), (5, {"a": "3", "b": "4"})]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"a,a\n1,2\n", "duplicate column name"),
        (b"a,b\n1,2,3\n", "3 fields, but the header names 2"),
        (b"a,b\n1,\xff\n", "not UTF-8 text (byte 0xff at line 2, column 3)"),
        (b"", "no header line"),
        (b"a,\n1,2\n", "column 2 has no name"),
    ],
    ids=["duplicate-column", "extra-field", "latin1", "empty", "unnamed-column"],
)
def test_bad_csv_is_a_load_error(tmp_path, data, message):
    with pytest.raises(LoadError, match=re.escape(message)):
        load_csv(write_bytes(tmp_path, data))


# -- names ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["retail", "retail.cancel.x~gentle", "a_b-c"])
def test_good_names_pass(name):
    assert check_name(name) is None


@pytest.mark.parametrize("name", ["r" * 101, "Retail", "../x", "a/b", "", ".hidden", 5])
def test_names_that_cannot_be_file_names_are_refused(name):
    assert check_name(name, "domain")


# -- properties: any bytes, any mutated file --------------------------------------------------------

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_or_refuse(loader, path: Path) -> None:
    try:
        data = loader(path)
    except LoadError as bad:
        assert bad.problems and all(str(p).startswith(str(path)) for p in bad.problems)
        assert all(len(str(p)) < 1000 for p in bad.problems)
        return
    if loader is not load_yaml:  # (line, value) pairs
        assert all(isinstance(line, int) for line, _ in data)
        data = [value for _, value in data]
    assert is_plain(data)


@QUICK
@given(data=st.binary(max_size=2000))
def test_any_bytes_are_plain_data_or_a_load_error(tmp_path, data):
    path = tmp_path / "any"
    path.write_bytes(data)
    for loader in (load_yaml, load_json_lines, load_csv):
        read_or_refuse(loader, path)


@QUICK
@given(
    source=st.sampled_from(LIBRARY),
    edits=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8), st.integers(0, 8)), max_size=4),
)
def test_any_mutated_scenario_is_plain_data_or_a_load_error(tmp_path, source, edits):
    data = bytearray(source.read_bytes())
    for where, insert, cut in edits:
        at = int(where * len(data))
        data[at : at + cut] = insert
    path = tmp_path / "mutant.yaml"
    path.write_bytes(bytes(data))
    read_or_refuse(load_yaml, path)


NASTY = [".inf", ".nan", "1" + "0" * 400, "2026-03-10", "!!binary aGk=", "*x", "&x [1]", "[" * 80, "yes", "~"]


@QUICK
@given(source=st.sampled_from(LIBRARY), seed=st.integers(0, 10**6))
def test_a_nasty_value_in_any_scenario_is_plain_data_or_a_load_error(tmp_path, source, seed):
    rng = random.Random(seed)
    lines = source.read_text(encoding="utf-8").splitlines()
    i = rng.randrange(len(lines))
    key, sep, _ = lines[i].partition(": ")
    lines[i] = f"{key}: {rng.choice(NASTY)}" if sep else rng.choice(NASTY) + ": " + lines[i]
    path = tmp_path / "mutant.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    read_or_refuse(load_yaml, path)


def test_the_whole_library_reads_as_plain_data():
    for path in LIBRARY:
        assert is_plain(load_yaml(path)), path
