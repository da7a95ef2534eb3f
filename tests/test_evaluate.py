"""`ecobot eval` and knowledge.scoring: the reference scorer's rules on our own tiny examples, the
command's options and bad input, and count-for-count agreement with shared/corpus/score.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from knowledge.scoring import (
    AREAS,
    FIELDS,
    Score,
    country_key,
    norm,
    org_key,
    pair,
    same_meeting,
    same_person,
    same_quote_text,
    same_statement,
    score,
)

# --- the rules, one at a time ----------------------------------------------------------------


def test_norm_straightens_quotes_and_drops_punctuation() -> None:
    assert norm("“Türkiye’s” (ECO) — D-8…") == "türkiye s eco — d 8"
    assert norm(None) == "" and norm(8) == "8"


@pytest.mark.parametrize(("a", "b"), [
    ("Türkiye", "Turkey"), ("the Republic of Türkiye", "Turkey"), ("TR", "Turkey"),
    ("Kyrgyz Republic", "Kyrgyzstan"), ("UK", "United Kingdom"), ("Britain", "united kingdom"),
    ("Ivory Coast", "Côte d'Ivoire"), ("State of Kuwait", "Kuwait"), (None, ""),
])
def test_country_alternative_names_are_one_country(a: str | None, b: str) -> None:
    assert country_key(a) == country_key(b)


def test_different_countries_stay_apart() -> None:
    assert country_key("Iran") != country_key("Iraq")
    assert country_key("Niger") != country_key("Nigeria")


def test_organization_keys() -> None:
    assert org_key("Economic Cooperation Organization") == org_key("the ECO") == "eco"
    assert org_key("D-8") == org_key("D8") == org_key("Developing Eight") == "d8"
    assert org_key("G 20") == org_key("Group of Twenty")
    assert org_key("League of Arab States") == org_key("Arab League") == "arab league"
    assert org_key("ECO") != org_key("SCO")
    assert org_key("ECO Trade and Development Bank") == "eco trade and development bank"


def test_same_person_surname_and_initial_tolerance() -> None:
    assert same_person("Ali Karimi", "Karimi")  # one side a single word
    assert same_person("Ali Karimi", "A. Karimi")  # same surname, same initial
    assert same_person("Emomali Rahmon", "Emomali Rakhmon")  # close spelling
    assert not same_person("Ali Karimi", "Bahram Karimi")  # same surname, other initial
    assert not same_person("Karimi", "Karimy")  # surname ratio 83 < 85
    assert not same_person("", "Karimi") and not same_person("Karimi", None)


def test_quote_text_ratio_or_long_containment() -> None:
    assert same_quote_text({"text": "we will act"}, {"text": "We will act."})
    inner = "the corridor opens next year"  # 28 characters
    # contained, and 28/39 of the longer text: partial match counts
    assert same_quote_text({"text": inner}, {"text": "we believe the corridor opens next year"})
    # contained, but only 28/47 of the longer text
    assert not same_quote_text({"text": inner},
                               {"text": "we believe the corridor opens next year, he said"})
    # contained but shorter than 20 characters: only the plain ratio counts
    assert not same_quote_text({"text": "trade must grow"},
                               {"text": "trade must grow across the region"})
    assert not same_quote_text({"text": ""}, {"text": ""})


GOLD_MEETING = {"organization": "ECO", "body": "Interior Ministers", "city": "Tehran",
                "country": "Iran"}


def test_meeting_needs_organization_body_and_city() -> None:
    pred = {"organization": "Economic Cooperation Organization", "body": "interior ministers",
            "city": "Tehran", "country": None}
    assert same_meeting(GOLD_MEETING, pred)
    assert not same_meeting(GOLD_MEETING, {**pred, "city": None})  # found without its host city
    assert not same_meeting(GOLD_MEETING, {**pred, "organization": "SCO"})
    assert not same_meeting(GOLD_MEETING, {**pred, "body": "Foreign Ministers"})
    # the predicted name stands in for a missing body
    assert same_meeting(GOLD_MEETING, {**pred, "body": None,
                                       "name": "4th Meeting of Interior Ministers"})


def test_meeting_without_gold_city_compares_countries() -> None:
    gold = {**GOLD_MEETING, "city": None, "country": "Türkiye"}
    assert same_meeting(gold, {**GOLD_MEETING, "city": "Ankara", "country": "Turkey"})
    assert not same_meeting(gold, {**GOLD_MEETING, "city": "Ankara", "country": "Iran"})


def test_statement_needs_speaker_and_gist_inside_the_text() -> None:
    gold = {"speaker": "Ali Karimi", "gist": "trade must grow fast"}
    assert same_statement(gold, {"speaker": "Karimi",
                                 "text": "He said that trade must grow fast this year"})
    assert same_statement(gold, {"speaker": "Ali Karimi", "gist": "trade must grow fast"})
    assert not same_statement(gold, {"speaker": "Omar Haddad", "text": "trade must grow fast"})
    assert not same_statement(gold, {"speaker": "Karimi", "text": "the summit ends tomorrow"})


def test_pairing_is_greedy_and_one_to_one() -> None:
    gold = ["a", "b"]
    pred = ["ab", "a"]  # "ab" fits both gold items; greedy order gives it to "a"
    assert pair(gold, pred, lambda g, p: g in p) == [(0, 0)]
    assert pair(["a", "a"], ["a"], lambda g, p: g == p) == [(0, 0)]


def test_precision_and_recall_when_nothing_is_predicted() -> None:
    assert (Score(0, 0, 0).precision, Score(0, 0, 0).f1) == (1.0, 1.0)
    nothing = Score(tp=0, predicted=0, gold=3)
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    half = Score(tp=2, predicted=4, gold=2)
    assert (half.fp, half.fn, half.precision, half.recall) == (2, 0, 0.5, 1.0)
    assert round(half.f1, 3) == 0.667


GOLD = {"article": "a.txt", "members": {"ECO": ["Iran", "Turkey"]},
        "meetings": [GOLD_MEETING],
        "people": [{"name": "Ali Karimi", "role": "President", "country": "Iran"}],
        "quotes": [{"speaker": "Ali Karimi", "text": "we will act"}],
        "statements": [{"speaker": "Ali Karimi", "gist": "trade must grow fast"}]}
PRED = {"article": "dir/a.txt",
        "members": {"Economic Cooperation Organization": ["Iran", "Türkiye", "Oman"]},
        "meetings": [{**GOLD_MEETING, "city": None}],
        "people": [{"name": "Karimi", "role": "Foreign Minister", "country": "Iran"}],
        "quotes": [{"speaker": "Someone Else", "text": "We will act."}],
        "statements": [{"speaker": "Karimi", "text": "said that trade must grow fast"}]}


def test_score_counts_areas_and_fields() -> None:
    scores = score([PRED, {"article": "no-gold.txt", "people": [{"name": "X Y"}]}], [GOLD])
    counts = {a: (s.tp, s.predicted, s.gold) for a, s in scores.areas.items()}
    assert counts == {"members": (2, 3, 2), "meetings": (0, 1, 1), "people": (1, 1, 1),
                      "quotes": (1, 1, 1), "quote_attr": (0, 1, 1), "statements": (1, 1, 1)}
    # a matched person with the wrong role: the match stands, the role field is wrong
    assert (scores.fields["role"].correct, scores.fields["role"].total) == (0, 1)
    assert (scores.fields["person_country"].correct, scores.fields["person_country"].total) \
        == (1, 1)
    assert scores.fields["city"].total == 0  # no meeting matched
    # core: mean of rounded F1 of members (0.8), meetings (0), people (1), quote_attr (0)
    assert scores.core == pytest.approx((0.8 + 0 + 1 + 0) / 4)
    misses = scores.misses["a.txt"]
    assert "EXTRA member eco: oman" in misses
    assert any(m.startswith("WRONG speaker 'Someone Else'") for m in misses)
    assert any(m.startswith("MISS meeting") for m in misses)


def test_speaker_flags_tally_right_and_wrong_speakers_against_confidence() -> None:
    gold = {"article": "f.txt",
            "quotes": [{"speaker": "Ali Karimi", "text": "we will act on water now"},
                       {"speaker": "Ali Karimi", "text": "the border stays open"},
                       {"speaker": "Nadia Farouk", "text": "trade must come first"}],
            "statements": [{"speaker": "Ali Karimi", "gist": "trade must grow fast"},
                           {"speaker": "Nadia Farouk", "gist": "ports need new rules"}]}
    pred = {"article": "f.txt",
            "quotes": [{"speaker": "Karimi", "text": "We will act on water now.",
                        "confidence": 0.95},
                       {"speaker": "Karimi", "text": "the border stays open", "confidence": 0.4},
                       {"speaker": "Karimi", "text": "trade must come first", "confidence": 0.5}],
            "statements": [{"speaker": "Karimi", "text": "said that trade must grow fast"},
                           {"speaker": "Karimi", "text": "said ports need new rules",
                            "confidence": 0.8}]}
    flags = score([pred], [gold]).flags
    assert (flags["quotes"].wrong_flagged, flags["quotes"].wrong_sure,
            flags["quotes"].right_flagged, flags["quotes"].right_sure) == (1, 0, 1, 1)
    # the statement with the wrong speaker is paired by its gist alone; no confidence: sure
    assert (flags["statements"].wrong_flagged, flags["statements"].wrong_sure,
            flags["statements"].right_flagged, flags["statements"].right_sure) == (0, 1, 0, 1)


def test_gold_without_prediction_counts_as_missed() -> None:
    scores = score([], [GOLD])
    assert scores.unpredicted == ["a.txt"]
    assert all(scores[a].tp == 0 and scores[a].gold == 1 for a in ("meetings", "people"))
    assert scores["members"].precision == 0.0 and scores.core == 0.0


# --- the command ------------------------------------------------------------------------------

ARTICLE = """ECO interior ministers meet in Tehran

