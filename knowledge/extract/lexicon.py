"""Words the extractor recognises: roles, speech verbs, pronouns, descriptors, month and ordinals.

All matching is on lower-cased words; each table is small and general (not tied to one article).
"""

from __future__ import annotations

import re

# Uppercase/lowercase letters of the Latin scripts (Python's re has no \p{Lu}).
UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper() and chr(c).isalpha())
LOWER = "".join(chr(c) for c in range(0x61, 0x250) if chr(c).islower() and chr(c).isalpha())
NAME_WORD = rf"(?<![\w’'\-])(?:(?:al|el)-)?[{UPPER}][{LOWER}]++(?:[-’'][{UPPER}]?[{LOWER}]++)*+"
UPPER_SURNAME = rf"(?<![\w’'\-])[{UPPER}]{{3,}}(?![\w’'\-])"  # "Ömer BOLAT"
PARTICLES = r"(?:bin|ibn|al|el|de|da|van|von|der|ul|ud|abu|bint)"
# words of a name stand on one line, or wrap once; a blank line ends the name
_GAP = r"[ \t]*+\n?[ \t]*+(?<=\s)"
# a middle initial or two ("George W. Bush", "Retno LP Marsudi"), only before another name word
_INITIALS = rf"[{UPPER}]{{1,2}}\.?(?=[ \t]+[{UPPER}][{LOWER}])"
_NAME_REST = (rf"(?:{_GAP}(?:{PARTICLES}[ \t\-])?(?:{NAME_WORD}|{UPPER_SURNAME}|{_INITIALS}))"
              rf"{{0,4}}")
NAME = NAME_WORD + _NAME_REST
# NAME for a regex that starts with it (same matches): its first letter is a character class
# and the word boundary is checked after it, so the engine scans fast to the capitals (and "a",
# "e" of "al-", "el-"), where a leading lookbehind has it try the full pattern at every position
_NAME_WORD_TAIL = rf"[{LOWER}]++(?:[-’'][{UPPER}]?[{LOWER}]++)*+"
NAME_START = (rf"[ae{UPPER}](?<![\w’'\-].)(?:(?<=[ae])l-[{UPPER}])?(?<=[{UPPER}])"
              rf"{_NAME_WORD_TAIL}{_NAME_REST}")
# NAME_START for a text without "al-" or "el-", where a name can only open with a capital
CAPITAL_NAME_START = rf"[{UPPER}](?<![\w’'\-].){_NAME_WORD_TAIL}{_NAME_REST}"
# Honorifics and courtesy titles before a name; never part of it ("H.E. Mr.", "Datuk Seri").
HONORIFIC = (r"(?:(?:His|Her)\s+(?:Excellency|Highness|Majesty|Royal\s+Highness)|H\.\s?E\.|"
             r"H\.\s?H\.|H\.\s?M\.|HRH|HE|HH|HM|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Dr\.?|Prof\.?|"
             r"Professor|Ambassador|Senator|Datuk\s+Seri|Dato['’]?\s+Seri|Dato['’]?\s+Sri|Datuk|"
             r"Tan\s+Sri|(?:[Tt]he\s+)?(?:Most\s+|Right\s+|Rt\.?\s+)?(?:Honou?rable|Hon\.)|"
             r"Sayyid|Lyonpo|Lyonchhen|Engr?\.|"
             # military ranks before a minister's name ("Brigadier (Rtd) X", "Lt. Gen. X")
             r"(?:Brigadier|Major|Lieutenant|Lt\.?|Air\s+Chief)(?:[ \-]General|\s+Gen\.)?|"
             r"General|Gen\.|Colonel|Col\.|Admiral|Adm\.|Captain|Capt\.|Marshal|Air\s+Marshal)"
             r"(?:\s*\((?:Dr|Prof|Rtd|Retd|rtd|retd|Ret|ret)\.?\))?")
