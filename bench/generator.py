"""A seeded generator of news articles (our own templates and word lists) with the facts it
planted, in the gold schema, so benchmarks and scale tests know the right answers."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

ORGS = [("ECO", "Economic Cooperation Organization"), ("SCO", "Shanghai Cooperation Organisation"),
        ("OTS", "Organization of Turkic States"), ("GCC", "Gulf Cooperation Council"),
        ("CICA", "Conference on Interaction and Confidence-Building Measures in Asia")]
COUNTRIES = [("Iran", "Iranian", "Tehran"), ("Turkey", "Turkish", "Ankara"),
             ("Pakistan", "Pakistani", "Islamabad"), ("Azerbaijan", "Azerbaijani", "Baku"),
             ("Kazakhstan", "Kazakh", "Astana"), ("Kyrgyzstan", "Kyrgyz", "Bishkek"),
             ("Tajikistan", "Tajik", "Dushanbe"), ("Turkmenistan", "Turkmen", "Ashgabat"),
             ("Uzbekistan", "Uzbek", "Tashkent"), ("Afghanistan", "Afghan", "Kabul"),
             ("Oman", "Omani", "Muscat"), ("Qatar", "Qatari", "Doha"),
             ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing")]
BODIES = ["Council of Foreign Ministers", "Interior Ministers", "Transport Ministers",
          "Energy Ministers", "Trade Ministers", "Council of Heads of State"]
ROLES = {"Council of Foreign Ministers": "Foreign Minister", "Interior Ministers":
         "Interior Minister", "Transport Ministers": "Transport Minister", "Energy Ministers":
         "Energy Minister", "Trade Ministers": "Trade Minister",
         "Council of Heads of State": "President"}
SYLLABLES = ["ba", "ra", "zan", "ko", "mi", "dar", "nur", "ali", "jon", "mur", "tel", "san",
             "kar", "im", "ud", "ben", "hal", "sad", "far", "tim", "rus", "bek", "gul", "az"]
SURNAME_ENDINGS = ["ov", "ev", "i", "yan", "zade", "oglu", "bekov", ""]
OUTLETS = ["WANA", "Trend", "Kazinform", "Mehr News Agency", "Tabnak", "AKIpress", "Daily Wire"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FILLER = [
    "Delegates discussed customs procedures, transit corridors and the digital exchange of "
    "cargo documents, which officials described as a practical way to cut waiting times.",
    "Experts presented studies on regional trade, noting that freight volumes had risen over "
    "the past year while infrastructure spending lagged behind.",
    "The agenda also included cooperation in tourism, culture and education, with proposals "
    "for joint university programmes and easier visas for students.",
    "Side events brought together business leaders who signed memoranda on logistics, energy "
    "efficiency and small enterprise finance.",
    "Observers said the session reflected a growing interest in practical projects rather "
    "than declarations, as budgets across the region remain tight.",
    "Working groups will meet again before the end of the year to prepare detailed plans for "
    "the next ministerial session.",
    "Several delegations called for simpler rules of origin, arguing that paperwork still costs "
    "exporters more than tariffs do in many corridors of the region.",
    "A report circulated at the meeting estimated that rail freight between the members could "
    "double within a decade if gauge changes and border checks were streamlined.",
    "Representatives of development banks outlined financing options for roads, power lines and "
    "digital networks, with priority given to projects that link three or more countries.",
    "Officials from landlocked states stressed the importance of reliable access to seaports and "
    "asked for predictable transit fees along the main routes.",
    "The secretariat presented progress on earlier decisions, including a shared database of "
    "trade statistics and a calendar of joint exhibitions for the coming year.",
    "Participants also reviewed cooperation on disaster preparedness, exchanging experience on "
    "early warning systems for floods, earthquakes and sandstorms.",
    "Environmental groups attending as observers urged the ministers to consider water use and "
    "air quality when planning new industrial zones along the corridors.",
    "Chambers of commerce from several capitals announced a network for small exporters, "
    "offering advice on certification, logistics and online sales.",
]
QUOTES = ["our region needs more roads, more railways and more trust between neighbours",
          "no border can be secured by one country acting alone",
          "trade corridors will bring our nations closer together than ever",
          "the time for declarations is over and the time for projects has come",
          "every border we open for trains is a border we open for trade",
          "water is the most precious resource we share and we must manage it fairly"]
CLAUSES = ["cooperation in transport and energy would strengthen the whole region",
           "the secretariat should prepare a plan for joint investment projects",
           "member states had made steady progress on customs harmonisation",
           "young people must benefit from the new trade agreements"]


class _World:
    """People and meetings that recur across articles (so memory has things to merge)."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng = rng
        self.people = []
        for _ in range(max(40, size // 20)):
            country = rng.choice(COUNTRIES)
            first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
            last = ("".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
                    + rng.choice(SURNAME_ENDINGS))
            self.people.append((f"{first} {last}", country))
        self.meetings = []
        for _ in range(max(20, size // 10)):
            org = rng.choice(ORGS)
            body = rng.choice(BODIES)
            host = rng.choice(COUNTRIES)
            self.meetings.append((org, body, rng.randint(2, 40), host))


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _variant(rng: random.Random, surname: str) -> str:
    """A transliteration variant or a typo of a surname (later mentions, other outlets)."""
    swaps = [("kh", "h"), ("ov", "ow"), ("i", "y"), ("zade", "zadeh"), ("j", "zh")]
    rng.shuffle(swaps)
    for a, b in swaps:
        if a in surname:
            return surname.replace(a, b, 1)
    return surname


def article(rng: random.Random, world: _World, number: int) -> tuple[str, str, dict]:
    (acr, full), body, ordinal, host = rng.choice(world.meetings)
    country, _demonym, city = host
    speaker, (s_country, s_demonym, _) = rng.choice(world.people)
    role = ROLES[body]
    members = rng.sample(COUNTRIES[:10], k=rng.randint(4, 10))
    guests = rng.sample(COUNTRIES[10:], k=2)
    outlet = rng.choice(OUTLETS)
    surname = speaker.split()[-1]
    quotes = rng.sample(QUOTES, k=3)
    clause = rng.choice(CLAUSES)
    title = f"{acr} {body} Meet in {city} as {s_demonym} {role} Calls for Closer Ties"
    lines = [
        title,
        f"{outlet} ({rng.choice(MONTHS)} {rng.randint(1, 28)}) – The {_ordinal(ordinal)} Meeting "
        f"of {body} of the {full} ({acr}) opened in {city} on Monday, with delegations from "
        f"{', '.join(c for c, _, _ in members[:-1])} and {members[-1][0]}, along with "
        f"representatives from {guests[0][0]} and {guests[1][0]} as special guests.",
        f"{s_demonym} {role} {speaker} said that {clause}.",
        f"“{quotes[0].capitalize()},” {surname} said at the opening session.",
        *rng.sample(FILLER, k=4),
        f"{surname} also stressed that the {acr} region “{quotes[1]}.”",
        rng.choice(FILLER),
        f"He added: “{quotes[2].capitalize()}.”",
        *rng.sample(FILLER, k=6),
        f"Officials from {country} said the next session would be announced later, "
        f"and {_variant(rng, surname)} was expected to attend.",
        *rng.sample(FILLER, k=rng.randint(5, 9)),
    ]
    text = "\n".join(lines) + "\n"
    gold = {
        "article": f"{number:06d}.txt", "title": title, "members": {},
        "meetings": [{"name": f"{_ordinal(ordinal)} Meeting of {body} of the {full}",
                      "ordinal": ordinal, "body": body, "organization": acr, "city": city,
                      "country": country, "date": None,
                      "participants": [c for c, _, _ in members],
                      "guests": [g for g, _, _ in guests]}],
        "people": [{"name": speaker, "role": role, "country": s_country}],
        "quotes": [{"speaker": speaker, "text": quotes[0].capitalize()},
                   {"speaker": speaker, "text": quotes[1]},
                   {"speaker": speaker, "text": quotes[2].capitalize() + "."}],
        "statements": [{"speaker": speaker, "gist": clause},
                       {"speaker": speaker, "gist": f"the {acr} region {quotes[1]}"}],
    }
    return gold["article"], text, gold


def generate(n: int, seed: int = 0) -> Iterator[tuple[str, str, dict]]:
    """`n` articles (file name, text, planted facts), streamed: memory stays flat."""
    rng = random.Random(seed)
    world = _World(rng, n)
    for number in range(n):
        yield article(rng, world, number)


def write_corpus(out: Path, n: int, seed: int = 0) -> Path:
    (out / "articles").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    for name, text, gold in generate(n, seed):
        (out / "articles" / name).write_text(text, encoding="utf-8")
        (out / "gold" / name.replace(".txt", ".json")).write_text(json.dumps(gold),
                                                                   encoding="utf-8")
    return out
