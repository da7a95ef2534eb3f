"""The `ecobot` command line (typer): ingest, extract, resolve, ask, chat, run, db, eval."""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from knowledge.evaluate import Evaluation

app = typer.Typer(help="ecobot: a Telegram bot with a structured memory of news.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")
out = Console()
err = Console(stderr=True)


def _settings(**overrides: object) -> Settings:
    try:
        settings = load_settings(**overrides)
    except SettingsError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log_level != "DEBUG":  # migrations and HTTP chatter only when debugging
        for noisy in ("alembic", "httpx", "httpcore"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    return settings


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


DatabaseOpt = Annotated[str | None, typer.Option("--database", "-d", help="Database URL "
                        "(overrides ECOBOT_DATABASE_URL).")]


def _overrides(database: str | None) -> dict[str, object]:
    return {"database_url": database} if database else {}


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of articles.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD.")] = None,
    source: Annotated[str | None, typer.Option(help="Outlet, e.g. WANA.")] = None,
    workers: Annotated[int, typer.Option(
        min=0, help="Processes extracting facts ahead of the writer (0: none; for big batches "
                    "1 per spare core).")] = 0,
    database: DatabaseOpt = None,
) -> None:
    """Read articles into memory (duplicates are reported, not stored twice)."""
    from bot.runtime import open_memory
    from knowledge.uploads import Meta, expand_paths, ingest_paths

    settings = _settings(**_overrides(database))
    try:
        day = date.fromisoformat(published) if published else None
    except ValueError:
        raise _fail(f"--published must be YYYY-MM-DD, not {published!r}") from None
    memory = open_memory(settings, demo=False)
    files = list(expand_paths(paths))
    outcomes = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, disable=as_json or len(files) < 5 or not err.is_terminal) as bar:
        task = bar.add_task("Ingesting", total=len(files))
        for outcome in ingest_paths(memory, files, settings.limits, by="cli",
                                    meta=Meta(published=day, source=source),
                                    progress=lambda _p: bar.advance(task), workers=workers):
            outcomes.append(outcome)
    summary = {
        "added": sum(o.status == "added" for o in outcomes),
        "duplicates": sum(o.status == "duplicate" for o in outcomes),
        "failed": sum(o.status == "failed" for o in outcomes),
        "articles": [o.to_json() for o in outcomes],
    }
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        for o in outcomes:
            if o.status == "added":
                out.print(f"[green]added[/green]  #{o.article_id} {o.name}: "
                          + ", ".join(f"{v} {k}" for k, v in o.counts.items()), highlight=False)
            elif o.status == "duplicate":
                out.print(f"[yellow]skipped[/yellow] {o.name}: {o.reason}", highlight=False)
            else:
                out.print(f"[red]failed[/red] {o.name}: {o.reason}", highlight=False)
        out.print(f"{summary['added']} added, {summary['duplicates']} duplicates skipped, "
                  f"{summary['failed']} failed")
    if summary["failed"] and not summary["added"] and not summary["duplicates"]:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    as_json: Annotated[bool, typer.Option(
        "--json/--pretty", help="One JSON object per line, or indented JSON.")] = True,
) -> None:
    """Print the facts of each article (JSON lines, the gold schema); touches no database."""
    from knowledge.ingest.document import InputError
    from knowledge.records import file_records
    from knowledge.uploads import expand_paths

    settings = _settings()
    status = 0
    for path in expand_paths(paths):
        for record in file_records(path, settings.limits):
            if isinstance(record, InputError):
                err.print(f"[red]error:[/red] {record}")
                status = 1
            elif as_json:
                print(json.dumps(record, ensure_ascii=False))
            else:
                out.print_json(data=record)
    raise typer.Exit(status)


@app.command()
def resolve(
    queries: Annotated[list[str], typer.Argument(help="Names to resolve; '-' reads stdin.")],
    kind: Annotated[str | None, typer.Option(
        help="person, place, country, city or organization.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per query.")] = False,
    database: DatabaseOpt = None,
) -> None:
    """Resolve names as users type them to the entities in memory."""
    from bot.runtime import open_memory

    if kind is not None and kind not in {"person", "place", "country", "city", "organization",
                                         "org"}:
        raise _fail("--kind must be person, place, country, city or organization", 2)
    memory = open_memory(_settings(**_overrides(database)), demo=False)
    lines = sys.stdin.read().splitlines() if queries == ["-"] else queries
    for query in (q.strip() for q in lines):
        if not query:
            continue
        result = memory.index.resolve(query, kind=kind)
        if as_json:
            print(json.dumps(result.to_json(), ensure_ascii=False))
        else:
            names = ", ".join(f"{m.name} ({m.kind}, {m.score:.0f}: {m.why})"
                              for m in result.matches) or "-"
            out.print(f"{query!r}: {result.decision} — {names}", highlight=False)


@app.command()
def ask(
    command_line: Annotated[str, typer.Argument(help='A bot command, e.g. "/members".')],
    database: DatabaseOpt = None,
) -> None:
    """Run one bot command against the memory and print the reply as text."""
    from bot.terminal import Terminal

    terminal = Terminal.open(_settings(**_overrides(database)))
    print(terminal.ask(command_line))


@app.command()
def chat(database: DatabaseOpt = None) -> None:
    """Talk to the bot in the terminal (the same answers as on Telegram)."""
    from bot.terminal import Terminal

    Terminal.open(_settings(**_overrides(database))).repl()


