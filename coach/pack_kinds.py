"""The composition root of the pack loader (issue #11): the kinds of pack item coach has, and the
module defining each one's spec (its ``SPEC``, a coach.rules.kinds.KindSpec).

coach.rules loads packs of whatever kinds it is handed and imports none of their modules; every
caller hands it :data:`PACK_KINDS`. A kind's module is imported only when that kind is loaded
(``coach check`` loads phrases alone, so it never imports coach.offers or coach.rehearsal).
"""

from __future__ import annotations

import importlib
from functools import partial

from coach.rules.kinds import KindSpec, PackKinds

# kind -> module defining SPEC; imported only when that kind is loaded.
KIND_MODULES: dict[str, str] = {
    "phrases": "coach.rules.phrase_rules",
    "counter-asks": "coach.offers.counter_asks",
    "market": "coach.offers.market",
    "questions": "coach.rehearsal.questions",
}


def _spec(kind: str) -> KindSpec | None:
    """The spec of a kind, or None while the module defining it is not installed."""
    try:
        module = importlib.import_module(KIND_MODULES[kind])
    except ModuleNotFoundError as exc:
        if exc.name and KIND_MODULES[kind].startswith(exc.name):
            return None
        raise
    spec: KindSpec = module.SPEC
    return spec


PACK_KINDS = PackKinds({kind: partial(_spec, kind) for kind in KIND_MODULES})
