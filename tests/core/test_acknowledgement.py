"""The acknowledgement model: conditioned on the customer's message, specific above generic above
none, formulae repeated from earlier replies decay, and the shipped weights are what the corpus trains."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.core.acknowledgement import acknowledgement, emotion, read

GRIEF = "My husband passed away last week and I need to close his account."
SPECIFIC = (
    "I'm so sorry about your husband. Having to close his account only a week after losing him is a lot "
    "to carry, and I'll take care of it with you."
)
GENERIC = "Sorry for the inconvenience. Please send us the death certificate."
NONE = "Please send us the death certificate."


def test_a_customer_who_shows_a_feeling_reads_as_emotional_and_a_plain_question_does_not():
    assert emotion(GRIEF) > 0.5
    assert emotion("What time do you open on Saturday?") < 0.5


def test_specific_acknowledgement_scores_above_generic_and_generic_above_none():
    assert acknowledgement(SPECIFIC, GRIEF) > acknowledgement(GENERIC, GRIEF) > acknowledgement(NONE, GRIEF)


def test_sympathy_to_a_customer_who_shows_no_feeling_earns_nothing():
    calm = "What time do you open on Saturday?"
    assert acknowledgement("That must be so frustrating, I am so sorry. We open at 9.", calm) < 0.1


def test_the_same_acknowledgement_in_french_is_read_like_the_english():
    fr = acknowledgement(
        "Je suis vraiment désolé pour votre mari. Devoir fermer son compte une semaine seulement après "
        "l'avoir perdu, c'est beaucoup à porter ; je m'en occupe avec vous.",
        "Mon mari est décédé la semaine dernière et je dois fermer son compte.",
    )
    assert abs(fr - acknowledgement(SPECIFIC, GRIEF)) < 0.25


def test_a_conversation_reading_discounts_an_acknowledgement_that_comes_late():
    on_time = read([("customer", GRIEF), ("bot", SPECIFIC)])
    late = read([("customer", GRIEF), ("bot", NONE), ("customer", "OK."), ("bot", SPECIFIC)])
    assert late.value < on_time.value
    assert late.turn == 3


def test_a_conversation_where_no_feeling_is_shown_has_no_reading():
    assert read([("customer", "What time do you open?"), ("bot", "At 9.")]) is None


def test_the_shipped_weights_are_what_the_corpus_trains():
    script = Path(__file__).resolve().parents[2] / "scripts" / "train_acknowledgement.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
