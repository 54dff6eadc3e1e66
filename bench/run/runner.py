"""The runner: plays scenarios against bots with asyncio, many conversations at once.

A bot's faults never stop a run: an exception, a timeout or a reply that is not a reply ends that
one conversation as `bot_error`, with the error and everything said so far recorded."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from bench.bots import BotFault, Contestant, describe_error
from bench.core.contract import BadReply, BotReply, HistoryTurn, Session, check_reply  # noqa: F401 - BadReply lived here
from bench.core.scenario import Scenario
from bench.core.transcript import BOT_ERROR, HANDOFF, Handoff, Transcript, Turn
from bench.core.world import HANDOFF_TOOL, ToolCall, World, load_domain
from bench.run.keys import contestant_identity, conversation_key, trial_seed
from bench.scorers import bounded
from bench.sim.customer import Customer


@dataclass(frozen=True)
class RunOptions:
    trials: int = 1
    concurrency: int = 8
    turn_timeout: float = 30.0  # seconds a bot may take for one reply
    seed: int = 0


async def _ask(contestant: Contestant, message: str, session: Session, timeout: float) -> BotReply:
    """The bot's checked reply (bench.core.contract.check_reply, run in the bot's thread), or
    BotFault / BadReply / TimeoutError."""
    return await asyncio.wait_for(contestant.submit("respond", message, session, finish=check_reply), timeout)


def _describe(error: BaseException, timeout: float) -> str:
    """What went wrong, for the transcript. Never raises."""
    if isinstance(error, (asyncio.TimeoutError, TimeoutError)):
        return f"timeout: no reply within {timeout:g} s"
    if isinstance(error, BotFault):
        return str(error)
    return describe_error(error)


async def converse(
    contestant: Contestant,
    scenario: Scenario,
    trial: int,
    seed: int,
    run_id: str,
    timeout: float,
    start_error: str | None = None,
) -> Transcript:
    """Play one scenario against one bot until handoff, resolution, the customer giving up or a bot error."""
    world = World(load_domain(scenario.domain), scenario.world)
    customer = Customer(scenario, seed)
    transcript = Transcript(
        run_id=run_id,
        bot=contestant.name,
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=trial,
        seed=seed,
        language=scenario.language,
        channel=scenario.channel,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        key=conversation_key(contestant_identity(contestant), scenario.id, scenario.digest, trial, seed),
    )
    playing = True

    def call_tool(name: str, arguments: dict) -> dict:
        # a bot left running after its timeout must not change the world being scored
        return world.call(name, arguments) if playing else {"error": "this conversation is over"}

    session = Session(
        id=f"{run_id}/{contestant.name}/{scenario.id}/{trial}",
        locale=scenario.language,
        channel=scenario.channel,
        tools=[t.spec() for t in world.domain.tools.values()],
        seed=seed,
        _call=call_tool,
        policy=world.domain.policy,
    )
    began = time.perf_counter()
    message = customer.opening()
    while True:
        transcript.turns.append(Turn("customer", message))
        session.history.append(HistoryTurn("customer", message))
        if start_error:
            transcript.outcome, transcript.error = BOT_ERROR, start_error
            break
        first_call = len(world.calls)
        asked_at = time.perf_counter()
        try:
            reply, error = await _ask(contestant, message, session, timeout), None
        except Exception as failed:  # noqa: BLE001 - any bot fault is recorded, never raised
            reply, error = None, _describe(failed, timeout)
        if world.refused:  # arguments no tool can take (bench.core.world.World.call): the root cause
            error = world.refused
        if error is not None:
            if len(world.calls) > first_call:  # keep what it did before failing: actions count
                transcript.turns.append(Turn("bot", "", world.calls[first_call:]))
            transcript.outcome, transcript.error = BOT_ERROR, error
            break
        calls = world.calls[first_call:] + [_reported(action) for action in reply.actions]
        handoff = _handoff_of(reply, calls)
        latency = round(time.perf_counter() - asked_at, 4)
        transcript.turns.append(Turn("bot", reply.text, calls, handoff, latency, reply.usage))
        session.history.append(HistoryTurn("bot", reply.text))
        if handoff:
            transcript.outcome = HANDOFF
            break
        # the customer reads what the scorers read: a 1 MB reply would hold the whole run for seconds
        line = customer.reply(bounded(transcript)[0].turns, world)
        if line.ends:
            transcript.turns.append(Turn("customer", line.text))
            transcript.outcome = line.ends
            break
        message = line.text
    playing = False
    transcript.final_state = world.state
    transcript.duration_s = round(time.perf_counter() - began, 4)
    return transcript


def _reported(action: dict) -> ToolCall:
    """An action the bot reports having taken in its own systems: recorded, not run on the world."""
    return ToolCall(action["tool"], action["args"], {"reported": True})  # both checked by check_reply


def _handoff_of(reply: BotReply, calls: list) -> Handoff | None:
    if reply.handoff:
        return Handoff(reply.handoff_summary or "", reply.handoff_reason or "", "reply")
    for call in calls:
        if call.name == HANDOFF_TOOL and call.error is None:
            return Handoff(call.arguments.get("summary", ""), call.arguments.get("reason", ""), "tool")
    return None


def jobs(contestants: list[Contestant], scenarios: list[Scenario], options: RunOptions) -> Iterator[tuple]:
    for contestant in contestants:
        for scenario in scenarios:
            for trial in range(options.trials):
                yield contestant, scenario, trial, trial_seed(options.seed, scenario.id, trial)


async def run_suite(
    contestants: list[Contestant],
    scenarios: list[Scenario],
    options: RunOptions,
    run_id: str,
    on_transcript: Callable[[Transcript], None],
    skip: Collection[str] = (),
) -> None:
    """Run every (bot, scenario, trial) with at most `options.concurrency` conversations at once,
    handing each transcript to `on_transcript` as soon as it ends. Conversations whose key
    (bench.run.keys.conversation_key) is in `skip` are already finished and not played again."""
    pending = [
        job
        for job in jobs(contestants, scenarios, options)
        if conversation_key(contestant_identity(job[0]), job[1].id, job[1].digest, job[2], job[3]) not in skip
    ]
    busy = {id(job[0]) for job in pending}
    playing = [c for c in contestants if id(c) in busy]  # a bot with nothing left to play is not started
    start_errors: dict[str, str] = {}
    for contestant in playing:
        try:
            await asyncio.wait_for(contestant.start(), options.turn_timeout)
        except Exception as failed:  # noqa: BLE001
            start_errors[contestant.name] = "start() failed: " + _describe(failed, options.turn_timeout)
    queue = iter(pending)

    async def worker() -> None:
        for contestant, scenario, trial, seed in queue:
            on_transcript(
                await converse(
                    contestant, scenario, trial, seed, run_id, options.turn_timeout, start_errors.get(contestant.name)
                )
            )

    await asyncio.gather(*(worker() for _ in range(max(1, options.concurrency))))
    for contestant in playing:
        try:
            await asyncio.wait_for(contestant.close(), options.turn_timeout)
        except Exception:  # noqa: BLE001 - a bot that fails to close has still been measured
            pass
