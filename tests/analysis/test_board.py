"""The leaderboard document, built from real runs of the reference bots on a few scenarios with two
trials: runs merge, the same bot in two runs counts once, different scenario sets or versions are
refused with the scenarios and runs named, weights rescore, and the statistics rank a known
difference correctly and tie two identical bots."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from bench import BotReply, RunOptions, evaluate, load_bot
from bench.analysis.board import ONE_TRIAL, BoardError, build, schema
from bench.bots import Contestant
from bench.scorers import DIMENSIONS
from bench.scorers.weights import Weights
from bench.suite.load import check_file

SCENARIOS = [
    "banking.bereavement.deceased-mother",
    "retail.angry.third-contact",
    "retail.cancel.before-shipping",
    "retail.human.first-turn",
    "retail.return.within-window",
    "retail.tracking.in-transit",
    "telecom.billing.roaming-bill-shock",
    "telecom.hardship.made-redundant-cannot-pay",
    "telecom.hardship.made-redundant-cannot-pay~other-customer",
    "travel.emotional.lost-baggage-third-contact",
]


class PricedBot:
    """Reports a cost for every reply, as an LLM adapter does."""

    def respond(self, message, session):
        return BotReply("Let me look into that for you.", usage={"input_tokens": 10, "cost": 0.002, "currency": "EUR"})


def _bots(*names: str) -> list[Contestant]:
    return [load_bot(f"builtin:{n}") for n in names]


@pytest.fixture(scope="module")
def chosen(suite) -> list:
    by_id = {s.id: s for s in suite}
    return [by_id[i] for i in SCENARIOS]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, chosen) -> dict[str, Path]:
    """Run directories: careful+cold, silent, careful alone again, a careful twin under another name."""
    root = tmp_path_factory.mktemp("runs")
    options = RunOptions(trials=2, concurrency=4)
    made = {
        "pair": _bots("careful", "cold"),
        "silent": _bots("silent"),
        "careful_again": _bots("careful"),
        "twin": [Contestant("careful-twin", load_bot("builtin:careful").bot)],
    }
    for name, bots in made.items():
        evaluate(bots, chosen, options, root / name)
    return {name: root / name for name in made}


@pytest.fixture(scope="module")
def merged(runs) -> dict:
    return build([runs["pair"], runs["silent"]], command="supportbench leaderboard pair silent")


def test_the_document_validates_against_the_published_schema(merged):
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.Draft202012Validator(schema()).validate(json.loads(json.dumps(merged)))


def test_two_runs_merge_into_one_leaderboard_of_every_bot(merged, runs):
    assert set(merged["bots"]) == {"careful", "cold", "silent"}
    assert merged["scenarios"] == sorted(SCENARIOS)
    assert merged["runs"] == [str(runs["pair"]), str(runs["silent"])]
    assert merged["bots"]["silent"]["run"] == str(runs["silent"])


def test_the_suite_digest_is_the_runs_own(merged, runs):
    summary = json.loads((runs["pair"] / "summary.json").read_text(encoding="utf-8"))
    assert merged["suite_digest"] == summary["suite_digest"]


def test_each_bot_has_every_conversation_and_its_trials(merged):
    for bot in merged["bots"].values():
        assert (bot["conversations"], bot["trials"], bot["scenarios"]) == (2 * len(SCENARIOS), 2, len(SCENARIOS))


def test_a_known_difference_ranks_first_and_is_significant(merged):
    assert merged["ranking"][0] == "careful" and merged["ranking"][-1] == "silent"
    assert merged["bots"]["silent"]["rank"] == "3"
    [row] = [c for c in merged["comparisons"] if (c["a"], c["b"], c["metric"]) == ("careful", "silent", "composite")]
    assert row["diff"] > 0.3 and row["low"] > 0
    assert row["p_adjusted"] < 0.05


def test_two_identical_bots_come_out_tied(runs):
    document = build([runs["pair"], runs["twin"]])
    assert document["bots"]["careful"]["rank"] == document["bots"]["careful-twin"]["rank"] == "1="
    [row] = [
        c
        for c in document["comparisons"]
        if {c["a"], c["b"]} == {"careful", "careful-twin"} and c["metric"] == "composite"
    ]
    assert (row["diff"], row["p"]) == (0.0, 1.0)


def test_comparisons_cover_every_pair_on_the_composite_and_each_dimension(merged):
    pairs = {("careful", "cold"), ("careful", "silent"), ("cold", "silent")}
    seen = {(c["a"], c["b"], c["metric"]) for c in merged["comparisons"]}
    assert seen == {(a, b, m) for a, b in pairs for m in ("composite", *DIMENSIONS)}


def test_holm_adjusts_within_each_metric(merged):
    for c in merged["comparisons"]:
        if c["p"] is not None:
            assert c["p"] <= c["p_adjusted"] <= 1
    composite = sorted((c for c in merged["comparisons"] if c["metric"] == "composite"), key=lambda c: c["p"])
    assert composite[0]["p_adjusted"] == pytest.approx(min(1.0, 3 * composite[0]["p"]), abs=1e-4)


def test_the_composite_interval_holds_the_mean_of_every_conversation(merged, runs):
    scores = [json.loads(line) for line in (runs["pair"] / "scores.jsonl").read_text().splitlines()]
    composites = [r["composite"] for r in scores if r["bot"] == "cold"]
    interval = merged["bots"]["cold"]["composite"]
    assert interval["mean"] == pytest.approx(sum(composites) / len(composites), abs=1e-4)
    assert interval["low"] <= interval["mean"] <= interval["high"]
    assert interval["n"] == len(SCENARIOS)


def test_pass_k_uses_the_number_of_trials(merged):
    careful = merged["bots"]["careful"]
    assert careful["pass_k"]["k"] == 2 and careful["pass_k_note"] is None
    assert careful["pass_k"]["value"] <= careful["pass_rate"]


def test_the_same_bot_with_identical_results_in_two_runs_counts_once(runs):
    document = build([runs["pair"], runs["careful_again"]])
    assert document["bots"]["careful"]["conversations"] == 2 * len(SCENARIOS)
    assert any("counted once" in note for note in document["notes"])


def test_the_same_bot_with_different_results_in_two_runs_is_refused(runs, chosen, tmp_path):
    evaluate(_bots("careful"), chosen, RunOptions(trials=2), tmp_path / "r", weights=Weights({"accuracy": 1.0}))
    with pytest.raises(BoardError, match="bot 'careful' is in runs .* with different results") as refused:
        build([runs["pair"], tmp_path / "r"])
    assert "supportbench compare" in str(refused.value)


def test_bots_on_different_scenario_sets_are_refused_naming_the_scenarios_and_runs(runs, chosen, tmp_path):
    evaluate(_bots("silent"), chosen[:-2], RunOptions(trials=2), tmp_path / "short")
    with pytest.raises(BoardError, match="different scenario sets") as refused:
        build([runs["pair"], tmp_path / "short"])
    message = str(refused.value)
    assert f"silent ({tmp_path / 'short'}) lacks 2" in message
    assert SCENARIOS[-1] in message and SCENARIOS[-2] in message
    assert "--shared-only" in message


def test_shared_only_ranks_on_the_scenarios_every_bot_played(runs, chosen, tmp_path):
    evaluate(_bots("silent"), chosen[:-2], RunOptions(trials=2), tmp_path / "short")
    document = build([runs["pair"], tmp_path / "short"], shared_only=True)
    assert document["scenarios"] == sorted(SCENARIOS[:-2])
    assert document["left_out"] == {SCENARIOS[-2]: ["careful", "cold"], SCENARIOS[-1]: ["careful", "cold"]}
    assert document["bots"]["careful"]["conversations"] == 2 * (len(SCENARIOS) - 2)


def edited_copy(scenario, folder: Path):
    """The scenario's file with one word of its opening changed: another version of the same id."""
    data = yaml.safe_load(Path(scenario.source).read_text(encoding="utf-8"))
    data["customer"]["opening"] += " Thanks."
    path = folder / "edited.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    edited, problems = check_file(path)
    assert not problems and edited.id == scenario.id and edited.digest != scenario.digest
    return edited


