"""bench.core.text: the normalised matching every scorer and the simulated customer rely on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bench.core.text import excerpt, find_amounts, find_dates, matches_any, mentions, mentions_any, normalise


def ymd(found: list[tuple]) -> list[tuple]:
    """The (year, month, day) of each date found, without the words."""
    return [f[:3] for f in found]


# normalise


def test_normalise_lowercases_and_strips_accents():
    assert normalise("Élodie a PAYÉ à Noël") == "elodie a paye a noel"


def test_normalise_unifies_curly_apostrophes():
    assert normalise("l’été, l‘hiver") == "l'ete, l'hiver"


def test_normalise_collapses_every_kind_of_space_and_trims():
    assert normalise("  le\u00a014\u202fmars \u2009 2026\n\t ") == "le 14 mars 2026"


@pytest.mark.parametrize(
    "written, flat",
    [
        ("49,90 €", "49,90€"),
        ("49,90\u202f€", "49,90€"),
        ("€ 49.90", "€49.90"),
        ("£ 349.99", "£349.99"),
        ("$ 5", "$5"),
    ],
)
def test_normalise_glues_currency_symbols_to_their_number(written, flat):
    assert normalise(written) == flat


def test_normalise_keeps_a_currency_symbol_away_from_words():
    assert normalise("prix en € seulement") == "prix en € seulement"


# mentions / mentions_any


def test_mentions_a_whole_word_case_insensitively():
    assert mentions("Your order a1 has shipped", "A1")


def test_mentions_does_not_match_inside_a_longer_word_or_number():
    assert not mentions("Your order A10 has shipped", "A1")
    assert not mentions("Order XA1 has shipped", "A1")
    assert not mentions("It arrives on 112 March", "12 March")


def test_mentions_a_phrase_followed_by_more_words():
    assert mentions("It arrives on 12 March 2026, by noon.", "12 March")


def test_mentions_is_accent_insensitive_both_ways():
    assert mentions("Livraison prévue le 14 février.", "14 fevrier")
    assert mentions("Livraison prevue le 14 fevrier.", "14 février")


def test_mentions_ignores_typographic_spaces():
    assert mentions("Votre colis arrive le 14\u202fmars.", "14 mars")
    assert mentions("Montant : 49,90\u00a0€.", "49,90 €")


def test_mentions_an_amount_followed_by_punctuation():
    assert mentions("The total is €12.50.", "€12.50")


def test_mentions_nothing_for_an_empty_form():
    assert not mentions("anything at all", "")
    assert not mentions("anything at all", "   ")


def test_mentions_any_returns_the_first_form_mentioned_in_list_order():
    text = "Your parcel arrives on 12 March, that is March 12."
    assert mentions_any(text, ["13 March", "March 12", "12 March"]) == "March 12"


def test_mentions_any_returns_none_when_no_form_is_mentioned():
    assert mentions_any("Your parcel arrives soon.", ["12 March", "March 12"]) is None
    assert mentions_any("Your parcel arrives soon.", []) is None


# matches_any


def test_matches_any_is_case_and_accent_insensitive_on_the_text():
    found = matches_any("Un REMBOURSEMENT INTÉGRAL vous est accordé.", [r"remboursement integral"])
    assert found is not None and found[0] == "remboursement integral"


def test_matches_any_strips_accents_from_the_pattern():
    assert matches_any("remboursement integral accorde", [r"remboursement intégral"]) is not None


def test_matches_any_keeps_uppercase_escapes_meaning_what_they_mean():
    # \S must stay "not a space": lower-casing the pattern would turn it into \s
    assert matches_any("a b", [r"a\Sb"]) is None
    found = matches_any("Your code: XK-42 is ready", [r"code: \S+"])
    assert found is not None and found[0] == "code: xk-42"


def test_matches_any_handles_emoji_ranges():
    found = matches_any("Your refund is on its way 🎉", [r"[\U0001F300-\U0001FAFF]"])
    assert found is not None and found[0] == "🎉"
    assert matches_any("Your refund is on its way.", [r"[\U0001F300-\U0001FAFF]"]) is None


def test_matches_any_returns_the_match_of_the_first_pattern_that_matches():
    found = matches_any("I am sorry, I apologise.", [r"\bnever\b", r"apologi[sz]e", r"sorry"])
    assert found is not None and found[0] == "apologise"


def test_matches_any_returns_none_when_nothing_matches():
    assert matches_any("Your parcel arrives on 12 March.", [r"refund", r"\bcancel"]) is None
    assert matches_any("anything", []) is None


def test_matches_any_matches_an_amount_written_with_a_space_before_the_currency():
    assert matches_any("Un remboursement de 49,90 € vous est accordé.", [r"remboursement de 49,90 €"]) is not None


# find_dates


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It arrives on 12 March 2026.", (2026, 3, 12)),
        ("It arrives on 12 March, 2026.", (2026, 3, 12)),
        ("It arrives on March 12th.", (None, 3, 12)),
        ("It arrives on March 12, 2026.", (2026, 3, 12)),
        ("It arrives on the 3rd of March.", (None, 3, 3)),
        ("Il arrivera le 1er mars.", (None, 3, 1)),
        ("Il arrivera le 14 février 2026.", (2026, 2, 14)),
        ("Il arrivera le 14\u202fmars.", (None, 3, 14)),
        ("Livraison le 14/02/2026.", (2026, 2, 14)),
        ("Delivery on 2026-03-12.", (2026, 3, 12)),
    ],
)
def test_find_dates_reads_english_and_french_forms(text, expected):
    assert ymd(find_dates(text)) == [expected]


def test_find_dates_reads_slashed_dates_in_european_order():
    assert ymd(find_dates("le 03/04/2026")) == [(2026, 4, 3)]


def test_find_dates_reports_the_words_it_read():
    [(_, _, _, words)] = find_dates("Your parcel arrives on 12 March 2026.")
    assert words == "12 march 2026"


def test_find_dates_finds_every_date_in_a_text():
    found = find_dates("Ordered on 2026-03-01, shipped on 3 March, arriving March 12th.")
    assert sorted(ymd(found), key=lambda d: (d[1], d[2])) == [(2026, 3, 1), (None, 3, 3), (None, 3, 12)]


def test_find_dates_reads_a_date_once_not_once_per_pattern():
    assert len(find_dates("Le 12 mars 2026 à 10 h.")) == 1
    assert len(find_dates("On March 12, 2026 at noon.")) == 1


@pytest.mark.parametrize("text", ["on 45 March", "le 13/13/2026", "le 00/03/2026", "on 2026-13-01"])
def test_find_dates_rejects_impossible_days_and_months(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    ["Order A1 has 3 items.", "Call us at 10:30.", "Votre commande compte 2 articles.", "Version 2.0 of the app", ""],
)
def test_find_dates_finds_nothing_where_there_is_no_date(text):
    assert find_dates(text) == []


def test_find_dates_does_not_read_the_modal_may_as_a_month():
    assert find_dates("Items 1 and 2 may arrive separately.") == []


def test_find_dates_words_carry_no_trailing_punctuation():
    [(_, _, _, words)] = find_dates("Il arrivera le 1er mars, normalement.")
    assert words == "1er mars"


# find_amounts


@pytest.mark.parametrize(
    "text, value",
    [
        ("The total is €49.90.", "49.90"),
        ("Le total est de 49,90 €.", "49.90"),
        ("Le total est de 49,90\u00a0€.", "49.90"),
        ("Le total est de 1 275,60 €.", "1275.60"),
        ("Le total est de 1\u202f275,60\u00a0€.", "1275.60"),
        ("The total is $1,275.60.", "1275.60"),
        ("The total is £349.99.", "349.99"),
        ("The total is 129 EUR.", "129"),
        ("Le total est de 20 euros.", "20"),
        ("The total is € 5.", "5"),
    ],
)
def test_find_amounts_reads_amounts_written_with_a_currency(text, value):
    assert [v for v, _ in find_amounts(text)] == [Decimal(value)]


def test_find_amounts_reports_the_words_it_read_normalised():
    assert find_amounts("Le total est de 49,90 €.") == [(Decimal("49.90"), "49,90€")]


def test_find_amounts_finds_every_amount_in_order():
    found = find_amounts("You paid €49.90 and we refund 12,50 € today, then £3.")
    assert [v for v, _ in found] == [Decimal("49.90"), Decimal("12.50"), Decimal("3")]


@pytest.mark.parametrize(
    "text", ["Order A1 has 3 items and costs 12.50", "Votre commande A1042 du 14/02/2026", "Call 0800 123 456", ""]
)
def test_find_amounts_ignores_numbers_without_a_currency(text):
    assert find_amounts(text) == []


# excerpt


def test_excerpt_quotes_the_sentence_that_contains_the_needle():
    text = "Hello there. Your parcel arrives on 12 March! Anything else?"
    assert excerpt(text, "12 march") == "Your parcel arrives on 12 March!"


def test_excerpt_compares_the_needle_normalised_and_quotes_the_original():
    text = "Bonjour. Votre colis arrivera le 14 février. Bonne journée !"
    assert excerpt(text, "14 FEVRIER") == "Votre colis arrivera le 14 février."


def test_excerpt_falls_back_to_the_first_sentence():
    text = "Hello there. Your parcel arrives on 12 March."
    assert excerpt(text) == "Hello there."
    assert excerpt(text, "refund") == "Hello there."


def test_excerpt_collapses_spaces_in_the_quote():
    assert excerpt("Your   parcel\u00a0arrives\u202fsoon.", "parcel") == "Your parcel arrives soon."


def test_excerpt_cuts_a_long_sentence_to_the_width_with_an_ellipsis():
    quoted = excerpt("word " * 100, width=40)
    assert len(quoted) == 40
    assert quoted.endswith("…")
    assert quoted.startswith("word word")


def test_excerpt_of_an_empty_text_is_empty():
    assert excerpt("") == ""


@pytest.mark.parametrize(
    "text, value",
    [("£8450.00", "8450.00"), ("£8,450.00", "8450.00"), ("8 450,00 €", "8450.00"), ("€49.90", "49.90")],
)
def test_amounts_without_thousands_separators_are_read_whole(text, value):
    assert [v for v, _ in find_amounts(text)] == [Decimal(value)]
