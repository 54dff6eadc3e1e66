"""Careful's reflection of the customer's words: first person to second, questions never quoted."""

from bench.bots.reflect import reflect


def test_an_english_statement_comes_back_in_the_second_person():
    assert reflect("My parcel still hasn't arrived and I'm fed up!!!", "en") == (
        "Your parcel still hasn't arrived and you're fed up"
    )


def test_a_french_statement_comes_back_with_vous():
    assert reflect("Mon colis n'est toujours pas arrivé et j'ai déjà appelé deux fois.", "fr") == (
        "Votre colis n'est toujours pas arrivé et vous avez déjà appelé deux fois"
    )


def test_a_question_or_a_greeting_is_not_reflected():
    assert reflect("Where is my order?", "en") is None
    assert reflect("Bonjour !", "fr") is None


def test_a_french_verb_it_cannot_conjugate_is_left_alone():
    assert reflect("Je veux mon argent maintenant.", "fr") is None