TEHRAN – The 4th Meeting of Interior Ministers of the Economic Cooperation Organization (ECO)
opened in Tehran on Monday.

Iranian Interior Minister Ali Karimi said that trade must grow fast. "We will act," Karimi said.
"""


def _gold_set(root: Path, name: str, records: list[dict]) -> Path:
    (root / name / "articles").mkdir(parents=True)
    gold_dir = root / name / "gold"
    gold_dir.mkdir()
    for i, record in enumerate(records):
        (gold_dir / f"{i}.json").write_text(json.dumps(record), encoding="utf-8")
    return gold_dir


def test_eval_scores_several_gold_folders(tmp_path: Path) -> None:
    one = _gold_set(tmp_path, "one", [GOLD])
    (one.parent / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    two = _gold_set(tmp_path, "two", [{**GOLD, "article": "absent.txt"}])
    result = CliRunner().invoke(app, ["eval", str(one), str(two), "--json", "--verbose"])
    assert result.exit_code == 1, result.output  # an article was missing; figures still printed
    data = json.loads(result.stdout)
    assert data["articles"] == 2
    assert set(data["areas"]) == set(AREAS) and set(data["fields"]) == set(FIELDS)
    assert data["areas"]["people"]["gold"] == 2  # both folders counted
    assert data["unpredicted"] == ["absent.txt"]
    assert set(data["speaker_flags"]) == {"quotes", "statements"}
    assert sum(data["speaker_flags"]["quotes"].values()) == 1  # "We will act," Karimi said.
    assert any("absent.txt" in e and "no such article" in e for e in data["errors"])
    assert "absent.txt" in data["misses"]
    assert "no such article" in " ".join(result.stderr.split())


def test_eval_table_and_verbose_misses(tmp_path: Path) -> None:
    gold_dir = _gold_set(tmp_path, "set", [{**GOLD, "people": [
        *GOLD["people"], {"name": "Nadia Farouk", "role": "Secretary General", "country": None}]}])
    (gold_dir.parent / "articles" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--verbose"])
    assert result.exit_code == 0, result.output
    for area in AREAS:
        assert area in result.stdout
    assert "core F1" in result.stdout
    assert "flagged uncertain" in " ".join(result.stdout.split())
    assert "a.txt" in result.stdout and "MISS person: Nadia Farouk" in result.stdout
    quiet = CliRunner().invoke(app, ["eval", str(gold_dir)])
    assert "MISS person" not in quiet.stdout


def test_extract_and_eval_report_unreadable_articles_and_go_on(tmp_path: Path) -> None:
    gold_dir = _gold_set(tmp_path, "set", [GOLD, {**GOLD, "article": "bad.pdf"}])
    articles = gold_dir.parent / "articles"
    (articles / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "bad.pdf").write_bytes(b"not a pdf at all")
    extracted = CliRunner().invoke(app, ["extract", str(articles / "bad.pdf"),
                                         str(articles / "a.txt")])
    assert extracted.exit_code == 1
    assert [json.loads(line)["article"] for line in extracted.stdout.splitlines()] == ["a.txt"]
    assert "bad.pdf" in extracted.stderr
    evaluated = CliRunner().invoke(app, ["eval", str(gold_dir), "--json"])
    assert evaluated.exit_code == 1
    data = json.loads(evaluated.stdout)
    assert data["unpredicted"] == ["bad.pdf"] and data["articles"] == 2
    assert len(data["errors"]) == 1 and "bad.pdf" in data["errors"][0]
    assert data["areas"]["people"]["gold"] == 2


@pytest.mark.parametrize(("content", "message"), [
    (None, "holds no gold"), ("{not json", "not readable JSON"), ('["a.txt"]', '"article"'),
])
def test_eval_refuses_bad_gold_with_a_clear_message(tmp_path: Path, content: str | None,
                                                    message: str) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    if content is not None:
        (gold_dir / "x.json").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", str(gold_dir)])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # rich wraps long lines


def test_eval_refuses_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "is not a folder" in " ".join(result.stderr.split())


# --- agreement with the reference scorer --------------------------------------------------------

_AREA_LINE = re.compile(r"^(\w+)\s+P=\S+ R=\S+ F1=\S+\s+\(tp=(\d+) pred=(\d+) gold=(\d+)\)$")
_FIELD_LINE = re.compile(r"^\s+field (\w+)\s+(\d+)/(\d+)$")


@pytest.fixture
def reference(corpus: Path) -> Path:
    """The reference scorer, beside the corpus (skipped where it or the dev set is absent)."""
    scorer = corpus / "score.py"
    if not scorer.is_file() or not (corpus / "dev" / "gold").is_dir():
        pytest.skip(f"reference scorer or dev set missing under {corpus}")
    return scorer


def _reference_figures(scorer: Path, predictions: Path, gold_dirs: list[Path]) -> dict:
    run = subprocess.run([sys.executable, str(scorer), str(predictions), *map(str, gold_dirs)],
                         capture_output=True, text=True, check=True)
    areas, fields, core = {}, {}, None
    for line in run.stdout.splitlines():
        if m := _AREA_LINE.match(line):
            areas[m[1]] = tuple(map(int, m.groups()[1:]))
        elif m := _FIELD_LINE.match(line):
            fields[m[1]] = (int(m[2]), int(m[3]))
        elif line.startswith("SUMMARY"):
            core = re.search(r"core_F1=([0-9.]+)", line)[1]
    assert set(areas) == set(AREAS) and set(fields) == set(FIELDS), run.stdout
    return {"areas": areas, "fields": fields, "core": core}


def _ours(data: dict) -> dict:
    return {"areas": {a: (v["tp"], v["predicted"], v["gold"]) for a, v in data["areas"].items()},
            "fields": {f: (v["correct"], v["total"]) for f, v in data["fields"].items()},
            "core": f"{data['core_f1']:.3f}"}


def test_eval_agrees_with_the_reference_on_all_articles(corpus: Path, reference: Path,
                                                        tmp_path: Path) -> None:
    gold_dirs = [corpus / "gold", corpus / "dev" / "gold"]
    files = sorted((corpus / "articles").glob("*.txt")) + sorted(
        (corpus / "dev" / "articles").glob("*.txt"))
    assert len(files) == 39
    extracted = CliRunner().invoke(app, ["extract", *map(str, files), "--json"])
    assert extracted.exit_code == 0, extracted.output
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(extracted.stdout, encoding="utf-8")
    ours = subprocess.run([sys.executable, "-m", "bot.cli", "eval", *map(str, gold_dirs),
                           "--json"], capture_output=True, text=True, check=True)
    data = json.loads(ours.stdout)
    assert data["articles"] == 39 and not data["unpredicted"] and not data["errors"]
    assert _ours(data) == _reference_figures(reference, predictions, gold_dirs)


def _org_form(org: str, n: int) -> str:
    if org == "ECO" and n % 3 == 0:
        return "Economic Cooperation Organization"
    if n % 3 == 1 and org.isupper() and len(org) <= 5:
        return ".".join(org) + "."  # "E.C.O."
    return re.sub(r"(?<=[A-Za-z])(?=\d)", "-", org)  # "G-20"


def _misspelt(name: str, i: int) -> str:
    """Surname only, or the surname's last letter changed (near the similarity thresholds)."""
    if i % 4 == 1:
        return name.split()[-1]
    if i % 4 == 2:
        return name[:-1] + "x"
    return name


