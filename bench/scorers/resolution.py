"""Resolution: did the customer's problem get solved? The customer was told what they needed
(the scenario's expected facts), the required actions were taken with the right arguments, no
forbidden action was taken, the world's end state matches, and the conversation ended well: the
customer satisfied, or handed to a human in a case that needs one. (Whether what was told is
true is accuracy's business.)"""

from __future__ import annotations

from bench.core.expectations import action_matches, assertion_holds, progress
from bench.core.scenario import Action, Scenario
from bench.core.text import matches_any
from bench.core.transcript import BOT_ERROR, GAVE_UP, HANDOFF, RESOLVED, Transcript
from bench.scorers.findings import DimensionScore, Finding, from_findings


def _args(action: Action) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in action.args.items())


def score(scenario: Scenario, transcript: Transcript, *, transcript_only: bool = False) -> DimensionScore:
    """`transcript_only`: for bots whose tools the harness cannot see, an action also counts as
    done when a reply confirms it (the action's `confirmed_by` patterns), and the world's end
    state is not graded (the harness never saw it change). What the customer came for is read by
    bench.core.expectations.progress, as the simulated customer reads it."""
    reached = progress(scenario, transcript.turns, transcript.final_state)
    findings = [_outcome(transcript, scenario.escalation)]
    for fact, told in reached.told:
        findings.append(
            Finding(
                "resolution.informed",
                told is not None,
                fact.severity,
                f"the customer {'is' if told is not None else 'is never'} told {fact.fact}",
                told,
            )
        )
    for action, done in reached.done:
        if done is None and transcript_only:
            if not action.confirmed_by:  # nothing in the transcript can tell
                continue
            done = _confirmed(action, transcript)
        findings.append(
            Finding(
                "resolution.required_action",
                done is not None,
                action.severity,
                f"{'calls' if done is not None else 'never calls'} {action.tool}({_args(action)})"
                + (f": {action.why}" if action.why and done is None else ""),
                done,
            )
        )
    calls = transcript.tool_calls()
    for action in scenario.forbidden_actions:  # watching: not doing wrong earns nothing on its own
        done = next((i for i, c in calls if action_matches(c, action)), None)
        if done is None and transcript_only and action.confirmed_by:
            done = _confirmed(action, transcript)
        if done is not None:
            findings.append(
                Finding(
                    "resolution.forbidden_action",
                    False,
                    "critical",
                    f"calls forbidden {action.tool}({_args(action)})" + (f": {action.why}" if action.why else ""),
                    done,
                )
            )
    for assertion, ok, found in [] if transcript_only else reached.end_state:
        if ok and assertion_holds(scenario.world, assertion)[0]:
            continue  # it held before the conversation: keeping it so is watched, not credited
        wanted = {k: v for k, v in assertion.items() if k not in ("path", "why", "severity")}
        findings.append(
            Finding(
                "resolution.end_state",
                ok,
                assertion.get("severity", "major"),
                f"{assertion['path']} {'is' if ok else 'is not'} as expected {wanted}"
                + (f": {assertion['why']}" if assertion.get("why") and not ok else ""),
                None,
                f"{assertion['path']} = {found}",
            )
        )
    return from_findings(findings)


def _confirmed(action: Action, transcript: Transcript) -> int | None:
    """The first reply that confirms the action in words (transcript mode), or None."""
    return next((i for i, t in transcript.bot_turns() if matches_any(t.text, action.confirmed_by)), None)


def _outcome(transcript: Transcript, expect: str) -> Finding:
    last = len(transcript.turns) - 1
    outcome = transcript.outcome
    if outcome == RESOLVED:
        return Finding("resolution.outcome", True, "critical", "the customer got what they came for", last)
    if outcome == HANDOFF:
        ok = expect != "never"
        return Finding(
            "resolution.outcome",
            ok,
            "major",
            "handed to a human, as the case needs" if ok else "handed to a human instead of being resolved",
            transcript.handoff_index(),
        )
    if outcome == GAVE_UP:
        return Finding(
            "resolution.outcome",
            False,
            "critical",
            "the customer gave up without a resolution",
            last,
            transcript.turns[last].text,
        )
    if outcome == BOT_ERROR:
        return Finding("resolution.outcome", False, "critical", f"the bot failed: {transcript.error}", last)
    return Finding("resolution.outcome", False, "critical", f"unknown outcome {outcome!r}", last)
