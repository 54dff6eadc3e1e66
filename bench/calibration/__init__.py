"""How far to trust the scorers: their agreement with people, measured on data they were not
written from. Used by scripts/validate_empathy.py (expert ratings of real supportive replies); needs
the `validation` extra (scipy, scikit-learn)."""
