"""The facts a simulated customer knows, by key: how a bot asks for each (English and French, on
normalised text: lower case, no accents) and how the customer gives it. A scenario may use any
other key if it says how the bot asks for it (`asked_by`)."""

# How a bot asks for each well-known fact, on normalised text (lower case, no accents).
FACT_REQUESTS: dict[str, list[str]] = {
    "order_number": [
        r"order (number|no\b|#|id|reference)",
        r"numero de (la |votre )?commande",
        r"reference de (la |votre )?commande",
        r"n[°o] de commande",
    ],
    "email": [r"e-?mail", r"courriel", r"adresse (electronique|mail)"],
    "date_of_birth": [
        r"date of birth",
        r"\bdob\b",
        r"birth ?date",
        r"when were you born",
        r"date de naissance",
        r"\bnee? le\b",
    ],
    "phone": [r"phone", r"mobile number", r"telephone", r"numero de (portable|mobile)"],
    "postcode": [r"post ?code", r"\bzip\b", r"code postal"],
    "address": [
        r"(new|delivery|postal|home|full|shipping) address",
        r"adresse (de livraison|postale|complete)",
        r"nouvelle adresse",
        r"votre adresse\b(?! (e-?mail|electronique|mail))",
    ],
    "name": [r"your (full )?name", r"name on the (account|order)", r"votre nom", r"nom complet", r"nom et prenom"],
    "account_number": [r"account number", r"numero de compte"],
    "card_last4": [r"last (4|four) digits", r"(4|quatre) derniers chiffres"],
    "iban": [r"\biban\b"],
    "tracking_number": [r"tracking (number|code)", r"numero de suivi"],
    "booking_reference": [
        r"booking (reference|number|code|ref)",
        r"confirmation (code|number)",
        r"\bpnr\b",
        r"(reference|numero) de (la |votre )?(reservation|dossier)",
    ],
    "customer_number": [r"customer (number|id|reference)", r"account id", r"(numero|identifiant|reference) client"],
}

GIVE = {  # how the customer gives a fact, per language
    "en": {
        "order_number": "My order number is {v}.",
        "email": "My e-mail is {v}.",
        "date_of_birth": "My date of birth is {v}.",
        "phone": "My phone number is {v}.",
        "postcode": "My postcode is {v}.",
        "address": "The address is {v}.",
        "name": "My name is {v}.",
        "account_number": "My account number is {v}.",
        "card_last4": "The card ends in {v}.",
        "iban": "My IBAN is {v}.",
        "tracking_number": "The tracking number is {v}.",
        "booking_reference": "My booking reference is {v}.",
        "customer_number": "My customer number is {v}.",
        "*": "{k}: {v}.",
    },
    "fr": {
        "order_number": "Mon numéro de commande est le {v}.",
        "email": "Mon adresse mail : {v}",
        "date_of_birth": "Je suis né(e) le {v}.",
        "phone": "Mon numéro : {v}",
        "postcode": "Mon code postal est {v}.",
        "address": "L'adresse : {v}",
        "name": "Je m'appelle {v}.",
        "account_number": "Mon numéro de compte est {v}.",
        "card_last4": "La carte se termine par {v}.",
        "iban": "Mon IBAN : {v}",
        "tracking_number": "Le numéro de suivi est {v}.",
        "booking_reference": "Ma référence de réservation : {v}",
        "customer_number": "Mon numéro client : {v}",
        "*": "{k} : {v}",
    },
}