def test_different_versions_of_a_scenario_are_refused_naming_it_and_the_runs(runs, chosen, tmp_path):
    edited = edited_copy(chosen[0], tmp_path)
    evaluate(_bots("silent"), [edited, *chosen[1:]], RunOptions(trials=2), tmp_path / "other")
    with pytest.raises(BoardError, match="different versions of 1 scenario") as refused:
        build([runs["pair"], tmp_path / "other"])
    message = str(refused.value)
    assert f"{chosen[0].id}: version " in message
    assert f"version {chosen[0].digest} in {runs['pair']}" in message
    assert f"version {edited.digest} in {tmp_path / 'other'}" in message


def test_runs_scored_with_different_weights_are_refused_without_weights(runs, chosen, tmp_path):
    evaluate(_bots("gatekeeper"), chosen, RunOptions(trials=2), tmp_path / "w", weights=Weights({"accuracy": 1.0}))
    with pytest.raises(BoardError, match="different weights"):
        build([runs["pair"], tmp_path / "w"])
    rescored = build([runs["pair"], tmp_path / "w"], weights=Weights())
    assert rescored["weights"] == Weights().to_dict()


def test_weights_rescore_every_transcript(runs):
    only_resolution = Weights({"accuracy": 0, "empathy": 0, "escalation": 0, "resolution": 1, "conduct": 0})
    document = build([runs["pair"]], weights=only_resolution)
    assert document["weights"] == only_resolution.to_dict()
    for bot in document["bots"].values():
        assert bot["composite"]["mean"] == pytest.approx(bot["dimensions"]["resolution"]["mean"], abs=1e-4)


