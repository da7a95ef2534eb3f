"""Fuzzy resolution of what users type to the entities in memory.

The index holds every alias three ways: folded ("pezeshkian"), phonetic (letter classes:
"pazaskan") and as a consonant skeleton ("pzskn", for Persian/Arabic script, which
transliterates without vowels). A query is answered by exact lookups first, then by rapidfuzz over
the few hundred candidates that share the most trigrams with it (an inverted index counted with
numpy), so no query loops over all names in Python. Scores are per entity (its best alias), and
the decision is "match", "ambiguous" (the bot asks "did you mean") or "none" — never a confident
answer from a weak one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Literal, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge.normalize import fold, is_abjad, phonetic, skeleton

Decision = Literal["match", "ambiguous", "none"]
Offer = Callable[[int, float, str], None]  # (alias row, score, why)
KIND_GROUPS = {
    "person": ("person",),
    "country": ("country",),
    "city": ("city",),
    "place": ("city", "country"),
    "organization": ("organization",),
    "org": ("organization",),
}
KINDS = ("person", "country", "city", "organization")
# How much an alias of this kind is worth next to the entity's own name.
ALIAS_WEIGHT = {"surname": 0.97, "token": 0.95, "role": 0.97, "role-word": 0.9, "code": 0.92}
NAME_KINDS = frozenset({"name", "spelling", "translit", "official"})
TITLES = frozenset({"president", "minister", "foreign", "prime", "interior", "deputy",
                    "secretary", "general", "chairman", "king", "queen", "emir", "sheikh",
                    "ambassador", "envoy", "fm", "pm", "sg", "vice", "speaker", "premier"})
GENERIC_WORDS = frozenset({"the", "city", "town", "capital", "province", "mr", "mrs", "ms", "dr",
                           "sir", "his", "her", "excellency", "h e"})
MATCH = 88.0  # a confident answer needs at least this
CLEAR_GAP = 6.0  # ... and this lead over the next entity
CLOSE = 80.0  # below this a candidate is only a suggestion
CANDIDATES = 160  # fuzzy-scored per query, by shared trigrams
POSTINGS_BUDGET = 40_000  # trigram postings counted per query (rarest first)


class AliasEntry(NamedTuple):
    """One name an entity is known by (a tuple: the index loads every alias at start-up)."""

    entity_id: int
    kind: str  # person | country | city | organization
    name: str  # the entity's canonical name
    alias: str
    alias_kind: str = "name"  # name surname spelling official demonym code acronym role translit


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity the query may mean, with its score (0-100) and why it matched."""

    entity_id: int
    name: str
    kind: str
    score: float
    why: str
    alias: str = ""  # the folded alias that matched


_FUZZY_WHY = ("typo of", "sounds like", "words of")  # scores that rest on likeness alone


