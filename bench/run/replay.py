"""Replay: score conversations that already happened (a vendor's logs, a production sample, an
earlier run) without running any bot. `supportbench replay FILE...` reads them (JSON lines and CSV
with bench.core.files and its limits, Parquet with the `datasets` library), maps each to a library
scenario by id, builds the same Transcript a run records, scores it with the same scorers and
writes the same run directory (transcripts.jsonl, scores.jsonl, summary.json, leaderboard.md).

Accepted records: JSON lines (`.jsonl`/`.json`), CSV or Parquet, one record per conversation:

    scenario_id  required  a scenario of the suite (`supportbench list`); an unknown id is an error
    bot          optional  leaderboard name (default: --bot-name, else the file's name without extension)
    turns        required  the conversation in order, a list (in CSV: a JSON string column; in
                           Parquet either); each turn:
        role             "customer" or "bot"
        text             what was said (a string; may be empty)
        handoff          optional, bot turns: true when this reply hands the customer to a human
                         (or an object {summary, reason}, as in a run's transcripts.jsonl)
        handoff_summary  optional: what the human agent is told
        handoff_reason   optional: why
        tool_calls       optional, bot turns: [{name, arguments, result?, error?}] the bot's calls
        latency_s        optional: seconds the reply took
    outcome      optional  resolved | handoff | gave_up | bot_error
                           (default: handoff if a turn hands off, else resolved)
    error        optional  what failed, for a bot_error
    trial        optional  integer (default: the conversation's rank among those of the same bot
                           and scenario, from 0)
Other fields are ignored, so a run's own transcripts.jsonl replays as it is (to re-score it with
newer scorers). In a nested Parquet column a null field counts as absent (Arrow fills the fields one
row lacks with nulls).

Tool calls are replayed, in order, on a fresh copy of the scenario's world, so end-state checks
see what they did; a call recorded with an `error`, or reported (`result: {"reported": true}`),
is not replayed. The recorded `result`/`error`, when given, is what the transcript keeps (it is
what the bot saw); otherwise the world's. A handoff is a turn's `handoff`, or a successful
`transfer_to_human` call, exactly as in a run. With `transcript_only`, resolution is graded from
what the replies confirm (for logs whose tool calls were not recorded), as `run --resolution
transcript` does.

Any problem (an unreadable file, an unknown scenario, a malformed row) is reported with the file
and row (rows count from 1 in the order of the file) before anything is written."""

from __future__ import annotations

import difflib
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.core.contract import BotReply
from bench.core.files import LoadError, label_problem, load_csv, load_json_lines, parse_json, shorten
from bench.core.scenario import Scenario
from bench.core.transcript import BOT_ERROR, HANDOFF, OUTCOMES, RESOLVED, Handoff, Transcript, Turn
from bench.core.world import ToolCall, World, load_domain
from bench.run.evaluation import score_and_write, write_summary
from bench.run.runner import _handoff_of
from bench.rundir.writer import RunWriter
from bench.scorers.weights import Weights

FORMATS = {"jsonl": "json", "json": "json", "csv": "csv", "parquet": "parquet"}  # --format -> datasets builder
_ROLES = ("customer", "bot")


class ReplayError(ValueError):
    """Files that cannot be replayed; `problems` lists each as `file: row N: field: message`."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class _Row(ValueError):
    """One problem in one record (internal: becomes a line of ReplayError)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}" if field else message)


def format_of(path: Path, fmt: str | None = None) -> str:
    """The `datasets` builder for a file: --format when given, else its extension."""
    name = fmt or path.suffix.lstrip(".").lower()
    if name not in FORMATS:
        raise ReplayError([f"{path}: unknown format {name or '(no extension)'!r}: use --format jsonl, csv or parquet"])
    return FORMATS[name]


def load_records(path: Path, fmt: str | None = None) -> list[dict]:
    """The file's records. JSON lines and CSV are read by bench.core.files (size, encoding, nesting,
    numbers and duplicate keys checked; a CSV value is text, `turns` a JSON string); Parquet through
    `datasets.load_dataset("parquet", ...)`, whose cache goes to a temporary folder, removed at once:
    production logs hold customers' data and should not leave copies behind."""
    builder = format_of(path, fmt)
    if not path.is_file():
        raise ReplayError([f"{path}: no such file"])
    try:
        if builder == "json":
            records = load_json_lines(path)
        elif builder == "csv":
            records = [(line, {k: v for k, v in row.items() if v != ""}) for line, row in load_csv(path)]
        else:
            return _parquet_records(path)
    except LoadError as bad:
        raise ReplayError([str(p) for p in bad.problems]) from None
    out = []
    for number, record in records:
        if not isinstance(record, dict):
            where = "line" if builder == "csv" or not _is_array(path) else "item"
            raise ReplayError([f"{path}:{number}: not a JSON object ({where} {number})"])
        out.append(record)
    return out


