"""The command registry and the context every command gets (no Telegram types here).

Commands are plain functions `(ctx, args) -> Reply`, registered with `@command`; the Telegram
handlers and `ecobot ask`/`chat` both call them through `handlers.dispatch`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlmodel import Session

from handlers.reply import Button, Reply, esc, fits_callback, paginate
from knowledge import queries
from knowledge.ids import entity_check
from knowledge.ingest.limits import Limits
from knowledge.memory import Memory
from knowledge.resolve import Resolution

CommandFunc = Callable[["Context", str], Reply]


@dataclass(frozen=True, slots=True)
class Spec:
    """A registered command."""

    name: str
    func: CommandFunc
    description: str
    usage: str
    admin: bool = False
    in_menu: bool = True


COMMANDS: dict[str, Spec] = {}


def command(name: str, description: str, usage: str = "", *, admin: bool = False,
            in_menu: bool = True) -> Callable[[CommandFunc], CommandFunc]:
    """Register a command function under `name`."""

    def register(func: CommandFunc) -> CommandFunc:
        COMMANDS[name] = Spec(name, func, description, usage or f"/{name}", admin, in_menu)
        return func

    return register


def menu_specs(*, admin: bool) -> list[Spec]:
    """The commands a menu or /help lists: user commands first, then (for admins) admin ones."""
    return sorted((s for s in COMMANDS.values() if s.in_menu and (admin or not s.admin)),
                  key=lambda s: s.admin)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who sent the command, from where."""

    user_id: int | None = None
    chat_type: str = "private"  # private | group | supergroup | channel | terminal
    is_admin: bool = False  # a bot admin
    name: str = "terminal"
    chat_id: int | None = None  # the Telegram chat (None in the terminal)
    chat_admin: bool = False  # may change the chat's settings (its admins; anyone in private)


_ENTITY_REF = re.compile(r"^#(\d{1,12})(?:~([0-9a-f]{6}))?\b\s*")


@dataclass(slots=True)
class Context:
    """What a command may use: the memory (queries, resolver), the caller, its own name."""

    memory: Memory
    caller: Caller
    name: str  # the command being run, for buttons that re-run it
    limits: Limits = field(default_factory=Limits)  # for uploads and fetched pages
    progress: Callable[[str], None] | None = None  # long work reports steps here
    admins_changed: Callable[[], None] | None = None  # after /admin add|remove
    bot_username: str | None = None  # for "/members@bot" in groups

    def report(self, step: str) -> None:
        if self.progress is not None:
            self.progress(step)

    @property
    def actor(self) -> str:
        """Who to record in the audit log."""
        return str(self.caller.user_id) if self.caller.user_id is not None else self.caller.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self.memory.db.session() as session:
            yield session

    def resolve(self, query: str, kind: str | None) -> Resolution:
        return self.memory.index.resolve(query, kind=kind, limit=5)

    def pick(self, args: str, kind: str | None, *, noun: str,
             rest_of: Callable[[str], tuple[str, str]] | None = None,
             line: Callable[[str], str] | None = None) -> tuple[int, str] | Reply:
        """Resolve the entity named at the start of `args` ("#12" names an id directly;
        "#12~3fa9c1" only while entity 12 is still the one its check code was made from).

        Returns (entity id, the remaining words) or a Reply: "did you mean" buttons when several
        candidates are close, "I know nobody called …" with suggestions when none is.
        `rest_of` splits args into (name, rest); by default the whole of args is the name, and
        on no match, shorter leading word spans are tried so "/quote zarif terrorism" works.
        `line` makes a button's arguments from an entity reference (admin commands, whose
        buttons carry check codes and the rest of the command).
        """
        ref = _ENTITY_REF.match(args)
        if ref:
            entity_id = int(ref.group(1))
            with self.session() as session:  # an id beyond the column's range: not found
                entity = queries.entity(session, entity_id)
            if ref.group(2) and (entity is None or ref.group(2) != entity_check(
                    entity.kind, entity.created_at)):
                return Reply(["That entity is gone (merged, split or deleted); send the "
                              "command again."])
            kinds = {"place": ("country", "city")}.get(kind or "", (kind,))
            if entity is None or (kind is not None and entity.kind not in kinds):
                return Reply([f"#{entity_id} is not a {esc(noun)} I know."])
            return entity_id, args[ref.end():].strip()
        words = args.split()
        attempts = [rest_of(args)] if rest_of else [
            (" ".join(words[:n]), " ".join(words[n:])) for n in range(len(words), 0, -1)]
        first: Resolution | None = None
        unsure: tuple[str, Resolution, str] | None = None
        for name, rest in attempts:
            resolution = self.resolve(name, kind)
            first = first or resolution
            if resolution.decision == "match":
                return resolution.matches[0].entity_id, rest
            if resolution.decision == "ambiguous" and resolution.close() and (
                    unsure is None or resolution.matches[0].score > unsure[1].matches[0].score):
                unsure = (name, resolution, rest)  # the best-matching span keeps its rest
        if unsure is not None:
            return self.did_you_mean(*unsure, line=line)
        return self.not_found(args, noun, first)

    def did_you_mean(self, typed: str, resolution: Resolution, rest: str,
                     line: Callable[[str], str] | None = None) -> Reply:
        buttons = []
        matches = resolution.close()[:5]
        if line is not None:
            with self.session() as session:
                rows = {m.entity_id: queries.entity(session, m.entity_id) for m in matches}
        for m in matches:
            if line is not None:
                row = rows[m.entity_id]
                if row is None:
                    continue
                data = f"c:/{self.name} " + line(
                    f"#{m.entity_id}~{entity_check(row.kind, row.created_at)}")
            else:
                data = f"c:/{self.name} #{m.entity_id} {rest}".strip()
                if not fits_callback(data):
                    data = f"c:/{self.name} #{m.entity_id}"
            if fits_callback(data):
                buttons.append([Button(m.name, data)])
        return Reply([f"🤔 Several names match “{esc(typed)}”. Did you mean:"], buttons)

    def not_found(self, typed: str, noun: str, resolution: Resolution | None) -> Reply:
        text = f"I know no {noun} called “{esc(typed)}”."
        suggestions = [m.name for m in (resolution.close() if resolution else ())][:3]
        if suggestions:
            text += " Closest names I know: " + ", ".join(esc(s) for s in suggestions) + "."
        return Reply([text])


def page_buttons(command_line: str, page: int, total: int) -> list[list[Button]]:
    """‹ › buttons that re-run `command_line` at another page (stateless)."""
    return page_row(page, total, lambda n: f"g{n}:{command_line}")


def page_row(page: int, total: int, data: Callable[[int], str]) -> list[list[Button]]:
    """‹ n/total › buttons; `data(n)` is what pressing the button for page n sends."""
    if total <= 1:
        return []
    row = []
    if page > 0:
        row.append(Button("‹", data(page - 1)))
    row.append(Button(f"{page + 1}/{total}", data(page)))
    if page < total - 1:
        row.append(Button("›", data(page + 1)))
    return [row] if all(fits_callback(b.data) for b in row) else []


def answer(header: str, blocks: list[str], *, empty: str, per_page: int = 6) -> Reply:
    """A paged reply, or `empty` when there are no blocks."""
    if not blocks:
        return Reply([empty])
    return Reply(paginate(header, blocks, per_page=per_page))
