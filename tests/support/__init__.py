"""Helpers used by tests in several folders: the example corpus (``corpus``), the
``errorMessage`` each schema node must carry (``editor_messages``) and the suite's
Hypothesis profiles (``profiles``). A helper used by one folder lives in that folder."""
