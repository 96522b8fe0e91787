"""What a model answer is filled with: the resident's profile, offers and market figures.

A question's ``model_answer`` is a ``${name}`` template rendered with
:func:`coach.placeholders.render` (never ``str.format``). :data:`PLACEHOLDERS` is the documented
list of names, each with the prompt shown in brackets when the resident has not entered that value
yet ("[your specialty]"), so a model answer is always readable and says what to add. Every market
figure placeholder travels with its source and year (:data:`FIGURE_PLACEHOLDERS`, enforced by
``coach rules lint``).

:class:`AnswerContext` is a plain mapping of placeholder values plus the sources of the figures it
holds; ``coach.session.context_from_session`` builds one from a session using the offers
evaluation. Nothing here imports Textual or Rich.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from coach.placeholders import placeholders, render

# name -> the prompt shown in brackets while the value is unknown
PLACEHOLDERS: dict[str, str] = {
    # from [profile]
    "specialty": "your specialty",
    "program_type": "your program type",
    "pgy": "your PGY year",
    "regions": "the regions you prefer",
    "board_status": "your board status and exam date",
    "visa_status": "your visa status",
    "procedures": "your procedures and volumes",
    "references": "who will call for you",
    "connection": "your rotation or locums at this employer",
    "other_processes": "your other processes in flight",
    "decision_date": "your decision date",
    # from the offers ([[offer]], the first one is the employer being rehearsed for)
    "employer": "the employer",
    "other_employer": "the other employer",
    "base": "the offered base salary",
    "first_year_total": "the offer's first-year total",
    "sign_on": "the sign-on bonus",
    "relocation": "the relocation allowance",
    "wrvu_threshold": "the wRVU threshold",
    "conversion_factor": "the $ per wRVU",
    "call_frequency": "the call frequency",
    "start_date": "your start date",
    "respond_by": "the offer's response date",
    "target_base": "your target base",
    # from market data (the resident's own figures first, then the market pack)
    "benchmark": "a starting-salary benchmark",
    "benchmark_source": "its source",
    "benchmark_year": "its year",
    "benchmark_about": "a starting-salary benchmark, rounded",
    "benchmark_label": "what that benchmark is",
    "median_wrvus": "the median wRVUs for your specialty",
    "median_wrvus_source": "its source",
    "median_wrvus_year": "its year",
    "relocation_benchmark": "the average relocation allowance",
    "relocation_benchmark_source": "its source",
    "relocation_benchmark_year": "its year",
    "relocation_benchmark_about": "the average relocation allowance, rounded",
    "relocation_anchor": "a relocation allowance to ask for",
}

# A figure placeholder used in a template must come with these (every figure shown carries its
# source and year).
FIGURE_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "benchmark": frozenset({"benchmark_source", "benchmark_year"}),
    "median_wrvus": frozenset({"median_wrvus_source", "median_wrvus_year"}),
    "target_base": frozenset({"benchmark_source", "benchmark_year"}),
    "relocation_benchmark": frozenset({"relocation_benchmark_source", "relocation_benchmark_year"}),
    "benchmark_about": frozenset({"benchmark_source", "benchmark_year"}),
    "relocation_benchmark_about": frozenset(
        {"relocation_benchmark_source", "relocation_benchmark_year"}
    ),
}


@dataclass(frozen=True)
class AnswerContext:
    """Placeholder values (strings) and notes about where they came from."""

    values: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # e.g. "benchmark: AMN 2025 Review, average starting salary"

    def get(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if value else None


EMPTY_CONTEXT = AnswerContext()


@dataclass(frozen=True)
class ModelAnswer:
    """A model answer filled with the resident's values; ``missing`` are shown as [prompts]."""

    text: str
    missing: tuple[str, ...]
    template: str

    def to_json(self) -> dict[str, object]:
        return {"text": self.text, "missing": list(self.missing)}


def fill_model_answer(template: str, context: AnswerContext = EMPTY_CONTEXT) -> ModelAnswer:
    """One rendering pass: known values inserted as text, unknown ones as "[prompt]"."""
    values: dict[str, str] = {}
    missing: list[str] = []
    for name in placeholders(template):
        value = context.get(name)
        if value is None:
            missing.append(name)
            value = f"[{PLACEHOLDERS.get(name, name.replace('_', ' '))}]"
        values[name] = value
    return ModelAnswer(render(template, values).text, tuple(missing), template)
