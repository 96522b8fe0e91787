"""Rehearsal: recruiter questions, answer scoring, progress, sessions and the negotiation plan.

Pure Python (no Textual, no Rich); the CLI and the app share it. The public API:

- ``questions.questions(library)`` / ``find_question(library, id)`` / ``hedges(library)``: the
  active question pack (kind ``questions``; ``load_active(kinds=["phrases", "questions"])``).
- ``scoring.score_answer(question, text, *, library, context) -> Score``: deterministic 0-100
  score with every contribution, flags (``coach.rules.phrase_rules.Flag``), traits met and missing,
  feedback and the filled model answer; ``Score.to_json()`` is the CLI's JSON.
- ``values.session_context(session, employer=None) -> (AnswerContext, warnings)``: model-answer
  values from a session's profile, offers evaluation and market figures.
- ``session.Session``: ``new(name)``, ``load(name)``, ``open(name)`` (never over a file that does
  not parse), ``record(score)``, ``set_draft``, ``set_form_value``, ``choose_counter_ask``,
  ``save() -> WriteResult``, ``progress()``, ``offer_file()``.
- ``progress.compute_progress(attempts) -> Progress`` (first, best, latest per question; recurring
  flags) and ``next_weakest_question(questions, progress)``.
- ``plan.make_plan(session) -> Plan`` / ``render_plan(session) -> str``: the Markdown plan.
- ``report.render_score_text(score)``: the plain-text explanation the CLI prints.

docs/rehearsal.md documents the pack, the scoring weights, the session format and the plan.
"""