HONORIFICS = rf"(?:{HONORIFIC}\s+)*"
HONORIFIC_WORDS = frozenset(
    "mr mrs ms mme dr prof professor ambassador senator datuk dato seri sri tan honourable "
    "honorable hon sayyid lyonpo lyonchhen excellency his her he hh hm hrh engr eng h.e most "
    "right rt brigadier major lieutenant lt general gen colonel col admiral adm captain capt "
    "marshal (rtd) (retd)".split())
# Field words of ministries and agencies: never a person's name ("Minister of Urban Development").
FIELD_WORDS = frozenset("""
development affairs trade energy culture cultural heritage tourism transport transportation economy
economic finance financial defence defense agriculture industry industries education justice
interior communications communication technologies technology aviation infrastructure roads urban
health labour labor environment planning commerce investment investments handicrafts telecom
telecommunications information science security cooperation relations water resources mines
mining petroleum oil gas power railways housing youth sports women family welfare digital
peace integration diaspora regional international political social human rights services
public works land lands fisheries forestry marine climate mobility migration worship
employment innovation research
""".split())

# Roles, longest first; the value is the canonical title.
ROLES: dict[str, str] = {
    "minister of foreign affairs": "Foreign Minister",
    "foreign affairs minister": "Foreign Minister",
    "deputy foreign minister": "Deputy Foreign Minister",
    "foreign minister": "Foreign Minister",
    "top diplomat": "Foreign Minister",
    "state councillor": "State Councilor",
    "state councilor": "State Councilor",
    "minister of interior": "Interior Minister",
    "minister of the interior": "Interior Minister",
    "interior minister": "Interior Minister",
    "home minister": "Interior Minister",
    "prime minister": "Prime Minister",
    "deputy prime minister": "Deputy Prime Minister",
    "vice president": "Vice President",
    "vice-president": "Vice President",
    "first vice president": "First Vice President",
    "deputy secretary-general": "Deputy Secretary-General",
    "deputy secretary general": "Deputy Secretary-General",
    "secretary-general": "Secretary-General",
    "secretary general": "Secretary-General",
    "president": "President",
    "chairman": "Chairman",
    "chairwoman": "Chairwoman",
    "chairperson": "Chairperson",
    "chair": "Chair",
    "speaker": "Speaker",
    "ambassador": "Ambassador",
    "envoy": "Envoy",
    "special envoy": "Special Envoy",
    "spokesman": "Spokesperson",
    "spokeswoman": "Spokesperson",
    "spokesperson": "Spokesperson",
    "king": "King",
    "queen": "Queen",
    "emir": "Emir",
    "amir": "Emir",
    "sultan": "Sultan",
    "crown prince": "Crown Prince",
    "chancellor": "Chancellor",
    "governor": "Governor",
    "mayor": "Mayor",
    "executive secretary": "Executive Secretary",
    "deputy executive secretary": "Deputy Executive Secretary",
    "executive director": "Executive Director",
    "permanent representative": "Permanent Representative",
    "director-general": "Director-General",
    "director general": "Director-General",
    "fm": "Foreign Minister",
    "pm": "Prime Minister",
    "sg": "Secretary-General",
    "premier": "Prime Minister",
    "leader": "Leader",
    "head of state": "Head of State",
    "head of government": "Head of Government",
    "ruler": "Ruler",
    "high representative": "High Representative",
    "representative": "Representative",
    "director": "Director",
    "coordinator": "Coordinator",
}


