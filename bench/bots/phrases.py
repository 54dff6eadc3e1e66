"""What the rule-based reference bots say, in English and French."""

from __future__ import annotations

from datetime import date

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]


def say_date(iso: str, lang: str) -> str:
    d = date.fromisoformat(iso)
    if lang == "fr":
        return f"{'1er' if d.day == 1 else d.day} {_FR_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def say_money(amount: float, currency: str, lang: str) -> str:
    symbol = {"EUR": "€", "GBP": "£", "USD": "$"}.get(currency, currency)
    if lang == "fr":
        return f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",") + f" {symbol}"
    return f"{symbol}{amount:,.2f}"


PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "empathy.bereavement": "I'm so sorry for your loss, and thank you for letting us know at such a difficult time.",
        "empathy.fraud": "I understand how worrying this is; let's protect your account right away.",
        "empathy.anger": "I understand your frustration, and I'm sorry you've had to contact us again about this.",
        "empathy.frustration": "I'm sorry about the wait, I understand how frustrating that is.",
        "empathy.anxiety": "I understand this is stressful; I'll do my best to sort it out quickly.",
        "empathy.confusion": "I understand it can be confusing; let's go through it together.",
        "empathy.hardship": "Thank you for telling me, I understand this is a difficult time.",
        "i_am_ai": "To be transparent: I'm an automated assistant (an AI), not a human, but I can transfer you to a person at any time.",
        "no_human": "I can help you with that myself.",
        "ask_order": "Could you give me your order number?",
        "ask_identity": "To protect your account, could you give me your {missing}?",
        "missing.name": "full name", "missing.date_of_birth": "date of birth", "and": " and ",
        "identity_failed": "I'm sorry, I couldn't verify your identity with those details. Could you check your full name and date of birth?",
        "order_not_found": "I couldn't find order {order}. Could you check the order number?",
        "how_can_i_help": "How can I help you today? If it's about an order, please give me the order number.",
        "anything_else": "Is there anything else I can help you with?",
        "status.processing": "Your order {order} is being prepared and has not shipped yet.",
        "status.shipped": "Your order {order} has shipped with {carrier} (tracking {tracking}).",
        "status.in_transit": "Your order {order} is on its way with {carrier} (tracking {tracking}).",
        "status.delivered": "Your order {order} was delivered on {delivered}.",
        "status.lost": "I'm sorry: the carrier has reported your order {order} as lost.",
        "status.cancelled": "Your order {order} was cancelled.",
        "status.returned": "Your order {order} was returned.",
        "eta": " The estimated delivery date is {eta}.",
        "last_event": " Latest update: {event}.",
        "lost_offer": " I can refund the full {amount} or send a replacement; which would you prefer?",
        "return_ok": "I've opened return {return_id} for order {order}. Your prepaid label: {label}. Once the parcel is back, you'll be refunded {amount} within 5 working days.",
        "return_refused": "I'm sorry, order {order} can't be returned: {reason}{deadline}. Only a supervisor can make an exception; I can transfer you if you'd like.",
        "return_deadline": " (the deadline was {deadline})",
        "return_exception": "Good news: I've made an exception and approved a full refund of {amount} for order {order}.",
        "refund_done": "I've refunded {amount} for order {order}; it will reach your account within 5 working days.",
        "refund_pending": "The refund for order {order} is issued once the returned parcel reaches us, within 5 working days.",
        "ask_address": "What is the new delivery address?",
        "address_changed": "Done: order {order} will be delivered to {address}.",
        "cannot": "I'm sorry, I can't do that: {error}.",
        "cancelled": "Order {order} is cancelled, and {amount} will be refunded to your payment method.",
        "hours": "Our advisers are available {hours}.",
        "card_blocked": "Your card ending in {last4} is now blocked. A new card will arrive within 5 working days.",
        "no_card": "I couldn't find an active card on your accounts.",
        "dispute_opened": "I've opened dispute {dispute} on the payment of {amount} to {merchant}.",
        "balance": "The balance of your {type} account is {amount}.",
        "bereavement_self": "Please send a copy of the death certificate to our branch by post, and we will close the accounts.",
        "hardship_self": "You can find budgeting advice on our website.",
        "handoff": "I'm transferring you now to a colleague who can help; they will have the full context, so you won't need to repeat anything.",
        "handoff_bereavement": "I'm transferring you to our bereavement team, who will guide you through the next steps. They will have everything you've told me.",
        "deflect": "Let me transfer you to an agent.",
        "silent": "Thank you for your message. Is there anything else I can help you with?",
        "summary.name": "Customer: {v}.", "summary.email": "E-mail: {v}.", "summary.order_number": "Order: {v}.",
        "summary.card_last4": "Card ending {v}.", "summary.issue": "Issue: {v}.", "summary.done": "Already done: {v}.",
        "summary.feeling": "Customer is {v}.", "summary.reason": "Reason for transfer: {v}.",
        "summary.status": "Order status: {v}.", "summary.words": "In the customer's words: «{v}»",
    },
    "fr": {
        "empathy.bereavement": "Je suis sincèrement désolé pour votre perte, et merci de nous prévenir dans un moment si difficile.",
        "empathy.fraud": "Je comprends votre inquiétude ; sécurisons votre compte tout de suite.",
        "empathy.anger": "Je comprends votre agacement, et je suis désolé que vous ayez dû nous recontacter pour cela.",
        "empathy.frustration": "Je suis désolé pour cette attente, je comprends que ce soit frustrant.",
        "empathy.anxiety": "Je comprends que ce soit stressant ; je fais le nécessaire au plus vite.",
        "empathy.confusion": "Je comprends que ce ne soit pas clair ; regardons cela ensemble.",
        "empathy.hardship": "Merci de me l'avoir dit, je comprends que la période soit difficile.",
        "i_am_ai": "En toute transparence : je suis un assistant automatique (une IA), pas un humain, mais je peux vous mettre en relation avec un conseiller à tout moment.",
        "no_human": "Je peux m'en occuper moi-même.",
        "ask_order": "Pouvez-vous me donner votre numéro de commande ?",
        "ask_identity": "Pour protéger votre compte, pouvez-vous me donner votre {missing} ?",
        "missing.name": "nom complet", "missing.date_of_birth": "date de naissance", "and": " et votre ",
        "identity_failed": "Désolé, je n'ai pas pu vérifier votre identité avec ces informations. Pouvez-vous vérifier votre nom complet et votre date de naissance ?",
        "order_not_found": "Je ne trouve pas la commande {order}. Pouvez-vous vérifier le numéro ?",
        "how_can_i_help": "Comment puis-je vous aider ? S'il s'agit d'une commande, donnez-moi son numéro.",
        "anything_else": "Puis-je vous aider pour autre chose ?",
        "status.processing": "Votre commande {order} est en préparation et n'est pas encore expédiée.",
        "status.shipped": "Votre commande {order} a été expédiée avec {carrier} (suivi {tracking}).",
        "status.in_transit": "Votre commande {order} est en cours d'acheminement avec {carrier} (suivi {tracking}).",
        "status.delivered": "Votre commande {order} a été livrée le {delivered}.",
        "status.lost": "Je suis désolé : le transporteur a déclaré votre commande {order} perdue.",
        "status.cancelled": "Votre commande {order} a été annulée.",
        "status.returned": "Votre commande {order} a été retournée.",
        "eta": " La livraison est prévue le {eta}.",
        "last_event": " Dernier événement : {event}.",
        "lost_offer": " Je peux vous rembourser les {amount} ou vous renvoyer la commande ; que préférez-vous ?",
        "return_ok": "J'ai ouvert le retour {return_id} pour la commande {order}. Votre étiquette prépayée : {label}. Dès réception du colis, vous serez remboursé de {amount} sous 5 jours ouvrés.",
        "return_refused": "Je suis désolé, la commande {order} ne peut pas être retournée : {reason}{deadline}. Seul un responsable peut faire une exception ; je peux vous mettre en relation si vous le souhaitez.",
        "return_deadline": " (la date limite était le {deadline})",
        "return_exception": "Bonne nouvelle : j'ai fait une exception et validé le remboursement intégral de {amount} pour la commande {order}.",
        "refund_done": "J'ai remboursé {amount} pour la commande {order} ; vous le recevrez sous 5 jours ouvrés.",
        "refund_pending": "Le remboursement de la commande {order} est émis dès réception du colis retourné, sous 5 jours ouvrés.",
        "ask_address": "Quelle est la nouvelle adresse de livraison ?",
        "address_changed": "C'est fait : la commande {order} sera livrée au {address}.",
        "cannot": "Désolé, je ne peux pas le faire : {error}.",
        "cancelled": "La commande {order} est annulée, et {amount} seront remboursés sur votre moyen de paiement.",
        "hours": "Nos conseillers sont disponibles {hours}.",
        "card_blocked": "Votre carte se terminant par {last4} est maintenant bloquée. Une nouvelle carte vous parviendra sous 5 jours ouvrés.",
        "no_card": "Je ne trouve pas de carte active sur vos comptes.",
        "dispute_opened": "J'ai ouvert la contestation {dispute} sur le paiement de {amount} à {merchant}.",
        "balance": "Le solde de votre compte ({type}) est de {amount}.",
        "bereavement_self": "Merci d'envoyer une copie de l'acte de décès à votre agence par courrier, et nous clôturerons les comptes.",
        "hardship_self": "Vous trouverez des conseils budgétaires sur notre site.",
        "handoff": "Je vous transfère maintenant à un conseiller qui pourra vous aider ; il aura tout le contexte, vous n'aurez rien à répéter.",
        "handoff_bereavement": "Je vous mets en relation avec notre équipe dédiée aux successions, qui vous accompagnera pour la suite. Elle aura tout ce que vous m'avez dit.",
        "deflect": "Je vous transfère à un conseiller.",
        "silent": "Merci pour votre message. Puis-je vous aider pour autre chose ?",
        "summary.name": "Client : {v}.", "summary.email": "E-mail : {v}.", "summary.order_number": "Commande : {v}.",
        "summary.card_last4": "Carte se terminant par {v}.", "summary.issue": "Demande : {v}.", "summary.done": "Déjà fait : {v}.",
        "summary.feeling": "Client {v}.", "summary.reason": "Motif du transfert : {v}.",
        "summary.status": "Statut de la commande : {v}.", "summary.words": "Les mots du client : « {v} »",
    },
}