def test_rescoring_a_scenario_missing_from_the_library_says_so(runs, chosen):
    with pytest.raises(BoardError, match=f"{chosen[1].id} .*: not in the scenario library"):
        build([runs["pair"]], weights=Weights(), scenarios=chosen[:1])


def test_breakdowns_split_every_conversation_by_each_attribute(merged, by_id):
    careful = merged["bots"]["careful"]
    for key in ("domain", "category", "emotion", "language", "channel"):
        assert sum(g["n"] for g in careful["breakdowns"][key].values()) == careful["conversations"]
    assert set(careful["breakdowns"]["domain"]) == {"banking", "retail", "telecom", "travel"}
    assert careful["breakdowns"]["emotion"][by_id[SCENARIOS[0]].emotion]["n"] >= 2


def test_latency_is_per_bot_turn_and_cost_absent_when_unreported(merged):
    latency = merged["bots"]["cold"]["latency"]
    assert 0 <= latency["p50"] <= latency["p95"] and latency["turns"] > 0
    assert merged["bots"]["cold"]["cost"] is None


def test_one_trial_gives_no_pass_k_and_says_why_and_cost_sums_the_reported_costs(chosen, tmp_path):
    evaluate([Contestant("priced", PricedBot())], chosen[:3], RunOptions(), tmp_path / "one")
    document = build([tmp_path / "one"])
    priced = document["bots"]["priced"]
    assert priced["pass_k"] is None and priced["pass_k_note"] == ONE_TRIAL
    assert ONE_TRIAL in document["notes"]
    replies = sum(
        1
        for line in (tmp_path / "one" / "transcripts.jsonl").read_text().splitlines()
        for turn in json.loads(line)["turns"]
        if turn["role"] == "bot"
    )
    assert priced["cost"] == {"total": pytest.approx(0.002 * replies), "currency": "EUR"}


def test_a_folder_that_is_not_a_run_is_refused(tmp_path):
    with pytest.raises(BoardError, match="not a run directory"):
        build([tmp_path])
