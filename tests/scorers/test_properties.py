"""Properties every scorer keeps, whatever a bot writes: scores stay in [0, 1] (or not applicable),
nothing raises, inventing a value never pays in accuracy, and a timely handoff never costs in
escalation."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.core.transcript import HANDOFF, OUTCOMES, Handoff, Transcript, Turn
from bench.core.world import ToolCall
from bench.scorers import accuracy, escalation, score_transcript
from bench.scorers.findings import SEVERITY_WEIGHTS
from bench.scorers.registry import REGISTRY

# Pieces a scorer reacts to, mixed into arbitrary unicode so that the checks actually fire.
FRAGMENTS = [
    "12 March",
    "le 12 mars",
    "le 1er mars",
    "March 31st",
    "14/02/2026",
    "30/02/2026",
    "2026-03-12",
    "€12.50",
    "49,90 €",
    "1 275,60 €",
    "£349.99",
    "129 EUR",
    "I'm so sorry for your loss.",
    "Toutes mes condoléances.",
    "I understand.",
    "Je suis désolé.",
    "Great!",
    "🎉",
    ":)",
    "calm down",
    "calmez-vous",
    "I'm transferring you.",
    "Je vous transfère.",
    "full refund",
    "remboursement intégral",
    ".",
    "?",
    "!",
]
bot_text = st.lists(st.one_of(st.text(max_size=40), st.sampled_from(FRAGMENTS)), max_size=6).map(" ".join)
LOOKUP = ToolCall(
    "get_order", {"order_id": "A1"}, {"order_id": "A1", "status": "in_transit", "estimated_delivery": "2026-03-12"}
)
SUMMARY_ITEMS = [
    {"item": "order number", "accept": ["A1"]},
    {"item": "the issue", "accept": {"en": ["late"], "fr": ["retard"]}},
]
SCENARIOS = {
    "tracking.yaml": {},
    "angry.yaml": {
        "language": "fr",
        "customer": {"emotion": "angry", "asks_for_human": {"at_turn": 2}},
        "expectations": {
            "empathy": "expected",
            "escalation": {"expect": "on_request", "summary_must_include": SUMMARY_ITEMS},
            "accuracy": {
                "must_state": [{"fact": "date", "accept": {"fr": ["12 mars"]}}],
                "must_not_state": [{"claim": "refund", "patterns": [r"rembourse\w* integral", r"full refund"]}],
            },
        },
    },
    "grieving.yaml": {
        "customer": {"emotion": "grieving"},
        "expectations": {
            "empathy": "critical",
            "escalation": {"expect": "required", "by_turn": 2, "summary_must_include": SUMMARY_ITEMS},
            "resolution": {
                "required_actions": [{"tool": "get_order", "args": {"order_id": "#a1"}}],
                "forbidden_actions": [{"tool": "issue_refund"}],
                "end_state": [{"path": "orders.A1.status", "in": ["in_transit", "delivered"]}],
            },
        },
    },
    "optional.yaml": {"customer": {"emotion": "frustrated"}, "expectations": {"escalation": {"expect": "optional"}}},
}


def scenarios(make_scenario) -> list:
    return [make_scenario(changes, name) for name, changes in SCENARIOS.items()]


def build(scenario, bots: list[tuple[str, Handoff | None, bool]], outcome: str = HANDOFF) -> Transcript:
    """Alternate a fixed customer line with each (bot text, handoff, looked the order up)."""
    turns = []
    for i, (text, handoff, looked) in enumerate(bots):
        turns.append(Turn("customer", "Where is my parcel? I paid €12.50." if i == 0 else "Please, a human."))
        turns.append(Turn("bot", text, [copy.deepcopy(LOOKUP)] if looked else [], handoff))
    return Transcript(
        run_id="prop",
        bot="generated",
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=0,
        seed=0,
        language=scenario.language,
        channel=scenario.channel,
        turns=turns,
        outcome=outcome,
        final_state=copy.deepcopy(scenario.world),
    )


handoffs = st.one_of(st.none(), st.builds(Handoff, bot_text, st.text(max_size=20), st.sampled_from(["reply", "tool"])))
bot_turns = st.lists(st.tuples(bot_text, handoffs, st.booleans()), min_size=1, max_size=4)
plain_bot_turns = st.lists(st.tuples(bot_text, st.none(), st.booleans()), min_size=1, max_size=4)


def test_every_dimension_score_is_none_or_within_the_unit_interval(make_scenario):
    cases = scenarios(make_scenario)

    @settings(max_examples=80, deadline=None)
    @given(st.sampled_from(cases), bot_turns, st.sampled_from(OUTCOMES))
    def check(scenario, bots, outcome):
        card = score_transcript(scenario, build(scenario, bots, outcome))
        for name, dimension in card.dimensions.items():
            assert dimension.score is None or 0.0 <= dimension.score <= 1.0, name
            assert (dimension.score is None) == (dimension.findings == []), name
        assert 0.0 <= card.composite <= 1.0

    check()


def test_scorers_never_raise_and_return_well_formed_findings(make_scenario):
    cases = scenarios(make_scenario)

    @settings(max_examples=80, deadline=None)
    @given(st.sampled_from(cases), bot_turns, st.sampled_from(OUTCOMES))
    def check(scenario, bots, outcome):
        t = build(scenario, bots, outcome)
        for scorer in (d.score for d in REGISTRY):
            for finding in scorer(scenario, t).findings:
                assert isinstance(finding.passed, bool)
                assert finding.severity in SEVERITY_WEIGHTS
                assert finding.turn is None or 0 <= finding.turn < len(t.turns)
                assert isinstance(finding.evidence, str) and isinstance(finding.message, str)

    check()


INVENTED = [" Your new delivery date is 27 November.", " Nous vous offrons 777,77 €.", " Refund: £318.04 today."]


def test_adding_an_invented_date_or_amount_never_raises_accuracy(make_scenario):
    cases = scenarios(make_scenario)

    @settings(max_examples=80, deadline=None)
    @given(st.sampled_from(cases), plain_bot_turns, st.data())
    def check(scenario, bots, data):
        before = accuracy.score(scenario, build(scenario, bots))
        where = data.draw(st.integers(0, len(bots) - 1))
        invented = data.draw(st.sampled_from(INVENTED))
        changed = [(text + invented if i == where else text, h, looked) for i, (text, h, looked) in enumerate(bots)]
        after = accuracy.score(scenario, build(scenario, changed))
        assert after.score is not None
        if before.score is None:
            assert after.score == 0.0
        else:
            assert after.score <= before.score
        assert any(
            not f.passed
            and f.severity == "critical"
            and f.turn == 2 * where + 1
            and f.check in ("accuracy.grounded_date", "accuracy.grounded_amount")
            for f in after.findings
        )

    check()


def test_adding_a_timely_handoff_never_lowers_escalation_on_a_required_case(make_scenario):
    required = make_scenario(SCENARIOS["grieving.yaml"], "required.yaml")
    deadline = required.expectations["escalation"]["by_turn"]

    @settings(max_examples=80, deadline=None)
    @given(plain_bot_turns, st.booleans(), bot_text, st.data())
    def check(bots, late, summary, data):
        bots = list(bots)
        handoff = Handoff(summary, "needs a human", "reply")
        if late and len(bots) > deadline:  # the base conversation hands off, but too late
            text, _, looked = bots[-1]
            bots[-1] = (text, handoff, looked)
        before = escalation.score(required, build(required, bots))
        at = data.draw(st.integers(0, min(deadline, len(bots)) - 1))
        text, _, looked = bots[at]
        bots[at] = (text, Handoff(summary, "needs a human", "reply"), looked)
        after = escalation.score(required, build(required, bots))
        assert after.score >= before.score
        assert [f.passed for f in after.findings if f.check in ("escalation.hands_off", "escalation.on_time")] == [
            True,
            True,
        ]

    check()