def is_close(key: str, alias: str) -> bool:
    """True when every typed word is within a few edits of a word of the alias: one edit per
    four letters of the typed word, at least one ("tehrn" is close to "tehran"; "paris" is not
    close to "persia", however alike they sound)."""
    words = alias.split()
    return bool(words) and all(
        min(Levenshtein.distance(typed, w) for w in words) <= max(1, len(typed) // 4)
        for typed in key.split())


@dataclass(frozen=True, slots=True)
class Resolution:
    """The answer to one query."""

    query: str
    decision: Decision
    matches: tuple[Candidate, ...]

    def close(self) -> tuple[Candidate, ...]:
        """The candidates worth suggesting: names matched as such, or fuzzy matches whose
        letters are actually close to the query (not names that only sound a little alike)."""
        key = _clean(fold(self.query))
        return tuple(m for m in self.matches
                     if not m.why.startswith(_FUZZY_WHY) or is_close(key, m.alias))

    def to_json(self) -> dict:
        return {"query": self.query, "decision": self.decision,
                "matches": [{"name": m.name, "kind": m.kind, "score": round(m.score, 1),
                             "why": m.why, "entity_id": m.entity_id} for m in self.matches]}


class _Grams:
    """Trigram inverted index over keys, counted with numpy.

    Postings live in one compressed array (CSR: the rows of trigram g are
    `flat[starts[g]:starts[g + 1]]`), built with one sort — no per-trigram Python lists. Rows
    added later (each ingested article) go to small per-trigram arrays until there are enough
    of them to fold into the big one.
    """

    FOLD_AT = 20_000  # pending postings that trigger a rebuild of the compressed array

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # trigram -> id
        self.flat = np.empty(0, dtype=np.int32)
        self.starts = np.zeros(1, dtype=np.int64)
        self._new_rows: list[int] = []  # postings added since the last freeze: rows and
        self._new_grams: list[list[int]] = []  # their trigram ids (lists shared by equal keys)
        self.recent: dict[int, np.ndarray] = {}  # trigram id -> rows not yet in `flat`
        self._recent_size = 0

    @staticmethod
    def grams(key: str) -> set[str]:
        padded = f"  {key} "
        return {padded[i:i + 3] for i in range(len(padded) - 2)}

    def gram_ids(self, key: str) -> list[int]:
        """The ids of `key`'s trigrams (new trigrams get new ids)."""
        ids = self.ids
        return [ids.setdefault(gram, len(ids)) for gram in self.grams(key)]

    def add(self, row: int, gram_ids: list[int]) -> None:
        self._new_rows.append(row)
        self._new_grams.append(gram_ids)

    def freeze(self) -> None:
        """Make added postings searchable (call after a batch of `add`, not per query)."""
        if not self._new_grams:
            return
        counts = np.fromiter(map(len, self._new_grams), dtype=np.int64,
                             count=len(self._new_grams))
        grams = np.fromiter(chain.from_iterable(self._new_grams), dtype=np.int64,
                            count=int(counts.sum()))
        rows = np.repeat(np.asarray(self._new_rows, dtype=np.int32), counts)
        self._new_grams, self._new_rows = [], []
        if len(self.flat) == 0 or self._recent_size + len(rows) >= self.FOLD_AT:
            self._rebuild(grams, rows)
            return
        self._recent_size += len(rows)
        order = np.argsort(grams, kind="stable")
        grams, rows = grams[order], rows[order]
        cuts = np.flatnonzero(np.diff(grams)) + 1
        for gram_rows, gram in zip(np.split(rows, cuts), grams[np.r_[0, cuts]], strict=True):
            old = self.recent.get(int(gram))
            self.recent[int(gram)] = gram_rows if old is None else np.concatenate((old, gram_rows))

    def _rebuild(self, grams: np.ndarray, rows: np.ndarray) -> None:
        parts_g = [np.repeat(np.arange(len(self.starts) - 1), np.diff(self.starts)), grams]
        parts_r = [self.flat, rows]
        for gram, recent in self.recent.items():
            parts_g.append(np.full(len(recent), gram))
            parts_r.append(recent)
        all_g = np.concatenate(parts_g)
        all_r = np.concatenate(parts_r)
        order = np.argsort(all_g, kind="stable")
        self.flat = all_r[order]
        counts = np.bincount(all_g, minlength=len(self.ids))
        self.starts = np.concatenate(([0], np.cumsum(counts)))
        self.recent.clear()
        self._recent_size = 0

    def postings(self, gram: str) -> np.ndarray | None:
        """The rows whose key contains `gram` (None when none does)."""
        gram_id = self.ids.get(gram)
        if gram_id is None:
            return None
        main = (self.flat[self.starts[gram_id]:self.starts[gram_id + 1]]
                if gram_id + 1 < len(self.starts) else self.flat[:0])
        recent = self.recent.get(gram_id)
        rows = main if recent is None else np.concatenate((main, recent))
        return rows if len(rows) else None

    def top(self, key: str, size: int, allowed: np.ndarray, limit: int) -> np.ndarray:
        """Rows sharing the most trigrams with `key` (only rows where `allowed` is True).

        Rare trigrams say the most, so they are counted first, and common ones only while the
        work stays within a budget: the cost per query is bounded whatever the index size.
        """
        present = [rows for gram in self.grams(key) if (rows := self.postings(gram)) is not None]
        present.sort(key=len)
        parts, budget = [], POSTINGS_BUDGET
        for i, rows in enumerate(present):
            if i >= 2 and budget - len(rows) < 0:
                break
            parts.append(rows)
            budget -= len(rows)
        if not parts:
            return np.empty(0, dtype=np.int32)
        counts = np.bincount(np.concatenate(parts), minlength=size)[:size]
        counts[~allowed[:size]] = 0
        best = int(counts.max())
        if best == 0:
            return np.empty(0, dtype=np.int32)
        # rows sharing under half the best count of trigrams cannot be close matches; of the
        # rest, keep the highest counts that still give `limit` rows (a histogram, not a sort)
        at_least = np.cumsum(np.bincount(counts)[::-1])[::-1]  # rows with count >= t
        floor = max(1, best // 2)
        enough = np.flatnonzero(at_least[floor:] >= limit)
        threshold = floor + int(enough[-1]) if len(enough) else floor
        hits = np.flatnonzero(counts >= threshold)
        if len(hits) > limit:
            hits = hits[np.argpartition(counts[hits], -limit)[-limit:]]
        return hits


class AliasIndex:
    """The resolver's index: built once from stored aliases, then kept current incrementally."""

    def __init__(self, entries: Iterable[AliasEntry] = ()) -> None:
        self.entity_ids: list[int] = []
        self.kinds: list[str] = []
        self.names: list[str] = []
        self.aliases: list[str] = []
        self.alias_kinds: list[str] = []
        self.keys: list[str] = []
        self.phonetic: list[str] = []
        self.skeletons: list[str] = []
        self._alive: list[bool] = []
        self._by_key: dict[str, list[int]] = defaultdict(list)
        self._by_phonetic: dict[str, list[int]] = defaultdict(list)
        self._by_skeleton: dict[str, list[int]] = defaultdict(list)
        self._seen: set[tuple[int, str]] = set()
        self._rows_of: dict[int, list[int]] = defaultdict(list)  # entity -> its rows
        self._grams = _Grams()
        self._skeleton_grams = _Grams()
        self._masks: dict[tuple[str, ...] | None, np.ndarray] = {}
        self._derived: dict[str, tuple[str, str, list[int], list[int]]] = {}
        self.add(entries)

    def __len__(self) -> int:
        return sum(self._alive)

    # -- building -----------------------------------------------------------------------------

    def add(self, entries: Iterable[AliasEntry]) -> None:
        """Add aliases (after an article is ingested); duplicates are ignored."""
        folded: dict[str, str] = {}  # role phrases and surnames repeat across entities
        for entry in entries:
            key = folded.get(entry.alias)
            if key is None:
                key = folded[entry.alias] = fold(entry.alias)  # single-spaced already
            if not key or (entry.entity_id, key) in self._seen:
                continue
            self._seen.add((entry.entity_id, key))
            self._append(entry, entry.alias, entry.alias_kind, key)
            tokens = key.split()
            if entry.kind != "person" or len(tokens) < 2:
                continue
            # each part of a person's name also finds them ("javad" scores a little lower);
            # of a role ("Tajik President") only the title words, lower still ("president")
            if entry.alias_kind in NAME_KINDS:
                parts, part_kind = [t for t in tokens if len(t) >= 4], "token"
            elif entry.alias_kind == "role":
                parts, part_kind = [t for t in tokens if t in TITLES], "role-word"
            else:
                continue
            for token in parts:
                if (entry.entity_id, token) not in self._seen:
                    self._seen.add((entry.entity_id, token))
                    self._append(entry, token, part_kind, token)
        self._derived.clear()
        self._grams.freeze()
        self._skeleton_grams.freeze()
        self._masks.clear()

    def _derive(self, key: str) -> tuple[str, str, list[int], list[int]]:
        """A key's phonetic form, skeleton and their trigram ids — computed once per distinct
        key in a batch (many people share a role phrase or a surname)."""
        found = self._derived.get(key)
        if found is None:
            phon, skel = phonetic(key), skeleton(key)
            found = self._derived[key] = (
                phon, skel, self._grams.gram_ids(phon),
                self._skeleton_grams.gram_ids(skel) if len(skel) >= 2 else [])
        return found

    def _append(self, entry: AliasEntry, alias: str, alias_kind: str, key: str) -> None:
        row = len(self.keys)
        phon, skel, phon_grams, skel_grams = self._derive(key)
        self.entity_ids.append(entry.entity_id)
        self.kinds.append(entry.kind)
        self.names.append(entry.name)
        self.aliases.append(alias)
        self.alias_kinds.append(alias_kind)
        self.keys.append(key)
        self.phonetic.append(phon)
        self.skeletons.append(skel)
        self._alive.append(True)
        self._rows_of[entry.entity_id].append(row)
        self._by_key[key].append(row)
        self._by_phonetic[phon].append(row)
        if len(skel) >= 2:
            self._by_skeleton[skel].append(row)
            self._skeleton_grams.add(row, skel_grams)
        self._grams.add(row, phon_grams)

    def remove_entity(self, entity_id: int) -> None:
        """Forget an entity's aliases (after a merge, rename or deletion; `add` its current
        aliases again to update it). Costs the entity's own rows, not the index's size."""
        for row in self._rows_of.pop(entity_id, ()):
            self._alive[row] = False
            self._seen.discard((entity_id, self.keys[row]))
        self._masks.clear()

    def update_entities(self, entity_ids: Iterable[int], entries: Iterable[AliasEntry]) -> None:
        """Replace what the index knows of `entity_ids` by `entries` (their current aliases)."""
        for entity_id in entity_ids:
            self.remove_entity(entity_id)
        self.add(entries)

    def _mask(self, kinds: tuple[str, ...] | None) -> np.ndarray:
        mask = self._masks.get(kinds)
        if mask is None or len(mask) != len(self.keys):
            alive = np.asarray(self._alive, dtype=bool)
            if kinds is not None:
                alive &= np.isin(np.asarray(self.kinds), kinds)
            mask = self._masks[kinds] = alive
        return mask

    # -- resolving ----------------------------------------------------------------------------

    def resolve(self, query: str, kind: str | None = None, limit: int = 5) -> Resolution:
        """Rank the entities `query` may name, and decide."""
        kinds = KIND_GROUPS.get(kind) if kind else None
        if kind and kinds is None:
            raise ValueError(f"unknown kind {kind!r}; use one of {sorted(KIND_GROUPS)}")
        key = _clean(fold(query))
        if not key or not self.keys:
            return Resolution(query, "none", ())
        result = self._resolve(query, key, kinds, limit)
        words = key.split()
        untitled = [w for w in words if w not in TITLES]
        if (result.decision != "match" and 0 < len(untitled) < len(words)
                and (not result.matches or result.matches[0].score < 90)
                and (kinds is None or "person" in kinds)):
            # "President Pezeshkian": the title is not part of the name
            plain = self._resolve(query, " ".join(untitled), ("person",), limit)
            if plain.decision == "match":
                return plain
        return result

    def _resolve(self, query: str, key: str, kinds: tuple[str, ...] | None,
                 limit: int) -> Resolution:
        mask = self._mask(kinds)
        scores: dict[int, tuple[float, int, str]] = {}

        def offer(row: int, score: float, why: str) -> None:
            if not mask[row]:
                return
            score *= ALIAS_WEIGHT.get(self.alias_kinds[row], 1.0)
            entity = self.entity_ids[row]
            if entity not in scores or scores[entity][0] < score:
                scores[entity] = (score, row, why)

        abjad = is_abjad(query) or _vowelless(key)
        for row in self._by_key.get(key, ()):
            offer(row, 100.0, f"alias '{self.aliases[row]}'")
        if abjad:
            self._skeleton_matches(key, mask, offer)
        else:
            phon = phonetic(key)
            for row in self._by_phonetic.get(phon, ()):
                offer(row, 96.0, f"spelling of '{self.aliases[row]}'")
            self._fuzzy(key, phon, mask, offer)
        ranked = sorted(scores.items(), key=lambda item: -item[1][0])
        candidates = tuple(
            Candidate(entity, self.names[row], self.kinds[row], round(score, 1), why,
                      self.keys[row])
            for entity, (score, row, why) in ranked[: max(limit, 1)]
        )
        return Resolution(query, _decide(candidates), candidates)

    def _fuzzy(self, key: str, phon: str, mask: np.ndarray, offer: Offer) -> None:
        rows = self._grams.top(phon, len(self.keys), mask, CANDIDATES)
        if not len(rows):
            return
        choices = [self.phonetic[r] for r in rows]
        plain = [self.keys[r] for r in rows]
        by_sound = process.cdist([phon], choices, scorer=fuzz.ratio, dtype=np.float32)[0]
        by_letters = process.cdist([key], plain, scorer=fuzz.ratio, dtype=np.float32)[0]
        multi = " " in key
        by_words = (process.cdist([phon], choices, scorer=fuzz.token_set_ratio,
                                  dtype=np.float32)[0] if multi else None)
        for i, row in enumerate(rows.tolist()):
            score, why = float(by_letters[i]), "typo of"
            if by_sound[i] > score:
                score, why = float(by_sound[i]), "sounds like"
            if by_words is not None and " " in self.keys[row]:
                words = float(by_words[i]) * 0.97  # all typed words within a longer name
                if words > score:
                    score, why = words, "words of"
            if score >= 55:
                offer(row, score, f"{why} '{self.aliases[row]}' ({score:.0f})")

    def _skeleton_matches(self, key: str, mask: np.ndarray, offer: Offer) -> None:
        skel = skeleton(key)
        if len(skel) < 2:
            return
        for row in self._by_skeleton.get(skel, ()):
            offer(row, 93.0, f"consonants of '{self.aliases[row]}'")
        rows = self._skeleton_grams.top(skel, len(self.keys), mask, CANDIDATES)
        if not len(rows):
            return
        choices = [self.skeletons[r] for r in rows]
        scores = process.cdist([skel], choices, scorer=fuzz.ratio, dtype=np.float32)[0]
        for i, row in enumerate(rows.tolist()):
            if scores[i] >= 75:
                offer(row, float(scores[i]) * 0.95,
                      f"consonants like '{self.aliases[row]}' ({scores[i]:.0f})")


def _clean(key: str) -> str:
    words = [w for w in key.split() if w not in GENERIC_WORDS]
    return " ".join(words) if words else key


def _vowelless(key: str) -> bool:
    letters = key.replace(" ", "")
    return len(letters) >= 4 and not any(v in letters for v in "aeiouy")


def _decide(candidates: tuple[Candidate, ...]) -> Decision:
    if not candidates or candidates[0].score < CLOSE:
        return "none"
    best = candidates[0].score
    rivals = [c for c in candidates[1:] if c.score >= CLOSE and c.score > best - CLEAR_GAP]
    if rivals:
        return "ambiguous"
    return "match" if best >= MATCH else "ambiguous"
