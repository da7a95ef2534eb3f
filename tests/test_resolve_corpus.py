"""`ecobot resolve - --json` on the shared corpus's name-resolution cases: all must be right."""

from __future__ import annotations

import csv
import json

from typer.testing import CliRunner

from bot.cli import app


def test_queries_tsv_all_right(corpus, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(corpus / "articles"), "--json", "-d", url])
    assert ingested.exit_code == 0, ingested.output
    assert json.loads(ingested.stdout.strip().splitlines()[-1])["added"] == 3

    with (corpus / "queries.tsv").open(encoding="utf-8") as f:
        cases = list(csv.DictReader(f, delimiter="\t"))
    assert cases
    stdin = "\n".join(c["query"] for c in cases) + "\n"
    result = runner.invoke(app, ["resolve", "-", "--json", "-d", url], input=stdin)
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [a["query"] for a in answers] == [c["query"] for c in cases]

    wrong = []
    for case, got in zip(cases, answers, strict=True):
        if case["expected"] == "NONE":
            ok = got["decision"] == "none"
        else:
            ok = got["decision"] == "match" and got["matches"][0]["name"] == case["expected"]
        if not ok:
            wrong.append((case["query"], case["expected"], got["decision"],
                          [m["name"] for m in got["matches"]][:3]))
    assert not wrong, f"{len(wrong)}/{len(cases)} wrong: {wrong}"
