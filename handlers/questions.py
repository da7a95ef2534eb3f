"""Plain text as a question: a name answers like /who, a place like /where, "what did X say
about Y" like /quote, a greeting like /help, anything else like /search."""

from __future__ import annotations

import re

from knowledge.resolve import AliasIndex

MAX_QUESTION_CHARS = 300  # longer text is no question (an article pasted to upload, say)

_SAID = re.compile(r"^(?:what|which)\s+(?:did|does|has|have|do)\s+(?P<who>.+?)\s+"
                   r"(?:say|said|says|tell|told|think)\s+(?:about|on|of|regarding)\s+"
                   r"(?P<topic>.+)$", re.IGNORECASE | re.S)
_SAYING = re.compile(r"^(?:what\s+(?:did|does|has|have)\s+(?P<who>.+?)\s+(?:say|said)"
                     r"|quotes?\s+(?:of|by|from)\s+(?P<by>.+))$", re.IGNORECASE | re.S)
_WHO = re.compile(r"^(?:who\s+(?:is|was|are|were)|tell\s+me\s+about)\s+(?P<name>.+)$",
                  re.IGNORECASE | re.S)
_WHERE = re.compile(r"^(?:(?:what|which)\s+meetings?\s+(?:were|was|are|is)\s+(?:held\s+)?in"
                    r"|meetings?\s+(?:held\s+)?in|what\s+happened\s+in)\s+(?P<place>.+)$",
                    re.IGNORECASE | re.S)
_GREETINGS = frozenset({"hi", "hello", "hey", "help", "start", "salam", "salaam", "menu"})


def as_command(index: AliasIndex, text: str) -> str:
    """The command line a question stands for ("who is zarif?" -> "/who zarif")."""
    text = " ".join(text.split()).strip(" ?!.")
    if text.lower() in _GREETINGS:
        return "/help"
    if m := _SAID.match(text):
        return f"/quote {m.group('who')} {m.group('topic')}"
    if m := _SAYING.match(text):
        return f"/quote {m.group('who') or m.group('by')}"
    if m := _WHO.match(text):
        return f"/who {m.group('name')}"
    if m := _WHERE.match(text):
        return f"/where {m.group('place')}"
    if index.resolve(text, kind="person").decision == "match":
        return f"/who {text}"
    if index.resolve(text, kind="place").decision == "match":
        return f"/where {text}"
    return f"/search {text}"
