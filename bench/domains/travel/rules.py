"""The travel company's fees, allowances and deadlines: what its systems compute with. policy.md
states the same figures to the bot."""

FARE_RULES = {
    "basic": {
        "change_fee_per_passenger": 70.0,
        "cancellation_fee_per_passenger": None,
        "cancellation": "non-refundable: only the taxes and airport charges are refunded",
    },
    "flex": {
        "change_fee_per_passenger": 0.0,
        "cancellation_fee_per_passenger": 60.0,
        "cancellation": "refunded minus a cancellation fee of 60 EUR per passenger",
    },
    "refundable": {
        "change_fee_per_passenger": 0.0,
        "cancellation_fee_per_passenger": 0.0,
        "cancellation": "refunded in full",
    },
}
BAGGAGE_ALLOWANCE = {
    "basic": "one personal item under the seat (40 x 30 x 15 cm); no cabin bag and no checked bag included",
    "flex": "one personal item (40 x 30 x 15 cm), one cabin bag of 10 kg (55 x 35 x 25 cm) and one checked bag "
    "of 23 kg",
    "refundable": "one personal item (40 x 30 x 15 cm), one cabin bag of 10 kg (55 x 35 x 25 cm) and two "
    "checked bags of 23 kg each",
    "train": "two suitcases and one piece of hand luggage per passenger, labelled with the passenger's name",
}
EXTRA_CHECKED_BAG = {"weight_kg": 23, "price_online": 35.0, "price_at_airport": 60.0}
CHECK_IN = {
    "online": "from 30 hours until 1 hour before departure, on the website or the app (mobile boarding pass)",
    "bag_drop_closes": "45 minutes before a European flight, 60 minutes before a long-haul flight",
    "gate_closes": "20 minutes before departure",
    "arrive_at_airport": "2 hours before a European flight, 3 hours before a long-haul flight",
    "train": "no check-in: board with the e-ticket QR code; doors close 2 minutes before departure",
}
COMPENSATION = {  # EU261 for flights, per passenger (infants on a free ticket excluded)
    "minimum_delay_minutes": 180,
    "cancellation_notice_days": 14,
    "up_to_1500_km": 250.0,
    "1500_to_3500_km": 400.0,
    "over_3500_km": 600.0,
    "paid_within_days": 14,
}
RAIL_COMPENSATION = {"60_to_119_minutes": 0.25, "120_minutes_or_more": 0.5}  # share of the segment's price
REFUND_WITHIN_DAYS = 7
VOUCHER = {"validity_months": 12, "goodwill_max": 50.0}
SPECIAL_ASSISTANCE = {"notice_hours": 48, "unaccompanied_minor_fee_per_segment": 65.0}
LOST_BAGGAGE = {"traced_for_days": 21, "essentials_reimbursed_per_day": 50.0}
BEREAVEMENT_CONTACT_WORKING_DAYS = 2

ASSISTANCE_TYPES = [
    "wheelchair_ramp",
    "wheelchair_steps",
    "wheelchair_cabin",
    "blind_or_low_vision",
    "deaf_or_hard_of_hearing",
    "unaccompanied_minor",
    "other",
]
