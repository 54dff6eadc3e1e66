"""The one safe reader of every file supportbench is given (scenarios, bot configs, weights, gate
files, replay logs): YAML, JSON, JSON lines and CSV become plain data (str, int, float, bool, None,
list, dict with text keys) or a LoadError listing each problem as `file:line:column: field: message`.

Limits (docs/scenarios.md, "Limits of the files supportbench reads"): at most MAX_BYTES per file,
UTF-8 text, nesting at most MAX_DEPTH deep, YAML aliases (`*name`, which PyYAML's own dump writes
for shared objects) repeating at most MAX_ALIAS_VALUES values in all (they are how a 2 kB file
becomes gigabytes; each use is built as a copy), no merge keys (`<<`), finite numbers, integers of
at most MAX_INT_DIGITS digits, text keys (a YAML integer key such as a probe's turn number `2:` is
read as its text "2"), no duplicate keys, and no YAML dates or other tagged types (write dates in
quotes: "2026-03-10")."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_INT_DIGITS = 30
MAX_ALIAS_VALUES = 10_000  # values an alias may repeat, in all: a few shared blocks, not a bomb
MAX_PROBLEMS = 20  # per file: past this, one line says how many more
QUOTE_CHARS = 60
NAME = re.compile(r"^[a-z0-9][a-z0-9._~-]{0,99}$")

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster
_CONSTRUCTOR = yaml.SafeLoader("")  # builds scalars only; collections are built here, without recursion
_TAG = "tag:yaml.org,2002:"
_STR = f"{_TAG}str"
_SCALARS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}


def shorten(value: Any, limit: int = QUOTE_CHARS) -> str:
    """`value` quoted (repr for non-text) and cut to `limit` characters, so no message echoes a
    whole bad value."""
    text = value if isinstance(value, str) else repr(value)
    text = repr(text) if isinstance(value, str) else text
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class FileProblem:
    """One problem, where it is: line and column count from 1 (None when not known)."""

    file: str
    field: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class LoadError(ValueError):
    """A file that cannot be read as plain data; `problems` lists each, with line and column."""

    def __init__(self, problems: list[FileProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class _Stop(Exception):
    """Internal: the walk of a document found too many problems, or one it cannot continue past."""


def field_path(parts: list | tuple) -> str:
    """Dotted field path with each part, and the whole, shortened (keys can be as long as the file)."""
    path = ".".join(p if len(p) <= QUOTE_CHARS else p[: QUOTE_CHARS - 1] + "…" for p in map(str, parts))
    return path if len(path) <= 2 * QUOTE_CHARS else "…" + path[-(2 * QUOTE_CHARS - 1) :]


def check_name(value: Any, what: str = "name") -> str | None:
    """What is wrong with a name used in file names or ids (None: nothing): lower-case letters,
    digits and . _ ~ -, starting with a letter or digit, at most 100 characters."""
    if not isinstance(value, str):
        return f"{what} must be text, not {type(value).__name__}"
    if not NAME.match(value):
        return f"{what} {shorten(value)}: use 1 to 100 of a-z 0-9 . _ ~ - (starting with a letter or digit)"
    return None


def label_problem(name: Any) -> str | None:
    """What is wrong with a bot's name (None: nothing, or no name): it is shown in
    tables and file contents, so 1 to 100 printable characters, no slash."""
    if not isinstance(name, str):
        return None
    if not 0 < len(name) <= 100 or not name.isprintable() or "/" in name or "\\" in name:
        return f"{shorten(name)}: use 1 to 100 printable characters, no slash"
    return None


# -- text -------------------------------------------------------------------------------------------


def read_text(path: Path | str, name: str | None = None) -> str:
    """The file as text: at most MAX_BYTES, UTF-8 (a leading byte-order mark is dropped)."""
    path = Path(path)
    name = name or str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as bad:
        raise LoadError([FileProblem(name, "", f"cannot read: {bad.strerror or bad}")]) from None
    if len(raw) > MAX_BYTES:
        raise LoadError([FileProblem(name, "", f"larger than {MAX_BYTES // (1024 * 1024)} MB: refused")])
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text, or a LoadError pointing at the first byte that is not."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as bad:
        before = raw[: bad.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        byte = raw[bad.start]
        message = f"not UTF-8 text (byte 0x{byte:02x} at line {line}, column {column}); save the file as UTF-8"
        raise LoadError([FileProblem(name, "", message, line, column)]) from None


# -- YAML -------------------------------------------------------------------------------------------


def load_yaml(path: Path | str, name: str | None = None) -> Any:
    """A YAML (or JSON) file as plain data; None for an empty file. Raises LoadError."""
    name = name or str(path)
    return parse_yaml(read_text(path, name), name)


def parse_yaml(text: str, name: str) -> Any:
    """YAML text as plain data: composed by libyaml (which stops nesting at 1000 levels by itself),
    then built here without recursion, so every limit is checked before anything grows."""
    try:
        root = yaml.compose(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as bad:
        mark = getattr(bad, "problem_mark", None)
        what = getattr(bad, "problem", None) or str(bad)
        problem = FileProblem(
            name,
            "",
            f"not valid YAML: {what[:200]}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        )
        raise LoadError([problem]) from None
    except RecursionError:  # the pure-Python composer (no libyaml) recurses
        raise LoadError([FileProblem(name, "", f"nested deeper than {MAX_DEPTH} levels")]) from None
    if root is None:
        return None
    return _Builder(name, text).build(root)


class _Builder:
    def __init__(self, name: str, text: str):
        self.name = name
        self.text = text
        self.problems: list[FileProblem] = []

    def problem(self, node: yaml.Node, path: list, message: str, *, stop: bool = False) -> None:
        mark = node.start_mark
        self.problems.append(FileProblem(self.name, field_path(path), message, mark.line + 1, mark.column + 1))
        if stop or len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def build(self, root: yaml.Node) -> Any:
        box: list = [None]
        seen: set[int] = set()
        repeated = 0  # values built again for an alias: what turns a 2 kB file into gigabytes
        stack: list[tuple[yaml.Node, list, int, Any, Any]] = [(root, [], 1, box, 0)]
        try:
            while stack:
                node, path, depth, parent, slot = stack.pop()
                if id(node) in seen:
                    repeated += 1
                    if repeated > MAX_ALIAS_VALUES:
                        message = f"YAML aliases (*name) repeat more than {MAX_ALIAS_VALUES} values: write them out"
                        self.problem(node, path, message, stop=True)
                seen.add(id(node))
                if depth > MAX_DEPTH:
                    self.problem(node, path, f"nested deeper than {MAX_DEPTH} levels")
                    continue
                if isinstance(node, yaml.ScalarNode):
                    parent[slot] = self.scalar(node, path)
                elif isinstance(node, yaml.SequenceNode):
                    if node.tag != f"{_TAG}seq":
                        self.problem(node, path, f"unsupported YAML type {shorten(node.tag)}: use a plain list")
                        continue
                    items: list = [None] * len(node.value)
                    parent[slot] = items
                    children = [(child, [*path, i], depth + 1, items, i) for i, child in enumerate(node.value)]
                    stack += reversed(children)
                else:
                    parent[slot] = self.mapping(node, path, depth, stack)
        except _Stop:
            pass
        if self.problems:
            if len(self.problems) >= MAX_PROBLEMS:
                self.problems.append(FileProblem(self.name, "", f"stopped after {MAX_PROBLEMS} problems"))
            raise LoadError(self.problems)
        return box[0]

    def mapping(self, node: yaml.MappingNode, path: list, depth: int, stack: list) -> dict:
        if node.tag != f"{_TAG}map":
            self.problem(node, path, f"unsupported YAML type {shorten(node.tag)}: use a plain mapping")
            return {}
        out: dict = {}
        first: dict[str, yaml.Node] = {}
        children = []
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                self.problem(key_node, path, "merge keys (<<) are not accepted: write the fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "a key must be text, not a list or mapping")
                continue
            key = self.scalar(key_node, path)
            if isinstance(key, int) and not isinstance(key, bool):
                key = str(key)  # probe turn numbers (`2:`) and the like
            if not isinstance(key, str):
                hint = " (quote it)" if isinstance(key, bool) or key is None else ""
                message = f"key {shorten(key_node.value)} is read as {shorten(key)}: keys must be text{hint}"
                self.problem(key_node, path, message)
                continue
            if key in first:
                at = first[key].start_mark
                self.problem(key_node, [*path, key], f"duplicate key {shorten(key)} (first at line {at.line + 1})")
                continue
            first[key] = key_node
            out[key] = None
            children.append((value_node, [*path, key], depth + 1, out, key))
        stack += reversed(children)
        return out

    def scalar(self, node: yaml.ScalarNode, path: list) -> Any:
        tag = node.tag
        if tag == _STR:  # most values: no constructor needed
            return node.value
        if tag == f"{_TAG}timestamp":
            self.problem(node, path, f"{shorten(node.value)} is read as a date: write it in quotes")
            return None
        if tag not in _SCALARS:
            message = f"unsupported YAML type {shorten(tag)}: use plain text, numbers, true/false or null"
            self.problem(node, path, message)
            return None
        if tag == f"{_TAG}int" and len(node.value.replace("_", "").lstrip("+-")) > MAX_INT_DIGITS + 2:
            self.problem(node, path, f"integer {shorten(node.value)} has more than {MAX_INT_DIGITS} digits")
            return None
        try:
            value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (ValueError, yaml.YAMLError) as bad:  # e.g. a sexagesimal int too long for int()
            self.problem(node, path, f"cannot read {shorten(node.value)}: {str(bad)[:100]}")
            return None
        message = number_problem(value)
        if message:
            self.problem(node, path, message)
            return None
        return value


def number_problem(value: Any) -> str | None:
    """What is wrong with a number (None: nothing, or not a number): not finite, or too many digits."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**MAX_INT_DIGITS:
        return f"integer {shorten(str(value))} has more than {MAX_INT_DIGITS} digits"
    return None


