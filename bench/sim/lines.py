"""What the simulated customer says when the scenario does not say it: its stock lines and how it
gives each fact, in English and French."""

LINES = {
    "en": {
        "again": "As I already said: ",
        "ask_human": "I'd like to speak to a human, please.",
        "insist": ["I asked to speak to a real person.", "Please, just put me through to a human agent."],
        "closing": "Thank you, that's all I needed.",
        "nudge": "That doesn't answer my question. Can you help me with it?",
        "give_up": "Forget it, I'll go elsewhere.",
    },
    "fr": {
        "again": "Je vous l'ai déjà dit : ",
        "ask_human": "Je voudrais parler à un conseiller, s'il vous plaît.",
        "insist": ["J'ai demandé à parler à une vraie personne.", "Passez-moi un conseiller, s'il vous plaît."],
        "closing": "Merci, c'est tout ce qu'il me fallait.",
        "nudge": "Ça ne répond pas à ma question. Vous pouvez m'aider ?",
        "give_up": "Laissez tomber, je vais voir ailleurs.",
    },
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