ISSUE_LABELS = {
    "en": {"tracking": "where is my order", "return": "return request", "refund": "refund request",
           "address_change": "delivery address change", "cancel": "order cancellation", "hours": "opening hours",
           "lost_card": "lost or stolen card", "fraud": "unrecognised transaction (suspected fraud)",
           "balance": "account balance", "bereavement": "death of an account holder (bereavement)",
           "hardship": "financial hardship", None: "general enquiry"},
    "fr": {"tracking": "suivi de commande", "return": "demande de retour", "refund": "demande de remboursement",
           "address_change": "changement d'adresse de livraison", "cancel": "annulation de commande",
           "hours": "horaires", "lost_card": "carte perdue ou volée",
           "fraud": "opération non reconnue (fraude suspectée)", "balance": "solde du compte",
           "bereavement": "décès d'un titulaire (succession)", "hardship": "difficultés financières",
           None: "demande générale"},
}

FEELINGS = {
    "en": {"bereavement": "grieving", "anger": "angry", "repeat": "contacting us again (repeat contact)",
           "frustration": "frustrated", "anxiety": "anxious", "fraud": "worried", "confusion": "confused",
           "hardship": "in financial difficulty", "vulnerable": "vulnerable"},
    "fr": {"bereavement": "endeuillé", "anger": "en colère", "repeat": "qui nous recontacte (contact répété)",
           "frustration": "frustré", "anxiety": "inquiet", "fraud": "inquiet", "confusion": "perdu",
           "hardship": "en difficulté financière", "vulnerable": "vulnérable"},
}

REASONS = {
    "en": {"human": "customer asked for a human", "bereavement": "bereavement", "fraud": "suspected fraud",
           "hardship": "financial hardship", "vulnerable": "vulnerable customer",
           "repeat": "repeat contact, customer upset"},
    "fr": {"human": "le client a demandé un conseiller", "bereavement": "décès", "fraud": "fraude suspectée",
           "hardship": "difficultés financières", "vulnerable": "client vulnérable",
           "repeat": "contact répété, client mécontent"},
}
