"""Upload reports kept for paging: an upload cannot be re-run to turn a page (that would
upload again), so the pages of the latest reports are kept in memory and their ‹ › buttons
name the report ("u<page>:<id>")."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from itertools import count

from handlers.registry import page_row
from handlers.reply import Button, Reply

_PRESS = re.compile(r"^u(\d{1,4}):(\d{1,12})$")
GONE = ("That upload report is no longer kept (the bot restarted, or many uploads came "
        "since). /articles lists what was stored.")


class Reports:
    """The pages and own buttons of the latest `keep` multi-page upload reports."""

    def __init__(self, keep: int = 64) -> None:
        self._keep = keep
        self._ids = count(1)
        self._saved: OrderedDict[int, tuple[list[str], list[list[Button]]]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, reply: Reply) -> Reply:
        """`reply` with page buttons above its own ones, when it has more than one page."""
        if len(reply.pages) <= 1:
            return reply
        with self._lock:
            report = next(self._ids)
            self._saved[report] = (list(reply.pages), reply.buttons)
            while len(self._saved) > self._keep:
                self._saved.popitem(last=False)
        reply.buttons = self._buttons(report, 0, len(reply.pages)) + reply.buttons
        return reply

    @staticmethod
    def is_press(data: str) -> bool:
        return _PRESS.match(data) is not None

    def page(self, data: str) -> Reply:
        """The page a report button asks for (a notice when the report is gone)."""
        m = _PRESS.match(data)
        with self._lock:
            saved = self._saved.get(int(m.group(2))) if m else None
        if m is None or saved is None:
            return Reply([GONE])
        pages, own = saved
        number = min(int(m.group(1)), len(pages) - 1)
        reply = Reply(list(pages), current=number)
        reply.buttons = self._buttons(int(m.group(2)), number, len(pages)) + own
        return reply

    @staticmethod
    def _buttons(report: int, page: int, total: int) -> list[list[Button]]:
        return page_row(page, total, lambda n: f"u{n}:{report}")
