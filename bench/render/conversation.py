"""A recorded conversation as text, with its findings next to the turns they concern (`supportbench show`)."""

from __future__ import annotations

import json

from bench.core.transcript import Transcript


def render_conversation(transcript: Transcript, card: dict | None, failures_only: bool = False) -> str:
    """The conversation turn by turn (tool calls and handoff included), each finding printed
    under the turn it is about; findings about the whole conversation come last."""
    findings: dict[int | None, list[tuple[str, dict]]] = {}
    for dim, score in (card or {}).get("dimensions", {}).items():
        for f in score["findings"]:
            if not (failures_only and f["passed"]):
                findings.setdefault(f["turn"], []).append((dim, f))

    def lines_for(turn_index: int | None) -> list[str]:
        out = []
        for dim, f in findings.get(turn_index, []):
            mark = "ok  " if f["passed"] else "FAIL"
            evidence = f"  «{f['evidence']}»" if f["evidence"] and not f["passed"] else ""
            out.append(f"      {mark} [{f['severity']}] {dim}: {f['message']}{evidence}")
        return out

    head = (
        f"== {transcript.scenario_id} | bot {transcript.bot} | trial {transcript.trial} | "
        f"outcome {transcript.outcome}" + (f" ({transcript.error})" if transcript.error else "")
    )
    out = [head]
    if card:
        dims = ", ".join(
            f"{k} {'n/a' if v['score'] is None else format(v['score'], '.2f')}" for k, v in card["dimensions"].items()
        )
        out.append(f"   composite {card['composite']:.3f} | {'PASS' if card['passed'] else 'FAIL'} | {dims}")
    for i, turn in enumerate(transcript.turns):
        out.append(f"{i + 1:>3} {turn.role:>8}: {turn.text}")
        for call in turn.tool_calls:
            result = call.error and f"error: {call.error}" or json.dumps(call.result, ensure_ascii=False)
            out.append(
                f"           tool {call.name}({json.dumps(call.arguments, ensure_ascii=False)}) -> {result[:200]}"
            )
        if turn.handoff:
            out.append(
                f"           HANDOFF via {turn.handoff.via}: "
                f"reason={turn.handoff.reason!r} summary={turn.handoff.summary!r}"
            )
        out += lines_for(i)
    overall = lines_for(None)
    if overall:
        out.append("    conversation:")
        out += overall
    return "\n".join(out) + "\n"
