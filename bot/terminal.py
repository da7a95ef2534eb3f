"""The bot in a terminal: the same dispatcher as Telegram, replies printed as text."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.runtime import open_memory
from bot.settings import Settings
from handlers.dispatch import Dispatcher
from handlers.registry import COMMANDS, Caller
from handlers.reply import Button, Reply, to_plain

PROMPT = "you> "


@dataclass
class Terminal:
    """A terminal session; numbered buttons can be pressed by typing their number."""

    dispatcher: Dispatcher
    caller: Caller = field(default_factory=lambda: Caller(chat_type="terminal", is_admin=True))
    buttons: list[Button] = field(default_factory=list)

    @classmethod
    def open(cls, settings: Settings) -> Terminal:
        return cls(Dispatcher(open_memory(settings), settings.bot_username))

    def show(self, reply: Reply | None) -> str:
        if reply is None:
            return "(not a command for me: commands start with /, try /help)"
        self.buttons = [b for row in reply.buttons for b in row]
        text = to_plain(reply.html)
        if self.buttons:
            text += "\n" + "  ".join(f"[{i}] {b.text}" for i, b in enumerate(self.buttons, 1))
        return text

    def ask(self, line: str) -> str:
        """One command line (or a button number from the last reply) -> the reply as text."""
        line = line.strip()
        if line.isdigit() and 1 <= int(line) <= len(self.buttons):
            return self.show(self.dispatcher.press(self.buttons[int(line) - 1].data, self.caller))
        if line and not line.startswith("/"):
            words = line.lower().split()
            if words[0] not in COMMANDS or words[1:2] in (["is"], ["was"], ["are"]):
                # plain text ("who is zarif?"): a question
                return self.show(self.dispatcher.ask(line, self.caller))
            line = "/" + line  # "who zarif" is the command without its slash
        return self.show(self.dispatcher.run(line, self.caller))

    def repl(self) -> None:
        print("ecobot in the terminal. Type /help, a command, a button number, or /quit.")
        print(self.ask("/help"))
        while True:
            try:
                line = input(PROMPT)
            except (EOFError, KeyboardInterrupt):
                print()
                return
            if line.strip() in {"/quit", "/exit", "quit", "exit"}:
                return
            if line.strip():
                print(self.ask(line))
