"""What a command answers: HTML pages and buttons, independent of Telegram.

Pages never exceed Telegram's 4096-character limit and are split only between blocks (each block is
complete HTML), so no tag is ever cut in half.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

TELEGRAM_LIMIT = 4096
PAGE_CHARS = 3800  # room for the page footer
CALLBACK_LIMIT = 64  # bytes of callback_data Telegram accepts


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: `data` re-enters the command layer when pressed."""

    text: str
    data: str


@dataclass(slots=True)
class Reply:
    """One answer: pages of HTML, the one to show, and rows of buttons under it."""

    pages: list[str]
    buttons: list[list[Button]] = field(default_factory=list)
    command: str = ""  # the command line that produced it (for paging buttons)
    current: int = 0  # the page to show
    tail: list[list[Button]] = field(default_factory=list)  # rows kept under page buttons
    # how a button press shows it: "edit" the pressed message, answer with a "toast" (the
    # message stays), or send a "new" message under it (news keeps its text)
    shown_as: str = "edit"

    @property
    def html(self) -> str:
        """The page to show."""
        return self.pages[self.current] if self.pages else ""


def esc(value: object) -> str:
    """HTML-escape any stored or user text (quotes too)."""
    return html.escape(str(value), quote=True)


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"


def paginate(header: str, blocks: list[str], *, per_page: int = 6,
             limit: int = PAGE_CHARS) -> list[str]:
    """Pack blocks into pages under `limit` characters, `per_page` blocks at most, with header."""
    pages: list[str] = []
    current: list[str] = []
    size = len(header)
    for block in blocks:
        block = block if len(block) + len(header) < limit else _shrink(block, limit - len(header))
        if current and (len(current) >= per_page or size + len(block) + 2 > limit):
            pages.append("\n\n".join([header, *current]))
            current, size = [], len(header)
        current.append(block)
        size += len(block) + 2
    if current or not pages:
        pages.append("\n\n".join([header, *current]))
    if len(pages) > 1:
        pages = [f"{p}\n\n<i>Page {i} of {len(pages)}</i>" for i, p in enumerate(pages, 1)]
    return pages


_TAG = re.compile(r"<[^>]+>")


def _shrink(block: str, limit: int) -> str:
    """A block too long for a page: keep whole lines while they fit (our blocks close tags per
    line), else fall back to its plain text."""
    lines, out, size = block.split("\n"), [], 0
    for line in lines:
        if size + len(line) + 1 > limit - 1:
            break
        out.append(line)
        size += len(line) + 1
    if out:
        return "\n".join(out) + "\n…"
    plain = html.unescape(_TAG.sub("", block))
    return esc(clip(plain, max(10, limit // 2)))


def to_plain(markup: str) -> str:
    """Our own reply HTML as terminal text: links show their address, tags drop, entities decode."""
    markup = re.sub(r'<a href="([^"]*)">(.*?)</a>',
                    lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", markup)
    return html.unescape(_TAG.sub("", markup))


_IRREGULAR = {"person": "people"}


def plural(n: int, word: str) -> str:
    """ "1 quote", "2 quotes", "1 person", "3 people"."""
    return f"{n} {word}" if n == 1 else f"{n} {_IRREGULAR.get(word, word + 's')}"


def fit(page: str, limit: int = TELEGRAM_LIMIT) -> str:
    """`page` cut to whole lines so that it stays under Telegram's limit whatever it holds (a
    last safety net: commands cap what they echo)."""
    if len(page) <= limit:
        return page
    return _shrink(page, limit - 10)


def tap(command: str, number: int) -> str:
    """A hint the user can tap: "/source_7" (Telegram links only a bare command; the dispatcher
    reads "/source_7" as "/source #7")."""
    return f"/{command}_{number}"


def fits_callback(data: str) -> bool:
    return len(data.encode()) <= CALLBACK_LIMIT