def _is_array(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4096).lstrip().startswith(b"[")


def _parquet_records(path: Path) -> list[dict]:
    import datasets

    bars_on = datasets.is_progress_bar_enabled()
    verbosity = datasets.logging.get_verbosity()
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        with tempfile.TemporaryDirectory(prefix="supportbench-replay-") as cache:
            try:
                table = datasets.load_dataset("parquet", data_files=str(path), split="train", cache_dir=cache)
            except Exception as failed:  # noqa: BLE001 - whatever the loader says, the file is unreadable
                raise ReplayError([f"{path}: cannot read as parquet: {_loader_error(failed)}"]) from None
            exact = _exact(table.features.get("turns"))
            records = list(table)
            del table  # its Arrow files live in `cache`
    finally:
        datasets.logging.set_verbosity(verbosity)
        if bars_on:
            datasets.enable_progress_bars()
    if not exact:
        for record in records:
            if isinstance(record.get("turns"), list):
                record["turns"] = _without_nulls(record["turns"])
    return records


def _exact(feature: Any) -> bool:
    """Whether `turns` was stored as JSON (a string, or datasets' Json type) rather than Arrow structs,
    whose fields missing from one row come back as nulls."""
    import datasets

    inner = getattr(feature, "feature", feature)  # List(x) -> x
    if feature is None or inner == datasets.Value("string"):
        return True
    json_type = getattr(datasets, "Json", None)  # recent datasets keep mixed-shape JSON as JSON
    return json_type is not None and isinstance(inner, json_type)


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _loader_error(failed: Exception) -> str:
    """The loader's complaint, first line only, cut short."""
    cause = failed.__cause__ or failed
    first = str(cause).strip().splitlines()[0][:200] if str(cause).strip() else ""
    return f"{type(cause).__name__}: {first}" if first else type(cause).__name__


def _json(text: str) -> Any:
    """An embedded JSON string (a CSV `turns` column, tool arguments), with the loader's limits."""
    try:
        return parse_json(text, "")
    except LoadError as bad:
        problem = bad.problems[0]
        column = f" (column {problem.column})" if problem.column else ""
        raise ValueError(problem.message.removeprefix("not valid JSON: ") + column) from None


def _string(record: dict, key: str, required: bool = False) -> str | None:
    value = record.get(key)
    if value is None or value == "":
        if required:
            raise _Row(key, "required field is missing")
        return None
    if not isinstance(value, str):
        raise _Row(key, f"must be a string, not {type(value).__name__}")
    if key == "bot":
        bad = label_problem(value)
        if bad:
            raise _Row(key, bad)
    return value


def _turns(value: Any) -> list[dict]:
    if isinstance(value, str):
        try:
            value = _json(value)
        except ValueError as bad:
            raise _Row("turns", f"not valid JSON: {bad}") from None
    if value is None:
        raise _Row("turns", "required field is missing")
    if not isinstance(value, list) or not value:
        raise _Row("turns", "must be a non-empty list of {role, text} turns")
    return value


def _tool_call(raw: Any, where: str) -> ToolCall:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        raise _Row(where, "must be an object with a string `name`")
    arguments = raw.get("arguments") or {}
    if isinstance(arguments, str):
        try:
            arguments = _json(arguments)
        except ValueError as bad:
            raise _Row(f"{where}.arguments", f"not valid JSON: {bad}") from None
    if not isinstance(arguments, dict):
        raise _Row(f"{where}.arguments", "must be an object")
    result, error = raw.get("result"), raw.get("error")
    if result is not None and not isinstance(result, dict):
        raise _Row(f"{where}.result", "must be an object")
    if error is not None and not isinstance(error, str):
        raise _Row(f"{where}.error", "must be a string")
    return ToolCall(raw["name"], arguments, result, error)


def _replayed(call: ToolCall, world: World) -> ToolCall:
    """Run the call on the world (for the end state) unless it failed or was only reported; keep
    what was recorded as the result the bot saw."""
    if call.error is not None or call.result == {"reported": True}:
        return call
    world.call(call.name, dict(call.arguments))
    ran = world.calls[-1]
    if call.result is None:
        return ran
    return ToolCall(call.name, call.arguments, call.result, None)


