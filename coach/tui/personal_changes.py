"""Changes the app makes to ``personal.toml``: exceptions, re-levels, disables, edited items.

Plain Python (no Textual) so it is tested without the UI. Every change is tried first: the
candidate personal text is layered over the built-in and program packs by the same resolver
``coach rules`` uses, and the change is written only when it adds no new problem (an override
that would break a lower layer's own examples is rejected there, with both places named).
Writes go through coach.store with tomlkit, so the resident's comments and layout survive, and a
file changed on disk since it was read is never overwritten (ours goes beside it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Table

from coach import store
from coach.pack_kinds import PACK_KINDS
from coach.rules.kinds import PERSONAL, Problem, RawItem
from coach.rules.layering import Library, resolve, resolve_lexicon
from coach.rules.library import active_layers
from coach.rules.pack_files import PackFile, parse_pack_text, read_pack_file
from coach.rules.phrase_rules import PhraseChecker, PhraseRule, lint_rules
from coach.rules.phrase_syntax import PhraseError, compile_phrase

EDITOR = "editor"  # the path named in problems found in the editor's text


@dataclass
class Outcome:
    """What happened, in one line for the user, plus located problems when it was refused."""

    ok: bool
    message: str
    problems: list[Problem] = field(default_factory=list)
    saved_to: Path | None = None


def _lower_files(kinds: Iterable[str] | None) -> list[PackFile]:
    layers, _ = active_layers()
    files: list[PackFile] = []
    for path, layer in layers:
        if layer == PERSONAL:
            continue
        pack, _problems = read_pack_file(path, layer, kinds, pack_kinds=PACK_KINDS)
        if pack is not None:
            files.append(pack)
    return files


def candidate_library(personal_text: str, kinds: Iterable[str] | None = None) -> Library:
    """The library as it would be with this personal.toml text (nothing is written)."""
    kinds = list(kinds) if kinds is not None else None
    files = _lower_files(kinds)
    pack, problems = parse_pack_text(
        personal_text, str(store.personal_path()), PERSONAL, kinds, pack_kinds=PACK_KINDS
    )
    if pack is not None:
        files.append(pack)
    lib = resolve(files, kinds=kinds, pack_kinds=PACK_KINDS)
    lib.problems[:0] = problems
    return lib


def _signature(p: Problem) -> tuple[str | None, str]:
    return (p.item, p.message)


def _new_problems(before: Library, after: Library) -> list[Problem]:
    """Problems of the candidate that the current files do not already have (lines may move)."""
    personal = str(store.personal_path())
    old = {_signature(p) for p in before.problems}
    return [p for p in after.problems if p.path == personal and _signature(p) not in old]


def _load_doc() -> tuple[tomlkit.TOMLDocument, store.Fingerprint | None] | Outcome:
    try:
        return store.load_personal_document()
    except store.StoreError as exc:
        return Outcome(False, f"{exc}; fix personal.toml first (nothing was changed)")


def _override_table(doc: tomlkit.TOMLDocument, kind: str, item_id: str) -> Table:
    if "override" not in doc:
        doc.add("override", tomlkit.table(is_super_table=True))
    overrides = doc["override"]
    if kind not in overrides:
        overrides[kind] = tomlkit.table(is_super_table=True)
    by_kind = overrides[kind]
    if item_id not in by_kind:
        by_kind[item_id] = tomlkit.table()
    table: Table = by_kind[item_id]
    return table


def _try_and_save(
    doc: tomlkit.TOMLDocument,
    fingerprint: store.Fingerprint | None,
    kinds: list[str],
    done: str,
) -> Outcome:
    text = tomlkit.dumps(doc)
    if "format_version" not in doc:
        text = f"format_version = {store.FORMAT_VERSION}\n{text}"
    current = _current_text()
    before = candidate_library(current, kinds)
    after = candidate_library(text, kinds)
    new = _new_problems(before, after)
    errors = [p for p in new if p.severity == "error" or "rejected" in p.message]
    errors += [p for p in new if "quarantined" in p.message and p not in errors]
    if errors:
        return Outcome(False, f"not saved: {errors[0]}", errors)
    try:
        result = store.save_personal_document(doc, fingerprint)
    except store.StoreError as exc:
        return Outcome(False, f"not saved: {exc}")
    if result.conflict:
        return Outcome(False, result.message, saved_to=result.path)
    return Outcome(True, f"{done} (saved in {result.path})", saved_to=result.path)


def _current_text() -> str:
    path = store.personal_path()
    try:
        return store.read_text(path)[0] if path.exists() else ""
    except store.StoreError:
        return ""


# ---------------------------------------------------------------------------------------------
# Overrides


def add_exception(rule_id: str, phrase: str, answer: str, flag_start: int) -> Outcome:
    """ "Not desperate here": stop ``rule_id`` firing where ``phrase`` covers the match."""
    # The words as typed: "<", ">" and "=" never belong to a word, but would mark a word class
    # or an exact word in the phrase syntax.
    phrase = " ".join(phrase.translate({ord(c): " " for c in "<>="}).split())
    if not phrase:
        return Outcome(False, "the exception phrase is empty")
    try:
        compile_phrase(phrase)
    except PhraseError as exc:
        return Outcome(False, f'the exception "{phrase}" is not a valid phrase: {exc.message}')
    got = _load_doc()
    if isinstance(got, Outcome):
        return got
    doc, fingerprint = got
    table = _override_table(doc, "phrases", rule_id)
    existing = list(table.get("add_unless", []))
    if phrase in existing:
        return Outcome(False, f'"{phrase}" is already an exception of {rule_id}')
    if "add_unless" in table:
        table["add_unless"].append(phrase)
    else:
        table["add_unless"] = [phrase]
    lib = candidate_library(tomlkit.dumps(doc), ["phrases"])
    rejected = [p for p in lib.problems if p.item == rule_id and "rejected" in p.message]
    if rejected:
        return Outcome(False, f"not saved: {rejected[0]}", rejected)
    still = [
        f
        for f in PhraseChecker(lib.items("phrases")).check(answer)
        if f.rule == rule_id and f.start <= flag_start < f.end
    ]
    if still:
        match = still[0].match
        if " ".join(match.casefold().split()) in phrase.casefold():
            # the flagged words are there, but the whole exception is not what was typed
            why = "is not in your answer as written: an exception only cancels the flag where"
            why += " all its words are typed around the flagged ones"
        else:
            why = f'does not contain the flagged words "{match}" as they appear in your answer'
        return Outcome(False, f'not saved: "{phrase}" {why}')
    return _try_and_save(
        doc, fingerprint, ["phrases"], f'{rule_id}: "{phrase}" is now an exception'
    )


def set_override(kind: str, item_id: str, key: str, value: Any | None) -> Outcome:
    """Set (or with None remove) one override key, e.g. phrases/<id>/severity = "low"."""
    spec = PACK_KINDS.spec(kind)
    if spec is None or key not in spec.override_keys:
        return Outcome(False, f"{kind} items cannot be changed with {key}")
    got = _load_doc()
    if isinstance(got, Outcome):
        return got
    doc, fingerprint = got
    table = _override_table(doc, kind, item_id)
    if value is None:
        if key in table:
            del table[key]
        if not table:
            del doc["override"][kind][item_id]
    else:
        table[key] = value
    shown = "default" if value is None else tomlkit.item(value).as_string()
    return _try_and_save(doc, fingerprint, [kind], f"{item_id}: {key} = {shown}")


# ---------------------------------------------------------------------------------------------
# Whole items from the editor


@dataclass
class Checked:
    """An item from the editor's TOML, built and self-tested; problems carry editor lines."""

    kind: str | None
    table: str | None
    item_id: str | None
    item: Any | None
    problems: list[Problem]
    raw: RawItem | None = None  # the item as parsed (its positions in the editor's text)


