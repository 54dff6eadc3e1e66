"""The runner: bots sync or async, faults recorded as bot_error, never a crash, records as they end."""

from __future__ import annotations

import asyncio
import time

from bench.bots import Contestant
from bench.core.contract import BotReply
from bench.core.transcript import BOT_ERROR, GAVE_UP, HANDOFF, RESOLVED
from bench.run.runner import RunOptions, converse, run_suite, trial_seed

TRACKING = {"customer": {"patience": 3}}


def play(bot, scenario, timeout: float = 2.0, trial: int = 0):
    return asyncio.run(converse(Contestant("bot", bot), scenario, trial, 1, "run", timeout))


class Answers:
    """Says the delivery date once it has the order number."""

    def respond(self, message, session):
        if "A1" not in message:
            return "Could you give me your order number?"
        order = session.call_tool("get_order", order_id="A1")
        return f"It arrives on {order['shipment']['estimated_delivery'][8:]} March."


def test_sync_bot_conversation_ends_resolved_when_customer_is_satisfied(make_scenario):
    transcript = play(Answers(), make_scenario())
    assert transcript.outcome == RESOLVED
    assert [t.role for t in transcript.turns] == ["customer", "bot", "customer", "bot", "customer"]
    assert transcript.turns[3].tool_calls[0].name == "get_order"


def test_async_bot_is_awaited(make_scenario):
    class AsyncBot:
        async def respond(self, message, session):
            await asyncio.sleep(0)
            return BotReply("It arrives on 12 March.")

    assert play(AsyncBot(), make_scenario()).turns[1].text == "It arrives on 12 March."


def test_plain_string_reply_is_accepted(make_scenario):
    transcript = play(type("B", (), {"respond": lambda self, m, s: "12 March"})(), make_scenario())
    assert transcript.turns[1].text == "12 March"


def test_exception_in_bot_is_recorded_as_bot_error_with_the_conversation_so_far(make_scenario):
    class Breaks:
        def respond(self, message, session):
            if len(session.history) > 1:
                raise RuntimeError("database down")
            return "Could you give me your order number?"

    transcript = play(Breaks(), make_scenario())
    assert transcript.outcome == BOT_ERROR
    assert "RuntimeError: database down" in transcript.error
    assert len(transcript.turns) == 3  # opening, first reply, the customer's answer


def test_sync_bot_that_hangs_times_out_without_blocking_the_run(make_scenario):
    class Hangs:
        def respond(self, message, session):
            time.sleep(60)

    started = time.perf_counter()
    transcript = play(Hangs(), make_scenario(), timeout=0.2)
    assert transcript.outcome == BOT_ERROR
    assert transcript.error.startswith("timeout")
    assert time.perf_counter() - started < 5


def test_async_bot_that_hangs_times_out(make_scenario):
    class Hangs:
        async def respond(self, message, session):
            await asyncio.sleep(60)

    transcript = play(Hangs(), make_scenario(), timeout=0.2)
    assert (transcript.outcome, transcript.error) == (BOT_ERROR, "timeout: no reply within 0.2 s")


def test_reply_that_is_not_a_reply_is_a_bot_error(make_scenario):
    transcript = play(type("B", (), {"respond": lambda self, m, s: {"text": "hi"}})(), make_scenario())
    assert transcript.outcome == BOT_ERROR
    assert "expected BotReply or str" in transcript.error


def test_tool_calls_made_before_a_crash_are_kept(make_scenario):
    class ActsThenCrashes:
        def respond(self, message, session):
            session.call_tool("cancel_order", order_id="A1")
            raise ValueError("oops")

    transcript = play(ActsThenCrashes(), make_scenario())
    assert transcript.turns[-1].tool_calls[0].name == "cancel_order"


def test_handoff_by_reply_ends_the_conversation(make_scenario):
    bot = type("B", (), {"respond": lambda self, m, s: BotReply("Transferring.", True, "Ann, order A1", "asked")})()
    transcript = play(bot, make_scenario())
    assert transcript.outcome == HANDOFF
    assert (transcript.turns[1].handoff.summary, transcript.turns[1].handoff.via) == ("Ann, order A1", "reply")


