"""Text boxes that hold at most what the session keeps (coach.session.MAX_ANSWER characters): an
edit that would go past it (a paste, a key at the limit) is refused whole, never cut, and the
box says so. Every box whose text goes into the session is one of these."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Document, Edit, EditResult

from coach.session import MAX_ANSWER


def refused_message(length: int, limit: int) -> str:
    return (
        f"Not added: the text would be {length:,} characters, over the {limit:,} coach keeps "
        "for one answer or box. What you had is as it was."
    )


class BoundedInput(Input):
    """A one-line box of at most MAX_ANSWER characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # Input's, passed on as they are
        kwargs.setdefault("max_length", MAX_ANSWER)
        super().__init__(*args, **kwargs)

    def restricted(self) -> None:
        """Textual's hook when an edit is refused (over max_length): say why."""
        super().restricted()
        self.notify(
            f"Not added: a box holds at most {self.max_length:,} characters. What you had is as "
            "it was.",
            severity="warning",
            markup=False,
            timeout=10,
        )


class BoundedTextArea(TextArea):
    """A text area of at most ``max_length`` characters (MAX_ANSWER unless given)."""

    def __init__(
        self, *args: Any, max_length: int | None = MAX_ANSWER, **kwargs: Any
    ) -> None:  # TextArea's arguments, passed on as they are
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def edit(self, edit: Edit) -> EditResult:
        if self.max_length is not None:
            doc = self.document
            assert isinstance(doc, Document)  # a TextArea's: SyntaxAwareDocument is one too
            a = doc.get_index_from_location(edit.top)
            b = doc.get_index_from_location(edit.bottom)
            length = len(doc.text) - (b - a) + len(edit.text)
            if len(edit.text) > b - a and length > self.max_length:
                self.notify(
                    refused_message(length, self.max_length),
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
                return EditResult(self.selection.end, "")
        return super().edit(edit)