def lint_in_library(checked: Checked, library: Library) -> list[Problem]:
    """What `coach rules lint` warns about the edited phrase rule among the active rules (a
    phrase another rule already has, a phrase of common words only, ...), placed in the
    editor's text. Warnings: the rule can still be saved."""
    if checked.kind != "phrases" or checked.raw is None or not isinstance(checked.item, PhraseRule):
        return []
    others = [
        (entry.item, entry.raw)
        for item_id, entry in library.entries.get("phrases", {}).items()
        if entry.active and item_id != checked.item_id and isinstance(entry.item, PhraseRule)
    ]
    found = lint_rules([*others, (checked.item, checked.raw)])
    return [p for p in found if p.path == EDITOR]


def end_of(text: str) -> tuple[int, int]:
    """(line, column) where "at the end of the file" points (shared with the pack loader)."""
    from coach.rules.pack_files import end_position

    return end_position(text)


def toml_error_at(text: str) -> tuple[int, int, str] | None:
    """The first TOML syntax error of ``text`` with its line and column, or None."""
    import tomllib

    from coach import toml_safe
    from coach.rules.pack_files import decode_toml_error

    try:
        toml_safe.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, msg = decode_toml_error(exc)
        if line is None:
            line, col = end_of(text)
        return line, col or 1, msg
    return None


def active_lexicon() -> Any:
    """The word classes, fillers and spellings of the active layers (personal.toml included)."""
    layers, _ = active_layers()
    files: list[PackFile] = []
    for path, layer in layers:
        pack, _problems = read_pack_file(path, layer, ["phrases"], pack_kinds=PACK_KINDS)
        if pack is not None:
            files.append(pack)
    return resolve_lexicon(files, pack_kinds=PACK_KINDS)