def trie_pattern(words: list[str], first_read: bool = False) -> str:
    """One regex alternation of lower-case `words`, factored by shared prefixes, longest
    first ("pre(?:mier|sident)"): the engine rejects a word at its first differing letter
    instead of trying every alternative in turn. With `first_read`, the words' first letters
    are already consumed (by a character class opening the regex) and only looked back at:
    "(?:(?<=p)re(?:mier|sident))"."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict, root: bool = False) -> str:
        ends = "" in node
        branches = [(f"(?<={re.escape(ch)})" if root and first_read else re.escape(ch))
                    + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie, root=True)


def any_case(words: list[str] | set[str]) -> str:
    """`trie_pattern` over each word's usual spellings (lower, Capitalised, Title Case, UPPER):
    the regex engine skips a case-sensitive branch at its first letter, while a
    case-insensitive one it must try in full."""
    return trie_pattern(sorted({form for w in words for form in (
        w.lower(), w[:1].upper() + w[1:].lower(), w.title(), w.upper())}))


# "<Field> Minister" and "Minister of <Field>" for any field ("Energy Minister", "Minister of
# Foreign Affairs and International Cooperation", "Cabinet Secretary for Foreign and Diaspora
# Affairs", "Commissioner for Political Affairs, Peace and Security"); after the first word of
# the field, only field words or "and <Word>" go on, so the name after it is never eaten.
_FIELD_WORD = trie_pattern(sorted({w.capitalize() for w in FIELD_WORDS}))
_FIELD = (rf"[A-Z][a-z]+(?:(?:\s+and\s+|\s*&\s*)[A-Z][a-z]+|(?:,?\s+|\s+and\s+)"
          rf"(?:{_FIELD_WORD})(?![\w\-]))*")
_FIELD_WORD_REST = r"[a-z]+\s+(?:and\s+[A-Z][a-z]+\s+)?"  # "nergy " of "Energy Minister"
_MINISTER_OFFICE = rf"(?![\w\-])(?:\s+(?:of|for)\s+(?:the\s+)?{_FIELD})?"
_AFTER_DEPUTY = rf"(?:(?!The\b)[A-Z]{_FIELD_WORD_REST})?(?:Minister|Secretary|Commissioner)"
MINISTER_FIELD = rf"(?:Deputy\s+|Vice\s+)?{_AFTER_DEPUTY}{_MINISTER_OFFICE}"
_ROLE_ALT = any_case(set(ROLES))
# "the Swedish trade minister": a field minister in running text
FIELD_MINISTER = rf"(?:{trie_pattern(sorted(FIELD_WORDS))})[ \t]+minister(?![\w\-])"
ROLE = rf"(?:{_ROLE_ALT}|{MINISTER_FIELD})"
# ROLE with the same matches, tried in the same order, but its first letter dispatched: the
# capitalised forms and "<Field> Minister" only where a capital stands, the lower-case forms
# elsewhere, so the engine tests about half as many alternatives at each word it tries
_CAPITAL_ROLES = sorted({form for w in ROLES for form in (w[:1].upper() + w[1:], w.title(),
                                                           w.upper())})
_CAPITAL_ROLE_ALT = trie_pattern(_CAPITAL_ROLES)
ROLE_FAST = (rf"(?:(?=[A-Z])(?:{_CAPITAL_ROLE_ALT}|{MINISTER_FIELD})"
             rf"|{trie_pattern(sorted(ROLES))})")
# ROLE at a capital that starts a word, for a regex that opens with it (same matches, same
# order of trial): the capital is read first by a character class, so the engine scans fast to
# the capitals instead of trying the full pattern at every position; each alternative then
# looks back at the capital it needs
CAPITAL_ROLE_START = (
    rf"[A-Z](?<!\w.)(?:{trie_pattern(_CAPITAL_ROLES, first_read=True)}"
    rf"|(?<=D)eputy\s+{_AFTER_DEPUTY}{_MINISTER_OFFICE}"
    rf"|(?<=V)ice\s+{_AFTER_DEPUTY}{_MINISTER_OFFICE}"
    rf"|(?!(?<=T)he\b){_FIELD_WORD_REST}(?:Minister|Secretary|Commissioner){_MINISTER_OFFICE}"
    rf"|(?:(?<=M)inister|(?<=S)ecretary|(?<=C)ommissioner){_MINISTER_OFFICE})")

# The head word of a role ("minister", "secretary-general", "host"): a subject holding one may
# be someone the article names
ROLE_WORDS = frozenset({role.split()[-1] for role in ROLES}
                       - {"general", "state", "affairs", "interior", "government"}
                       | {"minister", "secretary", "chair", "host", "diplomat", "official",
                          "commissioner"})
# Words that make a role noun refer to a person of that role ("the top Iranian diplomat").
ROLE_CLASSES: dict[str, set[str]] = {
    "diplomat": {"Foreign Minister", "Deputy Foreign Minister", "Ambassador", "Envoy",
                 "Special Envoy", "Secretary-General", "Deputy Secretary-General",
                 "Executive Secretary", "High Representative", "Representative"},
    "foreign minister": {"Foreign Minister"},
    "president": {"President"},
    "leader": {"President", "Prime Minister", "Leader", "King", "Emir"},
    "head of state": {"President", "King", "Emir"},
    "prime minister": {"Prime Minister"},
    "premier": {"Prime Minister"},
    "minister": {"Foreign Minister", "Interior Minister", "Prime Minister", "Minister"},
    "interior minister": {"Interior Minister"},
    "secretary-general": {"Secretary-General"},
    "secretary general": {"Secretary-General"},
    "chief": {"Secretary-General", "Director-General"},
    "official": set(),  # any person
}

SPEECH_VERBS = frozenset("""
said says say told tells stated states added adds noted notes stressed stresses emphasized
emphasised emphasizes emphasises underlined underlines underscored underscores warned warns
urged urges called calls described describes highlighted highlights explained explains
announced announces declared declares asserted asserts insisted insists argued argues remarked
observed welcomed welcomes expressed expresses reiterated reiterates affirmed affirms
confirmed confirms concluded concludes maintained maintains suggested suggests proposed proposes
praised praises criticized criticised condemned condemns recalled recalls acknowledged admitted
pointed points hailed hails voiced voices
""".split())
PARTICIPLES = frozenset("""
saying adding noting stressing emphasizing emphasising underlining warning urging calling
describing highlighting explaining stating pointing welcoming expressing reiterating
""".split())
# Reported speech: finite verbs whose object clause is a statement.
STATEMENT_VERBS = frozenset("""
said says say told tells stated added adds noted stressed stresses emphasized emphasised
emphasizes emphasises underlined underlines underscored underscores warned warns urged urges
called calls highlighted highlights explained announced declared asserted insisted argued
reiterated reiterates affirmed confirmed maintained suggested proposed recalled
acknowledged pointed encouraged encourages voiced voices expressed expresses restated invited
invites indicated indicates observed remarked assured thanked reaffirmed welcomed welcomes
wrote writes tweeted posted
""".split())
# Participles that continue the subject's speech act: "…, stating that …", "…, urging …"
STATEMENT_PARTICIPLES = frozenset(
    "stating saying adding urging calling expressing thanking welcoming noting stressing "
    "emphasizing emphasising underlining underscoring highlighting warning insisting".split())
# Verbs whose object must be a clause or a call, not a thing: "called for", "pointed out".
VERB_PARTICLES = {"called": {"for", "on", "upon"}, "calls": {"for", "on", "upon"},
                  "calling": {"for", "on", "upon"}, "pointed": {"out"},
                  "pointing": {"out"}, "points": {"out"}}
PRONOUNS = frozenset({"he", "she"})
MONTHS = {m: i for i, m in enumerate(
    ("january february march april may june july august september october november december")
    .split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINAL_WORDS = {w: i for i, w in enumerate(
    ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
     "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth")
    .split(), 1)}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split(), 1)}
# Capitalised words that start sentences or name things but are never people.
NOT_NAMES = frozenset("""
the a an this that these those it its he she his her they their we our i you mr mrs ms dr
on in at of for and but or as by with from to after before during while since under over
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
january february march april may june july august september october november december
meanwhile however also according earlier later last next other another both all some many
ministers minister president officials delegations members member states countries
speaking referring highlighting given following despite beyond issues it's
summit meeting council conference forum session organization organisation secretariat
republic islamic kingdom state government ministry ministries parliament assembly
north south east west central middle asia gulf caucasus europe africa america
observers officials experts analysts delegates diplomats sources participants residents
critics leaders reporters journalists authorities organizers organisers ministers envoys
arab turkic caspian asian african european eurasian pacific islamic gulf atlantic nordic
honourable honorable excellency
committee commission communique declaration charter statement agenda
""".split())
