"""How scoring time grows with the size of a bot's reply: seconds per conversation for one reply
of 1 kB, 10 kB, 100 kB and 1 MB (the HTTP adapter's cap), on a few built-in scenarios.

The reply is ordinary support prose (dates, amounts, order numbers, apologies, questions) repeated
to size, so every scorer has work to do. Usage:

    python scripts/bench_reply_size.py [--sizes 1000,10000,100000,1000000] [--scenarios 3] [--unbounded]

The scorers read at most bench.scorers.MAX_SCORED_CHARS of each reply; `--unbounded` lifts that
bound to show how the scorers themselves scale.
"""

from __future__ import annotations

import argparse
import time

import bench.scorers
from bench.core.text import normalise
from bench.core.transcript import RESOLVED, Transcript, Turn
from bench.scorers import score_transcript
from bench.sim.customer import Customer
from bench.suite.load import load_scenarios

PROSE = {
    "en": (
        "I am so sorry for the trouble with order A1234, I understand how frustrating this is. "
        "Your parcel left our warehouse on 12 March and should arrive by March 14, 2026. "
        "I have refunded 24.99 EUR to your card; it can take 3 to 5 business days. "
        "Could you confirm your email address? Is there anything else I can help you with today? "
    ),
    "fr": (
        "Je suis vraiment désolé pour le souci avec la commande A1234, je comprends votre frustration. "
        "Votre colis est parti le 12 mars et devrait arriver le 14 mars 2026. "
        "Je vous ai remboursé 24,99 € sur votre carte ; cela peut prendre 3 à 5 jours ouvrés. "
        "Pouvez-vous me confirmer votre adresse e-mail ? Puis-je vous aider pour autre chose ? "
    ),
}


def transcript_with_reply(scenario, size: int) -> Transcript:
    prose = PROSE.get(scenario.language, PROSE["en"])
    # the size in the first words: no cache (normalise, values) carries over from another size
    reply = (f"Case {size}. " + prose * (size // len(prose) + 1))[:size]
    return Transcript(
        run_id="bench",
        bot="big",
        scenario_id=scenario.id,
        scenario_digest=scenario.digest,
        trial=0,
        seed=0,
        language=scenario.language,
        channel=scenario.channel,
        turns=[Turn("customer", Customer(scenario, 0).opening()), Turn("bot", reply), Turn("customer", "Thanks, bye.")],
        outcome=RESOLVED,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000", help="Reply sizes in characters.")
    parser.add_argument("--scenarios", type=int, default=3, help="Built-in scenarios scored per size.")
    parser.add_argument("--unbounded", action="store_true", help="Score whole replies, however long.")
    args = parser.parse_args()
    if args.unbounded:
        bench.scorers.MAX_SCORED_CHARS = 10**9
    suite = load_scenarios()
    english = [s for s in suite if s.language == "en"]
    french = [s for s in suite if s.language == "fr"]
    picked = (
        (english[: args.scenarios - 1] + french[:1]) if french and args.scenarios > 1 else english[: args.scenarios]
    )
    score_transcript(picked[0], transcript_with_reply(picked[0], 100))  # warm caches (domains, langdetect)
    print(f"scenarios: {', '.join(s.id for s in picked)}")
    print(f"scorers read at most {bench.scorers.MAX_SCORED_CHARS:,} characters of a reply")
    for size in (int(s) for s in args.sizes.split(",")):
        timings = []
        for scenario in picked:
            normalise.cache_clear()
            transcript = transcript_with_reply(scenario, size)
            began = time.perf_counter()
            score_transcript(scenario, transcript)
            timings.append(time.perf_counter() - began)
        worst = max(timings)
        print(
            f"{size / 1000:>7,.0f} kB reply: {sum(timings) / len(timings):7.3f} s per conversation"
            f" (worst {worst:.3f} s)"
        )


if __name__ == "__main__":
    main()