def check_snippet(text: str, expected_kind: str | None = None, lexicon: Any = None) -> Checked:
    """Parse one item (``[[rule]]`` …) as the editor holds it; never raises.

    Phrase rules and questions are built with ``lexicon`` (the library's word classes, fillers
    and spellings), by default the active layers' one."""
    pack, problems = parse_pack_text(text, EDITOR, PERSONAL, pack_kinds=PACK_KINDS)
    if pack is None:
        problems = [
            Problem(p.path, *end_of(text), p.item, p.message) if p.line is None else p
            for p in problems
        ]
        return Checked(None, None, None, None, problems)
    if pack.overrides:
        problems.append(
            Problem(EDITOR, 1, None, None, "edit one item here; overrides are set with the keys")
        )
    # With no item and problems already given, those say why; "found 0" would only confuse.
    if len(pack.items) > 1 or not (pack.items or any(p.severity == "error" for p in problems)):
        problems.append(
            Problem(
                EDITOR,
                1,
                None,
                None,
                f"the editor must hold exactly one item, found {len(pack.items)}",
            )
        )
    if len(pack.items) != 1:
        return Checked(None, None, None, None, problems)
    raw = pack.items[0]
    if expected_kind and raw.kind != expected_kind:
        problems.append(
            raw.problem(f"this is a {raw.kind} item; the one being edited is {expected_kind}")
        )
    spec = PACK_KINDS.spec(raw.kind)
    item = None
    if raw.kind in ("phrases", "questions"):
        raw.context = lexicon if lexicon is not None else active_lexicon()
    if spec is not None:
        raw.data.pop("replace", None)
        try:
            item = spec.build(raw, problems)
        except Exception as exc:  # a builder bug must not take the editor down
            problems.append(raw.problem(f"could not be read: {exc}"))
        if item is not None and spec.self_test is not None:
            problems.extend(spec.self_test(item, raw))
    return Checked(raw.kind, raw.table, raw.id, item, problems, raw)


def save_item(text: str, lower_layer_has_id: bool) -> Outcome:
    """Put the editor's item into personal.toml (replacing its earlier version there, if any)."""
    checked = check_snippet(text)
    errors = [p for p in checked.problems if p.severity == "error"]
    if errors or checked.item is None or checked.table is None or checked.kind is None:
        first = errors[0] if errors else "the item could not be read"
        return Outcome(False, f"not saved: {first}", errors)
    try:
        snippet = tomlkit.parse(text)
    except tomlkit.exceptions.TOMLKitError as exc:  # tomllib accepted it; be safe anyway
        return Outcome(False, f"not saved: {exc}")
    new_table = snippet[checked.table][0]
    if lower_layer_has_id:
        new_table["replace"] = True
    elif "replace" in new_table:
        del new_table["replace"]
    got = _load_doc()
    if isinstance(got, Outcome):
        return got
    doc, fingerprint = got
    aot = doc.get(checked.table)
    if aot is None:
        doc.append(checked.table, tomlkit.aot())
        aot = doc[checked.table]
    if not isinstance(aot, AoT):
        return Outcome(False, f"not saved: personal.toml has {checked.table} but not as [[tables]]")
    verb = "added"
    for index, existing in enumerate(aot):
        if existing.get("id") == checked.item_id:
            aot[index] = new_table
            verb = "updated"
            break
    else:
        aot.append(new_table)
    if lower_layer_has_id:
        verb = "replaces the lower layer's version"
    return _try_and_save(doc, fingerprint, [checked.kind], f"{checked.item_id}: {verb}")


def item_source(text: str, path: tuple[str | int, ...]) -> str:
    """The lines of one item as written in its file, comments inside it included."""
    from coach.toml_positions import SourceMap

    sm = SourceMap.build(text)
    start = sm.tables.get(path)
    if start is None:
        return ""
    ends = [
        line
        for p, line in sm.tables.items()
        if line > start and tuple(p[: len(path)]) != tuple(path)
    ]
    end = min(ends) - 1 if ends else len(sm.lines)
    lines = sm.lines[start - 1 : end]
    while lines and (not lines[-1].strip() or lines[-1].lstrip().startswith("#")):
        lines.pop()  # comments just above the next item belong to it
    return "\n".join(lines) + "\n"


def suggest_exception(answer: str, start: int, end: int) -> str:
    """The flagged words plus the next word of the same clause (else the one before).

    A rule's exception must be longer than the match to cover only this use of it: the match
    alone would switch the rule off everywhere (and the resolver rejects that when it breaks
    the rule's own examples).
    """
    from coach.rules.text import tokenize

    toks = tokenize(answer)
    inside = [i for i in range(len(toks)) if toks.starts[i] < end and toks.ends[i] > start]
    if not inside:
        return answer[start:end]
    first, last = inside[0], inside[-1]
    new_start, new_end = toks.starts[first], toks.ends[last]
    # A neighbour from the same clause reads best ("anything you can"), then the same sentence.
    for group in (toks.clause, toks.sentence):
        if last + 1 < len(toks) and group[last + 1] == group[last]:
            new_end = toks.ends[last + 1]
            break
        if first > 0 and group[first - 1] == group[first]:
            new_start = toks.starts[first - 1]
            break
    snippet = answer[new_start:new_end].replace("...", " ").replace("…", " ")
    # Phrase syntax characters in an answer are literal text, not options or gaps.
    return " ".join(snippet.translate(str.maketrans("[]{}|", "     ")).split())
