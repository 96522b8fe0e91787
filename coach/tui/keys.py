"""Binding ids and the user's ``[keymap]`` from config.toml.

Every action of the app has a binding with a dotted id (``rehearse.submit``); a user remaps it
with ``rehearse.submit = "ctrl+r"`` under ``[keymap]``. Textual applies the keymap itself
(``App.set_keymap``); this module only checks it first, so a typo or a key the text editor
already uses is reported with the config line instead of silently doing nothing.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from functools import cache

from textual.binding import Binding, BindingType

from coach.rules.kinds import Problem


def _keys(bindings: Iterable[BindingType]) -> set[str]:
    out: set[str] = set()
    for b in bindings:
        if isinstance(b, Binding):
            out.update(k.strip() for k in b.key.split(","))
    return out


@cache
def editor_keys() -> frozenset[str]:
    """Keys a focused editor or input field consumes before any screen sees them.

    Imported only when a keymap is checked: TextArea pulls in tree-sitter, which start-up
    should not pay for.
    """
    from textual.widgets import Input, TextArea

    return frozenset(_keys(TextArea.BINDINGS) | _keys(Input.BINDINGS))


_KEY_NAME = re.compile(r"[a-z0-9_]+(?:\+[a-z0-9_]+)*", re.IGNORECASE)


def is_key_name(key: str) -> bool:
    """Whether ``key`` can name a key press: ``ctrl+r``, ``f5``, ``question_mark``, or one
    printable character (never a control character or an escape sequence)."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace()
    return _KEY_NAME.fullmatch(key) is not None


@cache
def typed_keys() -> frozenset[str]:
    """Keys a focused field takes as text: one printable character, shift+letter, space."""
    import string

    letters = string.ascii_letters + string.digits + string.punctuation
    names = {"space", "underscore", "full_stop", "comma", "question_mark", "exclamation_mark"}
    return frozenset([*letters, *(f"shift+{c}" for c in string.ascii_lowercase), *names])


def binding_ids(bindings: Iterable[BindingType]) -> dict[str, Binding]:
    return {b.id: b for b in bindings if isinstance(b, Binding) and b.id}


def check_keymap(
    keymap: Mapping[str, str],
    known: Mapping[str, Binding],
    *,
    config_path: str,
    config_text: str | None,
    app_wide: Collection[str] = (),
) -> tuple[dict[str, str], list[Problem]]:
    """The usable part of the keymap and one problem per entry that cannot work as written.

    ``app_wide``: ids of the app's own bindings (f2..f10, f9, ctrl+q, tab). A key one of them
    has (after the keymap) is not given to another binding, nor theirs to a screen's key: the
    app-wide one would take every press of it, or be hidden on that screen.
    """
    from coach.toml_positions import SourceMap  # only when a keymap is set

    source = SourceMap.build(config_text) if config_text else None
    usable: dict[str, str] = {}
    problems: list[Problem] = []

    def where(binding_id: str) -> tuple[int | None, int | None]:
        if source is None:
            return None, None
        line, col = source.key(("keymap", binding_id))
        return (line or None), col

    def parts_of(keys: str) -> list[str]:
        return [k.strip() for k in keys.split(",") if k.strip()]

    # Each binding's keys once the keymap applies: a remap that names real keys moves it.
    def after(binding_id: str, binding: Binding) -> list[str]:
        remapped = parts_of(keymap.get(binding_id, ""))
        return remapped if remapped and all(map(is_key_name, remapped)) else parts_of(binding.key)

    keys_after = {i: after(i, b) for i, b in known.items()}
    taken: dict[str, str] = {}
    for binding_id, keys in keymap.items():
        line, col = where(binding_id)
        binding = known.get(binding_id)
        if binding is None:
            import difflib

            close = difflib.get_close_matches(binding_id, list(known), n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(
                Problem(
                    config_path, line, col, "keymap", f"unknown binding id {binding_id!r}{hint}"
                )
            )
            continue
        parts = parts_of(keys)
        refused = _refusal(parts, binding, binding_id, taken) or _app_wide_clash(
            parts, binding_id, known, keys_after, app_wide
        )
        if refused is not None:
            problems.append(Problem(config_path, line, col, f"keymap.{binding_id}", refused))
            continue
        if not binding.priority:
            stolen = [k for k in parts if k in editor_keys() or k in typed_keys()]
            if stolen:  # still applied: it works whenever no field has the focus
                kind = "typed as text" if stolen[0] in typed_keys() else "a text-editing key"
                problems.append(
                    Problem(
                        config_path,
                        line,
                        col,
                        f"keymap.{binding_id}",
                        f"{stolen[0]} is {kind}; it will not reach this action while you type "
                        "in a field",
                    )
                )
        for k in parts:
            taken[k] = binding_id
        usable[binding_id] = ",".join(parts)
    return usable, problems


def _refusal(
    parts: list[str], binding: Binding, binding_id: str, taken: dict[str, str]
) -> str | None:
    """Why keys given for a binding are not applied, or None when they are."""
    if not parts:
        return "no key given"
    if bad := [k for k in parts if not is_key_name(k)]:
        # an escape sequence or a phrase: no key press is ever named so
        return f"{bad[0]!r} is not a key name (like ctrl+r, f5 or escape); not applied"
    if clash := [k for k in parts if k in taken and taken[k] != binding_id]:
        return f"{clash[0]} is already used by {taken[clash[0]]}"
    if binding.priority and (typed := [k for k in parts if k in typed_keys()]):
        # it would fire before any field could take the character
        return (
            f"{typed[0]} is typed as text; bound here it would stop you typing it in any field; "
            "not applied"
        )
    return None


def _app_wide_clash(
    parts: list[str],
    binding_id: str,
    known: Mapping[str, Binding],
    keys_after: Mapping[str, list[str]],
    app_wide: Collection[str],
) -> str | None:
    """Why keys for ``binding_id`` would share a key with an app-wide binding, or None."""
    for key in parts:
        for other, other_keys in keys_after.items():
            if other == binding_id or key not in other_keys:
                continue
            if other in app_wide or binding_id in app_wide:
                default = known[binding_id].key.split(",")[0]
                return (
                    f"{key} is already the key of {other} ({known[other].description}); "
                    f"not applied, so {default} still does this"
                )
    return None