def _turn(raw: Any, index: int, world: World) -> Turn:
    where = f"turns[{index}]"
    if not isinstance(raw, dict):
        raise _Row(where, "must be an object {role, text}")
    role = raw.get("role")
    if role not in _ROLES:
        raise _Row(f"{where}.role", f"must be customer or bot, not {shorten(role)}")
    text = raw.get("text")
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise _Row(f"{where}.text", "must be a string")
    raw_calls = raw.get("tool_calls") or []
    if isinstance(raw_calls, str):
        try:
            raw_calls = _json(raw_calls)
        except ValueError as bad:
            raise _Row(f"{where}.tool_calls", f"not valid JSON: {bad}") from None
    if not isinstance(raw_calls, list):
        raise _Row(f"{where}.tool_calls", "must be a list of {name, arguments, result?}")
    flag = raw.get("handoff")
    if role == "customer":
        if raw_calls or flag:
            raise _Row(where, "a customer turn has no tool_calls or handoff (those are the bot's)")
        return Turn("customer", text)
    calls = [_replayed(_tool_call(c, f"{where}.tool_calls[{i}]"), world) for i, c in enumerate(raw_calls)]
    summary, reason = raw.get("handoff_summary"), raw.get("handoff_reason")
    if isinstance(flag, dict):  # a run's own transcript: {summary, reason, via}
        summary, reason, flag = flag.get("summary"), flag.get("reason"), True
    if flag is not None and not isinstance(flag, bool):
        raise _Row(f"{where}.handoff", f"must be true or false, not {shorten(flag)}")
    for key, value in (("handoff_summary", summary), ("handoff_reason", reason)):
        if value is not None and not isinstance(value, str):
            raise _Row(f"{where}.{key}", "must be a string")
    handoff: Handoff | None = _handoff_of(BotReply(text, bool(flag), summary, reason), calls)
    latency = raw.get("latency_s")
    if latency is not None and (isinstance(latency, bool) or not isinstance(latency, int | float) or latency < 0):
        raise _Row(f"{where}.latency_s", "must be a number >= 0")
    return Turn("bot", text, calls, handoff, latency)


def to_transcript(record: dict, scenarios: dict[str, Scenario], run_id: str, bot: str) -> Transcript:
    """One record as the Transcript a run would have recorded (trial 0: the caller numbers them).
    Raises _Row naming the field at fault."""
    scenario_id = _string(record, "scenario_id", required=True)
    scenario = scenarios.get(scenario_id)
    if scenario is None:
        close = difflib.get_close_matches(scenario_id, list(scenarios), n=1)
        hint = f"; did you mean {close[0]}?" if close else " (see `supportbench list`)"
        raise _Row("scenario_id", f"unknown scenario {shorten(scenario_id)}: not in the suite{hint}")
    return transcript_of(scenario, record, run_id, bot)


def transcript_of(scenario: Scenario, record: dict, run_id: str, bot: str) -> Transcript:
    """A conversation of `scenario` as the Transcript a run would have recorded (trial 0): `record`
    holds its `turns` and optionally `outcome`, `error`, `bot` and `started_at`, as described above
    (`scenario_id` is not read). Tool calls are replayed on a fresh copy of the scenario's world.
    Raises ValueError (a _Row) naming the field at fault."""
    world = World(load_domain(scenario.domain), scenario.world)
    turns = [_turn(raw, i, world) for i, raw in enumerate(_turns(record.get("turns")))]
    outcome = _string(record, "outcome") or (HANDOFF if any(t.handoff for t in turns) else RESOLVED)
    if outcome not in OUTCOMES:
        raise _Row("outcome", f"must be one of {', '.join(OUTCOMES)}, not {shorten(outcome)}")
    error = _string(record, "error")
    if outcome == BOT_ERROR and error is None:
        error = "the bot failed (recorded as bot_error)"
    return Transcript(
        run_id=run_id,
        bot=_string(record, "bot") or bot,
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=0,
        seed=0,
        language=scenario.language,
        channel=scenario.channel,
        turns=turns,
        outcome=outcome,
        error=error,
        final_state=world.state,
        started_at=_timestamp(record.get("started_at")),
    )


