"""One entry for every front end: a command line or a button press in, a Reply out.

Telegram handlers and the terminal (`ecobot ask`/`chat`) both call `Dispatcher`, so they give the
same answers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process

# Importing the feature modules registers their commands.
from handlers import admin, follow, general, meetings, members, people, quotes  # noqa: F401
from handlers.admin import outcome_reply
from handlers.questions import MAX_QUESTION_CHARS, as_command
from handlers.registry import COMMANDS, Caller, Context, menu_specs, page_buttons
from handlers.reply import Reply, esc, fit, fits_callback
from handlers.reports import Reports
from knowledge.ingest.limits import Limits
from knowledge.memory import Memory
from knowledge.uploads import ingest_bytes, parse_caption

log = logging.getLogger(__name__)

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)(.*)$", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
MAX_ARG_CHARS = 200  # what a query command reads of its argument (a name, a topic, a place)
MAX_ARG_WORDS = 12
FREE_TEXT = frozenset({"add"})  # commands whose argument is an article: kept whole
_PAGE = re.compile(r"^g(\d{1,4}):(.+)$", re.S)
_TAPPED = re.compile(r"^([a-z]+)_(\d{1,12})$")  # "/source_7": a hint that carries its argument
PRESS_MODES = {"t:": "toast", "n:": "new"}


@dataclass(frozen=True, slots=True)
class Parsed:
    name: str
    addressee: str | None
    args: str


def parse(line: str) -> Parsed | None:
    """"/members@ecobot ECO" -> Parsed("members", "ecobot", "ECO"); None if not a command.

    A hint that carries its argument is read as the command and an id: "/source_7" is
    "/source #7", "/meeting_2@ecobot" is "/meeting #2" (Telegram links only a bare command).

    Every argument is normalised here, once: control characters (NUL included) are dropped;
    except for an article after /add, whitespace is collapsed and the argument is capped at
    MAX_ARG_WORDS words and MAX_ARG_CHARS characters, so no query grows with the input."""
    m = _COMMAND.match(_CONTROL.sub("", line).strip())
    if not m:
        return None
    name, args = m.group(1).lower(), m.group(3).strip()
    tapped = _TAPPED.match(name)
    if tapped and name not in COMMANDS and tapped.group(1) in COMMANDS:
        name, args = tapped.group(1), f"#{tapped.group(2)} {args}".strip()
    if name not in FREE_TEXT:
        args = " ".join(args.split()[:MAX_ARG_WORDS])[:MAX_ARG_CHARS].strip()
    return Parsed(name, m.group(2), args)


def finished(reply: Reply) -> Reply:
    """Every page under Telegram's limit, every button's data within 64 bytes."""
    reply.pages = [fit(p) for p in reply.pages]
    reply.buttons = [kept for kept in ([b for b in row if fits_callback(b.data)]
                                       for row in reply.buttons) if kept]
    return reply


class Dispatcher:
    """Runs commands and button presses against the memory."""

    def __init__(self, memory: Memory, bot_username: str | None = None, *,
                 limits: Limits | None = None,
                 admins_changed: Callable[[], None] | None = None) -> None:
        self.memory = memory
        self.bot_username = bot_username
        self.limits = limits or Limits()
        self.admins_changed = admins_changed
        self.reports = Reports()

    def for_me(self, parsed: Parsed) -> bool:
        """False when the command is addressed to another bot (/cmd@otherbot)."""
        if parsed.addressee is None or self.bot_username is None:
            return True
        return parsed.addressee.lower() == self.bot_username.lower()

    def run(self, line: str, caller: Caller, page: int = 0,
            progress: Callable[[str], None] | None = None) -> Reply | None:
        """The reply to a command line; None when it is not for this bot (or not a command)."""
        parsed = parse(line)
        if parsed is None or not self.for_me(parsed):
            return None
        spec = COMMANDS.get(parsed.name)
        if spec is None:
            if caller.chat_type != "private" and parsed.addressee is None:
                return None  # in groups, "/stats" may be meant for another bot
            return self.unknown(parsed.name, caller)
        if spec.admin and not caller.is_admin:
            return Reply(["Sorry, that command is for the bot's admins."])
        ctx = Context(self.memory, caller, spec.name, limits=self.limits, progress=progress,
                      admins_changed=self.admins_changed, bot_username=self.bot_username)
        reply = spec.func(ctx, parsed.args)
        command_line = f"/{parsed.name} {parsed.args}".strip()
        reply.command = command_line
        if len(reply.pages) > 1 and not reply.buttons:
            reply.current = max(0, min(page, len(reply.pages) - 1))
            reply.buttons = page_buttons(command_line, reply.current, len(reply.pages))
        reply.buttons = reply.buttons + reply.tail
        return finished(reply)

    def ask(self, text: str, caller: Caller) -> Reply | None:
        """Plain text (not a command) as a question; a long text is no question: admins are
        told how to add it as an article, and nothing is stored or lost."""
        text = _CONTROL.sub("", text).strip()
        if not text:
            return None
        if len(text) > MAX_QUESTION_CHARS:
            if caller.is_admin:
                return Reply(["That looks like an article. To add it, reply <code>/add</code> "
                              "to your message, or send it after <code>/add</code>."])
            return Reply(["That is long for a question. Ask me a name, a place, or “what did "
                          "&lt;person&gt; say about &lt;topic&gt;”; or send /help."])
        return self.run(as_command(self.memory.index, text), caller)

    def upload(self, data: bytes, filename: str, caption: str | None, caller: Caller,
               progress: Callable[[str], None] | None = None) -> Reply:
        """An admin's uploaded file (a ZIP: every article in it), with a running count."""
        if not caller.is_admin:
            return Reply(["Sorry, only the bot's admins can add articles."])
        outcomes = []
        for outcome in ingest_bytes(self.memory, data, filename, self.limits,
                                    by=str(caller.user_id), meta=parse_caption(caption)):
            outcomes.append(outcome)
            if progress:
                progress(f"Saving… {len(outcomes)} done")
        return finished(self.reports.keep(outcome_reply(outcomes)))

    def press(self, data: str, caller: Caller) -> Reply | None:
        """A button press: "c:/cmd args" re-runs a command in place, "t:/cmd args" answers
        with a toast, "n:/cmd args" with a new message, "g<page>:/cmd args" turns a page."""
        if data.startswith("c:"):
            return self.run(data[2:], caller)
        if Reports.is_press(data):
            if not caller.is_admin:
                return Reply(["Sorry, only the bot's admins can see upload reports."])
            return finished(self.reports.page(data))
        if data[:2] in PRESS_MODES:
            reply = self.run(data[2:], caller)
            if reply is not None:
                reply.shown_as = PRESS_MODES[data[:2]]
            return reply
        m = _PAGE.match(data)
        if m:
            return self.run(m.group(2), caller, page=int(m.group(1)))
        return None

    def unknown(self, name: str, caller: Caller) -> Reply:
        names = [s.name for s in menu_specs(admin=caller.is_admin)]
        close = [c for c, score, _ in process.extract(name, names, limit=2) if score >= 60]
        text = f"I don't know the command /{esc(name)}."
        if close:
            text += " Did you mean " + " or ".join(f"/{c}" for c in close) + "?"
        return Reply([text + " Send /help for the list."])