# -- JSON -------------------------------------------------------------------------------------------

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class _JSONValue(ValueError):
    """Internal: a value json.loads hands to a hook that is refused."""


def _json_depth(text: str) -> int:
    """The deepest bracket nesting, strings skipped. json.loads recurses in C, and other JSON
    readers crash outright on 100,000 levels, so the depth is measured before any parser sees it."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0
    brackets = _BRACKET.findall(_JSON_STRING.sub("", text))
    return max(accumulate(_STEP[b] for b in brackets), default=0)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _JSONValue(f"integer {shorten(text)} has more than {MAX_INT_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _JSONValue(f"{shorten(text)} is not a finite number")
    return value


def _constant(text: str) -> Any:
    raise _JSONValue(f"{text} is not a finite number")


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _JSONValue(f"duplicate key {shorten(key)}", key)
        out[key] = value
    return out


def parse_json(text: str, name: str, *, line: int | None = None, field: str = "") -> Any:
    """JSON text as plain data, or a LoadError. `line`: the text is that line of the file (JSON lines)."""

    def fail(message: str, at_line: int | None, column: int | None) -> LoadError:
        return LoadError([FileProblem(name, field, message, at_line, column)])

    if _json_depth(text) > MAX_DEPTH:
        raise fail(f"nested deeper than {MAX_DEPTH} levels", line, None)
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant, object_pairs_hook=_pairs)
    except json.JSONDecodeError as bad:
        at = (line + bad.lineno - 1) if line else bad.lineno
        raise fail(f"not valid JSON: {bad.msg}", at, bad.colno) from None
    except _JSONValue as bad:
        column = None
        if len(bad.args) > 1:  # a duplicate key: its second occurrence
            spots = [m.start() for m in re.finditer(re.escape(json.dumps(bad.args[1])) + r"\s*:", text)]
            if len(spots) > 1:
                before = text[: spots[1]]
                column = len(before) - (before.rfind("\n") + 1) + 1
                line = (line or 1) + before.count("\n")
        raise fail(bad.args[0], line, column) from None
    except RecursionError:
        raise fail(f"nested deeper than {MAX_DEPTH} levels", line, None) from None


def load_json_lines(path: Path | str, name: str | None = None) -> list[tuple[int, Any]]:
    """(line number, value) of each non-blank line of a JSON lines file; a whole-file JSON array
    (a `.json` export) is read as its items. Raises LoadError listing the lines that are not JSON."""
    name = name or str(path)
    text = read_text(path, name)
    if text.lstrip().startswith("[") and "\n" in text.strip():
        items = parse_json(text, name)
        if isinstance(items, list):
            return [(i, item) for i, item in enumerate(items, 1)]
    out: list[tuple[int, Any]] = []
    problems: list[FileProblem] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append((number, parse_json(line, name, line=number)))
        except LoadError as bad:
            problems += bad.problems
            if len(problems) >= MAX_PROBLEMS:
                problems.append(FileProblem(name, "", f"stopped after {MAX_PROBLEMS} problems"))
                break
    if problems:
        raise LoadError(problems)
    return out


# -- CSV --------------------------------------------------------------------------------------------


def load_csv(path: Path | str, name: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of each row of a CSV file with a header line; every value is text."""
    name = name or str(path)
    text = read_text(path, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, None)
        if not header:
            raise LoadError([FileProblem(name, "", "no header line (the column names)", 1, 1)])
        seen: set[str] = set()
        for column, key in enumerate(header, 1):
            if not key.strip():
                raise LoadError([FileProblem(name, "", f"column {column} has no name", 1, None)])
            if key in seen:
                raise LoadError([FileProblem(name, field_path([key]), "duplicate column name", 1, None)])
            seen.add(key)
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                message = f"{len(values)} fields, but the header names {len(header)}"
                raise LoadError([FileProblem(name, "", message, line)])
            rows.append((line, dict(zip(header, values, strict=False))))
    except csv.Error as bad:
        raise LoadError([FileProblem(name, "", f"not valid CSV: {str(bad)[:200]}", reader.line_num or None)]) from None
    return rows
