"""Offers: parse, evaluate, compare, red flags, leverage and counter-asks. Pure Python, no Textual.

Entry points (each module's docstring documents its part):

- :func:`coach.offers.parse.load_offer_file` / :func:`~coach.offers.parse.parse_offer_text`:
  an offer or session file → :class:`~coach.offers.parse.OfferFile` (offers, profile, market,
  located problems).
- :func:`coach.offers.files.load_files`: several such files as one set of offers, with the first
  profile and the resident's market figures (what ``coach offer evaluate | compare`` evaluate).
- :func:`coach.offers.evaluate.evaluate`: offers + profile + the resident's market figures +
  library → :class:`~coach.offers.evaluate.Evaluation` (``to_json()`` is docs/json.md's schema).
- :mod:`coach.offers.formulas` (the definitions of docs/offers.md, as functions of numbers) and
  :mod:`coach.offers.arithmetic` (one offer's figures with each step written out).
- :func:`coach.offers.money.parse_money`: ``"$420k"`` → 420000 (form fields too).
- :mod:`coach.offers.profile`: the ``[profile]`` table.
- :mod:`coach.offers.market` and :mod:`coach.offers.counter_asks`: the ``market`` and
  ``counter-asks`` pack kinds.
"""
