"""Markdown to plain text with markdown-it-py (CommonMark): markup gone, words kept."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.ingest.document import InputError

_PARSER = MarkdownIt("commonmark", {"maxNesting": 100})  # its "default" preset's depth
MAX_DEPTH: int = _PARSER.options["maxNesting"]  # markdown-it skips blocks nested deeper
_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}
_BLOCK_ENDS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close"}


def markdown_to_text(source: str, filename: str = "Markdown") -> tuple[str, str | None]:
    """Plain text of a Markdown article and its title (the first heading).

    Headings, emphasis, links ([text](url) -> text), images (-> alt text), quotes and list
    marks are removed; code keeps its content; raw HTML keeps only its visible text.
    InputError when quotes or lists nest deeper than the parser reads (their text would be lost).
    """
    blocks: list[str] = []
    title: str | None = None
    heading = False
    for token in _PARSER.parse(source):
        if token.type in _CONTAINERS and token.level >= MAX_DEPTH - 1:
            raise InputError(filename, f"Markdown quotes or lists nested more than "
                                       f"{MAX_DEPTH} levels deep; the text inside cannot be read")
        if token.type == "heading_open":
            heading = True
        elif token.type == "inline":
            text = _inline_text(token.children or [])
            if heading and title is None and text.strip():
                title = " ".join(text.split())
            blocks.append(text)
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content)
        elif token.type == "html_block":
            blocks.append(_html_text(token.content, filename))
        elif token.type in _BLOCK_ENDS:
            heading = False
    return "\n\n".join(b.strip("\n") for b in blocks if b.strip()), title


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    hidden = False  # inside inline <script> or <style>
    for child in children:
        if child.type == "html_inline":
            tag = child.content.lower()
            if tag.startswith(("<script", "<style")):
                hidden = True
            elif tag.startswith(("</script", "</style")):
                hidden = False
            elif tag.startswith("<br"):
                parts.append("\n")
        elif hidden:
            continue
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))
    return "".join(parts)


def _html_text(fragment: str, filename: str) -> str:
    from knowledge.ingest.html import visible_text

    return visible_text(fragment, filename)
