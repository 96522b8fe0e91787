"""A word-trie matcher: every phrase variant is a path of folded words, gaps are bounded edges.

Matching walks the trie from each word of the answer. The work per starting word is bounded by
the longest variant (12 words) times the gap fan-out ((GAP_WORDS + 1) ** MAX_GAPS), whatever
the pack says, so matching stays linear in the length of the text. No backtracking engine ever
sees user-written patterns.
"""

from __future__ import annotations

from collections.abc import Hashable

from coach.rules.phrase import GAP, GAP_WORDS, CompiledPhrase
from coach.rules.text import Tokens

_END = 0  # int keys cannot collide with word keys (str)
_GAP = 1

Trie = dict


class PhraseIndex:
    """Many compiled phrases, each tagged with a payload returned on a match."""

    def __init__(self) -> None:
        self.root: Trie = {}
        self.size = 0

    def add(self, phrase: CompiledPhrase, payload: Hashable) -> None:
        for variant in phrase.variants:
            node = self.root
            for word in variant:
                key = _GAP if word == GAP else word
                nxt = node.get(key)
                if nxt is None:
                    nxt = node[key] = {}
                node = nxt
            ends = node.get(_END)
            if ends is None:
                node[_END] = [payload]
            elif payload not in ends:
                ends.append(payload)
            self.size += 1

    def find(self, toks: Tokens) -> list[tuple[Hashable, int, int]]:
        """All (payload, first token, last token) matches, overlapping ones included.

        A match never crosses a sentence end and never starts or ends inside a hyphenated word.
        """
        root = self.root
        words = toks.words
        sentence_starts = toks.sentence_starts
        joined = toks.joined
        n = len(words)
        out: list[tuple[Hashable, int, int]] = []
        get = root.get
        for i in range(n):
            node = get(words[i])
            if node is None or i in joined:
                continue
            stack = [(node, i)]
            while stack:
                node, pos = stack.pop()
                nxt = pos + 1
                ends = node.get(_END)
                if ends is not None and nxt not in joined:
                    for payload in ends:
                        out.append((payload, i, pos))
                if nxt >= n or nxt in sentence_starts:
                    continue
                child = node.get(words[nxt])
                if child is not None:
                    stack.append((child, nxt))
                gap = node.get(_GAP)
                if gap is not None:
                    # skip 0 to GAP_WORDS words, never past a sentence end
                    for j in range(nxt, min(nxt + GAP_WORDS + 1, n)):
                        if j > nxt and j in sentence_starts:
                            break
                        child = gap.get(words[j])
                        if child is not None:
                            stack.append((child, j))
        return out