def _perturbed(gold: dict, n: int) -> dict:
    """A prediction made from a gold record by the mistakes and variations extractors make:
    missing items, other name forms, cut quotes, wrong speakers, missing host cities."""
    def pick(items: list, keep: int) -> list:
        return [x for i, x in enumerate(items) if (i + n) % 4 != keep]

    alt = {"Turkey": "Türkiye", "Kyrgyzstan": "Kyrgyz Republic", "Iran": "Islamic Republic of Iran",
           "Laos": "Lao PDR", "Vietnam": "Viet Nam", "Russia": "Russian Federation"}
    stop = "." if n % 2 else ""
    members = {_org_form(org, n): [alt.get(c, c) + stop for c in pick(countries, 1)]
               + (["Oman"] if n % 3 == 0 else [])
               for org, countries in (gold.get("members") or {}).items()}
    meetings = [{**m, "organization": _org_form(m.get("organization") or "", n + i),
                 "city": None if i % 3 == n % 3 else m.get("city"),
                 "country": alt.get(m.get("country"), m.get("country")),
                 "body": None if i % 2 else m.get("body"),
                 "date": None if n % 2 else m.get("date"), "ordinal": m.get("ordinal")}
                for i, m in enumerate(reversed(pick(gold.get("meetings") or [], 2)))]
    people = [{"name": _misspelt(p["name"], i + n),
               "role": None if i % 3 == 0 else p.get("role"),
               "country": "Iraq" if i % 5 == n % 5 else p.get("country")}
              for i, p in enumerate(pick(gold.get("people") or [], 3))]
    quotes = [{"speaker": "Someone Else" if i % 4 == 1 else _misspelt(q["speaker"], i),
               "text": q["text"][: max(1, len(q["text"]) * (6 + i % 4) // 10)]}
              for i, q in enumerate(gold.get("quotes") or [])]
    statements = [{"speaker": s["speaker"] if i % 3 else "Someone Else",
                   "text": "said that " + s["gist"][i % 7:]}
                  for i, s in enumerate(pick(gold.get("statements") or [], 0))]
    return {"article": gold["article"], "members": members, "meetings": meetings,
            "people": people, "quotes": quotes, "statements": statements}


def test_scoring_agrees_with_the_reference_on_varied_predictions(corpus: Path, reference: Path,
                                                                 tmp_path: Path) -> None:
    """The rules at their edges: predictions derived from the gold with typical faults."""
    gold_dirs = [corpus / "gold", corpus / "dev" / "gold"]
    golds = [json.loads(p.read_text(encoding="utf-8"))
             for d in gold_dirs for p in sorted(d.glob("*.json"))]
    preds = [_perturbed(g, n) for n, g in enumerate(golds)][:-1]  # the last: no prediction
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds),
                           encoding="utf-8")
    scores = score(preds, golds)
    assert len(scores.unpredicted) == 1
    ours = {"areas": {a: (s.tp, s.predicted, s.gold) for a, s in scores.areas.items()},
            "fields": {f: (t.correct, t.total) for f, t in scores.fields.items()},
            "core": f"{scores.core:.3f}"}
    expected = _reference_figures(reference, predictions, gold_dirs)
    assert ours == expected
    # the perturbations bite: every area has both hits and misses
    assert all(0 < tp < gold for tp, _, gold in ours["areas"].values()), ours["areas"]