@app.command()
def run(
    webhook: Annotated[str | None, typer.Option(help="Public webhook URL (else polling).")] = None,
    listen: Annotated[str, typer.Option(help="Webhook server address.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Webhook server port.")] = 8443,
    database: DatabaseOpt = None,
) -> None:
    """Run the Telegram bot (long polling, or a webhook server)."""
    from bot.app import run_bot
    from bot.serve import PollingConflict

    settings = _settings(**_overrides(database))
    try:
        settings.require_token()
        run_bot(settings, webhook_url=webhook, listen=listen, port=port)
    except SettingsError as exc:
        raise _fail(str(exc), 2) from None
    except PollingConflict as exc:
        raise _fail(str(exc), 3) from None


@app.command()
def start(database: DatabaseOpt = None) -> None:
    """The bot's main job: on Telegram when a token is set, else the terminal chat."""
    settings = _settings(**_overrides(database))
    if settings.token is not None and settings.token.get_secret_value().strip():
        from bot.app import run_bot
        from bot.serve import PollingConflict

        try:
            run_bot(settings)
        except PollingConflict as exc:
            raise _fail(str(exc), 3) from None
    else:
        err.print("No ECOBOT_TOKEN set: starting the same bot in the terminal "
                  "(set a token in .env to run it on Telegram).")
        from bot.terminal import Terminal

        Terminal.open(settings).repl()


@app.command()
def reindex(database: DatabaseOpt = None) -> None:
    """Re-extract every stored article (after the extractor changes), keeping corrections."""
    from bot.runtime import open_memory

    memory = open_memory(_settings(**_overrides(database)), demo=False)
    with Progress(console=err, disable=not err.is_terminal) as bar:
        task = bar.add_task("Re-extracting", total=None)
        count = memory.reindex(lambda done, total: bar.update(task, completed=done, total=total))
    out.print(f"Re-extracted {count} articles.")


@app.command("eval")
def evaluate(
    gold_dirs: Annotated[list[Path], typer.Argument(
        help="Gold folders (JSON per article); the articles are in <gold>/../articles.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="List the misses of each article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the extractor against gold annotations by the reference scorer's rules (exit 1 when
    an article could not be read; it then counts as all missed)."""
    from knowledge.evaluate import EvalError
    from knowledge.evaluate import evaluate as run_evaluation

    try:
        result = run_evaluation(gold_dirs, _settings().limits)
    except EvalError as exc:
        raise _fail(str(exc), 2) from None
    if as_json:
        print(json.dumps(result.to_json(verbose), ensure_ascii=False))
    else:
        _print_evaluation(result, verbose)
    for error in result.errors:
        err.print(f"[red]error:[/red] {error}", highlight=False)
    raise typer.Exit(1 if result.errors else 0)


def _print_evaluation(result: Evaluation, verbose: bool) -> None:
    from knowledge.scoring import AREAS

    scores = result.scores
    if verbose:
        for article, misses in scores.misses.items():
            out.print(article, style="bold", highlight=False, markup=False)
            for line in misses:
                out.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
    table = Table(title=f"Extraction against gold, {result.articles} articles")
    for name in ("area", "P", "R", "F1", "tp", "predicted", "gold"):
        table.add_column(name, justify="left" if name == "area" else "right")
    for area in AREAS:
        s = scores[area]
        table.add_row(area, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      str(s.tp), str(s.predicted), str(s.gold))
    out.print(table)
    out.print("fields of matched meetings and people: " + ", ".join(
        f"{name} {t.correct}/{t.total}" for name, t in scores.fields.items()), highlight=False,
              soft_wrap=True)
    out.print("speakers of quotes and statements matched by text, flagged uncertain or not: "
              + "; ".join(f"{area} wrong {f.wrong_flagged} flagged / {f.wrong_sure} not, right "
                          f"{f.right_flagged} flagged / {f.right_sure} not"
                          for area, f in scores.flags.items()), highlight=False, soft_wrap=True)
    if scores.unpredicted:
        out.print(f"articles with no prediction: {len(scores.unpredicted)}")
    out.print(f"[bold]core F1 {scores.core:.3f}[/bold] (mean of members, meetings, people, "
              "quote_attr)")


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOpt = None) -> None:
    """Create or migrate the schema to the newest revision."""
    from knowledge.db import Database

    settings = _settings(**_overrides(database))
    Database(settings.database_url).upgrade()
    out.print(f"Database is at the newest schema: {settings.database_url}", highlight=False)


@db_app.command("stats")
def db_stats(database: DatabaseOpt = None) -> None:
    """Counts of what the memory holds."""
    from bot.runtime import open_memory
    from knowledge import queries

    memory = open_memory(_settings(**_overrides(database)), demo=False)
    with memory.db.session() as session:
        stats = queries.stats(session)
    table = Table("what", "count")
    for name, value in asdict(stats).items():
        table.add_row(name, str(value))
    out.print(table)


def main() -> None:  # pragma: no cover - console entry
    from knowledge.schema_repair import SchemaError

    try:
        app()
    except SchemaError as exc:  # any command opens the database: one clear line, no trace
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        raise SystemExit(2) from None


if __name__ == "__main__":  # pragma: no cover
    main()