def _timestamp(value: Any) -> str:
    """When the conversation started, as recorded (the loaders may have parsed it into a datetime)."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _trial(record: dict) -> int | None:
    value = record.get("trial")
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():  # Parquet columns with gaps come back as floats
        value = int(value)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:  # CSV: text
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9:
        raise _Row("trial", f"must be a whole number >= 0, not {shorten(value)}")
    return value


def load_transcripts(
    files: list[Path], scenarios: list[Scenario], run_id: str, *, fmt: str | None = None, bot_name: str | None = None
) -> list[Transcript]:
    """Every file's records as Transcripts, in order. Raises ReplayError listing every problem
    (file, row, field) when any record cannot be replayed."""
    by_id = {s.id: s for s in scenarios}
    transcripts: list[Transcript] = []
    problems: list[str] = []
    taken: dict[tuple[str, str], set[int]] = {}
    for path in files:
        try:
            records = list(load_records(path, fmt))
        except ReplayError as bad:
            problems += bad.problems
            continue
        if not records:
            problems.append(f"{path}: no conversations in the file")
        for row, record in enumerate(records, 1):
            try:
                transcript = to_transcript(record, by_id, run_id, bot_name or path.stem)
                trials = taken.setdefault((transcript.bot, transcript.scenario_id), set())
                trial = _trial(record)
                if trial is None:
                    trial = next(i for i in range(len(trials) + 1) if i not in trials)
                elif trial in trials:
                    raise _Row("trial", f"{transcript.bot} already has trial {trial} of {transcript.scenario_id}")
                trials.add(trial)
                transcript.trial = trial
                transcripts.append(transcript)
            except _Row as bad:
                problems.append(f"{path}: row {row}: {bad}")
    if problems:
        raise ReplayError(problems)
    return transcripts


def replay(
    files: list[Path],
    scenarios: list[Scenario],
    run_dir: Path,
    *,
    fmt: str | None = None,
    bot_name: str | None = None,
    transcript_only: bool = False,
    weights: Weights | None = None,
    run_id: str | None = None,
    command: str = "supportbench replay",
    on_leaderboard: Callable[[dict], None] | None = None,
) -> dict:
    """Load, score and summarise recorded conversations into `run_dir`, as `evaluate` does for a
    run; returns the summary. Raises ReplayError (nothing written) when any record is unusable, or
    when the bots do not all have the same scenarios."""
    existed = set(run_dir.iterdir()) if run_dir.is_dir() else None
    run_id = run_id or run_dir.name
    transcripts = load_transcripts(files, scenarios, run_id, fmt=fmt, bot_name=bot_name)
    _same_scenarios(transcripts)
    by_id = {s.id: s for s in scenarios}
    used = sorted({t.scenario_id for t in transcripts})
    try:
        return _write(
            run_dir, transcripts, by_id, used, files, run_id, transcript_only, weights, command, on_leaderboard
        )
    except BaseException:
        _remove_partial(run_dir, existed)
        raise


def _same_scenarios(transcripts: list[Transcript]) -> None:
    """Bots on different scenario sets cannot be ranked together (the leaderboard refuses them):
    said before anything is written, naming what each bot lacks."""
    played: dict[str, set[str]] = {}
    for t in transcripts:
        played.setdefault(t.bot, set()).add(t.scenario_id)
    every = set().union(*played.values()) if played else set()
    problems = []
    for bot, ids in played.items():
        missing = sorted(every - ids)
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            problems.append(f"bot {shorten(bot)}: no conversation for {len(missing)} scenario(s) others have: {shown}")
    if problems:
        problems.append(
            "every bot must have conversations for the same scenarios: replay each bot's file on its own "
            "(one --out each), or leave out the scenarios not every bot has"
        )
        raise ReplayError(problems)


def _remove_partial(run_dir: Path, existed: set[Path] | None) -> None:
    """A replay that fails while writing leaves no partial run directory behind (nothing in it cost
    anything to produce: the command can simply be run again)."""
    if existed is None:
        shutil.rmtree(run_dir, ignore_errors=True)
        return
    for entry in run_dir.iterdir():
        if entry not in existed:
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)


def _write(run_dir, transcripts, by_id, used, files, run_id, transcript_only, weights, command, on_leaderboard) -> dict:
    with RunWriter(run_dir) as writer:
        for transcript in transcripts:
            score_and_write(writer, by_id[transcript.scenario_id], transcript, weights, transcript_only)
    per_pair: dict[tuple[str, str], int] = {}
    for t in transcripts:
        per_pair[t.bot, t.scenario_id] = per_pair.get((t.bot, t.scenario_id), 0) + 1
    return write_summary(
        run_dir,
        run_id=run_id,
        scenarios=[by_id[i] for i in used],
        options={
            "replay": [str(f) for f in files],
            "trials": max(per_pair.values()),
            "seed": "n/a",
            "scenarios": len(used),
            "conversations": len(transcripts),
            "bots": sorted({t.bot for t in transcripts}),
            "resolution": "transcript" if transcript_only else "tools",
        },
        weights=weights,
        command=command,
        on_leaderboard=on_leaderboard,
    )
