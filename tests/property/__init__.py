"""Hypothesis properties: a short profile in ``make test``, a long one in ``make fuzz``."""