def test_handoff_by_transfer_tool_ends_the_conversation(make_scenario):
    class Transfers:
        def respond(self, message, session):
            session.call_tool("transfer_to_human", summary="Ann wants her parcel", reason="asked")
            return "A colleague will take over."

    transcript = play(Transfers(), make_scenario())
    assert transcript.outcome == HANDOFF
    assert transcript.turns[1].handoff.via == "tool"


def test_customer_gives_up_on_a_bot_that_never_helps(make_scenario):
    transcript = play(type("B", (), {"respond": lambda self, m, s: "Hello!"})(), make_scenario(TRACKING))
    assert transcript.outcome == GAVE_UP


def test_each_conversation_gets_its_own_world(make_scenario):
    class Cancels:
        def respond(self, message, session):
            return str(session.call_tool("cancel_order", order_id="A1"))

    scenario = make_scenario()
    first, second = play(Cancels(), scenario), play(Cancels(), scenario)
    assert "cancelled" in first.turns[1].text and "cancelled" in second.turns[1].text
    assert scenario.world["orders"]["A1"]["status"] == "in_transit"


def test_seeds_differ_by_trial_and_are_shared_by_bots():
    assert trial_seed(0, "a.b", 0) != trial_seed(0, "a.b", 1)
    assert trial_seed(0, "a.b", 0) == trial_seed(0, "a.b", 0)
    assert trial_seed(0, "a.b", 0) != trial_seed(1, "a.b", 0)


def run(contestants, scenarios, **options):
    done = []
    asyncio.run(run_suite(contestants, scenarios, RunOptions(**options), "run", done.append))
    return done


def test_every_bot_scenario_and_trial_is_played_once(make_scenario):
    scenarios = [make_scenario(), make_scenario({"id": "retail.test.other"}, name="other.yaml")]
    done = run([Contestant("a", Answers()), Contestant("b", Answers())], scenarios, trials=3)
    keys = sorted((t.bot, t.scenario_id, t.trial) for t in done)
    assert keys == sorted({(b, s.id, k) for b in "ab" for s in scenarios for k in range(3)})


def test_concurrency_limits_conversations_in_flight(make_scenario):
    class Counts:
        def __init__(self):
            self.now = self.peak = 0

        async def respond(self, message, session):
            self.now += 1
            self.peak = max(self.peak, self.now)
            await asyncio.sleep(0.01)
            self.now -= 1
            return "12 March"

    bot = Counts()
    run([Contestant("a", bot)], [make_scenario()], trials=12, concurrency=4)
    assert bot.peak == 4


def test_a_bot_whose_start_fails_has_every_conversation_recorded_as_bot_error(make_scenario):
    class CannotStart(Answers):
        def start(self):
            raise ConnectionError("no licence")

    done = run([Contestant("a", CannotStart()), Contestant("b", Answers())], [make_scenario()], trials=2)
    errors = {t.bot: t.outcome for t in done}
    assert [t.error.startswith("start() failed: ConnectionError: no licence") for t in done if t.bot == "a"] == [
        True
    ] * 2
    assert errors["b"] == RESOLVED


def test_start_and_close_are_called_once_per_run(make_scenario):
    class Tracked(Answers):
        calls: list[str] = []

        async def start(self):
            self.calls.append("start")

        def close(self):
            self.calls.append("close")

    bot = Tracked()
    run([Contestant("a", bot)], [make_scenario()], trials=3)
    assert bot.calls == ["start", "close"]


def test_transcripts_are_handed_over_as_each_conversation_ends(make_scenario):
    order = []

    class SlowForFirstTrial:
        async def respond(self, message, session):
            await asyncio.sleep(0.3 if session.id.endswith("/0") else 0)
            return "12 March"

    asyncio.run(
        run_suite(
            [Contestant("a", SlowForFirstTrial())],
            [make_scenario()],
            RunOptions(trials=2, concurrency=2),
            "run",
            lambda t: order.append(t.trial),
        )
    )
    assert order == [1, 0]
