"""Generate a synthetic news archive for benchmarks.

    python -m bench.make_corpus N DIR [--seed S] [--bad K] [--clean]

Writes N article files into DIR/_news/ (one flat folder, `YYYY-MM-DD-slug.md`, like the real
archive), plus K broken files with --bad. Every article is YAML front matter between `---`
lines, in the field order of the reference article, with the field mix of the real archive
and the bundled seeds: optional amp URLs, quality, heat (sometimes -1), published flags,
provider logos, images, related stories (some pointing at other generated articles), and
stories told again by other outlets in other words.

All text is invented from the vocabulary below. The output depends only on N, the seed and
K: the same arguments give byte-identical files (random.Random(seed), no clock, no hashing
of str objects). Text is built with f-strings, not yaml.dump, so 100,000 files take seconds.
"""

from __future__ import annotations

import argparse
import base64
import functools
import os
import random
import re
import sys
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

# Written beside _news/: a corpus made by another version of this generator is made again
# (bench/run.py and bench/stories_bench.py reuse a corpus only when it says this).
GENERATOR = "make_corpus 2 (stories told again, long-tail names)"
MARKER = ".bench-corpus"

# -- rates (fractions of articles) ------------------------------------------------------------

P_AMP = 0.25  # ampWebUrl (+ cdnAmpWebUrl on most of those)
P_CDN_AMP = 0.85  # of the amp ones
P_NO_ORIGINAL = 0.02  # originalUrl missing (a few seeds have only webUrl)
P_ORIGINAL_DIFFERS = 0.12  # originalUrl carries feed tracking parameters
P_UNQUOTED_URLS = 0.10
P_QUALITY = 0.60
P_HEAT = 0.50
P_HEAT_MINUS_ONE = 0.03
P_PUBLISHED_FALSE = 0.03
P_PUBLISHED_TRUE = 0.30
P_PROVIDER_IMAGES = 0.30
P_IMAGES = 0.75
# The seeds have related stories on ~35% of articles, but at that rate the mean file is only
# ~2.1 KB; the real archive averages ~3.2 KB, which takes related lists on ~85% of articles.
# Benchmarks care about bytes parsed, so the default follows the archive (--related-rate 0.35
# gives the seeds' mix).
P_RELATED = 0.85
RELATED_COUNT_WEIGHTS = (10, 20, 30, 40)  # 1, 2, 3, 4 items
P_RELATED_LINKED = 0.20  # of related items: the exact title/URL of another generated article
P_RELATED_QUALITY = 0.85
P_RELATED_IMAGES = 0.70
P_AI_TOPIC = 0.85
P_EMOJI = 0.012
P_ELLIPSIS = 0.25  # excerpt cut off with " ..." like feed snippets
# Another outlet's telling of a story published up to two days before (a story across
# outlets, what reader/stories.py groups): the title reworded, the excerpt cut and credited.
P_RETOLD = 0.06
P_BLANK_LINE_AFTER_END = 0.6  # the real archive ends files with "---\n\n", the seeds with "---\n"

# language mix (the rest is English)
LANGS = (("en", 0.90), ("zh", 0.03), ("ko", 0.015), ("ja", 0.015), ("de", 0.015), ("fr", 0.015),
         ("es", 0.01))  # fmt: skip

START = datetime(2021, 6, 1, tzinfo=timezone.utc)
SPAN_MINUTES = 5 * 365 * 24 * 60  # publishedDateTime spread over ~5 years from START


# -- vocabulary (all invented) ----------------------------------------------------------------


def _split(text: str) -> tuple[str, ...]:
    """'a|b c|d' -> ('a', 'b c', 'd'); keeps the word lists below compact."""
    return tuple(text.split("|"))


_SYLLABLES = _split(
    "ar|ven|qui|lon|tes|sa|vor|dal|mer|ix|or|bel|cor|nex|tal|zen|ryn|lum|ost|pra|kel|dor|vio|sen|"
    "tra|mo|quel|fa|rix|hal|cy|ne|tor|vas|li|gan|do|ber|wyn|cas|pel|ru|thi|an|sol|mar"
)
_HANDMADE_ROOTS = _split(
    "Arvenna|Brightwell|Caldera|Corvane|Daxlow|Eberline|Fennick|Gallory|Halvane|Ilverra|Kestrane|"
    "Lumora|Nexalia|Orvane|Pellucid|Quarrix|Rendra|Solvane|Tallis|Vantix|Zephyrine|Oakbridge|"
    "Larkspur|Bluefen|Ironvale|Copperleaf|Stillwater|Redmarsh|Ashgrove|Thistlecone"
)
_COMPANY_SUFFIXES = _split(
    "||||"  # four times no suffix
    " Labs| Systems| AI| Robotics| Motors| Compute| Health| Therapeutics| Semiconductor|"
    " Dynamics| Cloud| Bank| Logistics| Analytics| Vision| Energy"
)
_ACCENTED_COMPANIES = _split(
    "Écluse Robotique|Lumière Calcul|Ñandú Datos|Cóndor Analítica|Björnfält AI|Kühlwerk|"
    "Søndervik Systems|Müller-Arvé Robotics|Città Nuova Compute|Łąkowa Vision|Þórsdal Energy|"
    "Zoë Health"
)
_PRODUCT_ROOTS = _split(
    "Kestrel|Osprey|Harrier|Lumen|Marlin|Atlasfin|Corvid|Tern|Basalt|Quill|Ember|Cinder|Vesper|"
    "Halo|Orrery|Sable|Wren|Juniper|Fathom|Ridgeline|Tessera|Nimbus|Cobalt|Lodestar|Sextant"
)
_MODELS = _split("T9|Q-4|X2|Pro|Max|v3|2.5|Nano|7B|70B|Ultra|Edge|S1|R2|Mini|3|XL|Lite")
_VERBS = _split(
    "Unveils|Launches|Debuts|Ships|Introduces|Open-Sources|Previews|Upgrades|Rolls Out|Expands"
)
_THINGS = _split(
    "Inference Accelerator|Open-Weight Model|Robotaxi Service|Fraud-Detection Platform|"
    "Warehouse Robot|Speech Model|Chip Design Unit|Clinical Triage Tool|Self-Driving Truck|"
    "Vector Database|Edge AI Camera|Coding Assistant|Weather Model|Drug-Discovery Platform|"
    "Translation Engine|Humanoid Robot|Data-Center Campus|Recommendation Engine|Delivery Drone|"
    "Medical Imaging Model|Credit-Scoring Model|Agent Framework|Lidar Sensor|"
    "Synthetic Data Service"
)
_METRICS = _split(
    "Tokens per Watt|Throughput|Accuracy|Latency|Inference Speed|Battery Life|Range|"
    "Memory Bandwidth|Training Cost|Energy Efficiency"
)
_SECTORS = _split(
    "Healthcare|Banking|Logistics|Retail|Agriculture|Insurance|Manufacturing|Education|Shipping|"
    "Public Transit|Energy|Newsrooms"
)
_PLACES = _split(
    "Phoenix|Austin|Pittsburgh|Singapore|Shenzhen|Munich|Toulouse|São Paulo|Montréal|Zürich|"
    "Malmö|Kraków|Reykjavík|Bogotá|Seoul|Osaka|Bengaluru|Nairobi|Lagos|Tel Aviv|Dublin|Helsinki|"
    "Querétaro|Düsseldorf|Göteborg|Tromsø"
)
_INCIDENTS = _split(
    "Two Low-Speed Collisions|a Data Leak|a Software Glitch|Safety Complaints|"
    "a Regulator's Warning|a Power Outage|a Failed Audit|Customer Backlash"
)
_CUSTOMERS = _split(
    "Cloud Design Win|Hospital Contract|Automaker Deal|Government Contract|Bank Customer|"
    "Airline Partner"
)
_REASONS = _split(
    "Supply Shortages|Export Rules|Memory Prices|Safety Testing|a Packaging Bottleneck|"
    "Regulatory Review"
)
_QUOTES = _split(
    "a one-time reset, not a trend|I don't know|good enough is not enough|"
    "the boring part is the hard part|we were wrong about scale|not a product, a platform|"
    "the end of the GPU tax|safety first, then speed"
)
_FIRST = _split(
    "Marisol|Tomás|Søren|Zoë|José|François|Kwabena|Ingrid|Priya|Dana|Haruto|Mei|Olusegun|Anaïs|"
    "Björn|Lucía|Ravi|Chiara|Emeka|Yuki|Noor|Mateus|Élodie|Kenji"
)
_LAST = _split(
    "Quenneville|Ibarra-Lund|Vikhagen|Achterberg|Núñez|Delacroix-Boh|Oduya|Whitcombe|Raghunathan|"
    "Castellano|Ferreira|Okonkwo|Lindqvist|Moreau|Tanabe|Halvorsen-Ruiz|Dürrenmatt|Pałka|Venter|"
    "O'Rourke"
)
_TEAMS = _split(
    "applied research|the robotics group|product|chip design|safety|the autonomy program|"
    "cloud infrastructure|clinical AI"
)
_WEEKDAYS = _split("Monday|Tuesday|Wednesday|Thursday|Friday")
_MONTHS = _split(
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_BENCHMARKS = _split(
    "graduate-level reasoning benchmarks|standard coding tests|multilingual translation suites|"
    "long-context retrieval tasks|medical licensing exam questions|driving simulation scenarios"
)
_WIRES = _split("The Newswire Desk|PressLoop|Market Signal Wire|GlobeRelease")
_EMOJI = _split("🚀|🤖|⚡|📈|🔥|🧠|🚗|💡")

# (text, slug words) for the CJK articles, whose file names and URLs are romanised
_ZH_COMPANIES = (("星澜科技", "xinglan"), ("云衡智能", "yunheng"), ("芯岳半导体", "xinyue"),
                 ("鹭汀智驾", "luting"), ("墨衡数据", "moheng"), ("青屿医疗", "qingyu"),
                 ("曜石算力", "yaoshi"), ("苇渡机器人", "weidu"))  # fmt: skip
_ZH_THINGS = (("推理加速卡", "inference-card"), ("大语言模型", "language-model"),
              ("自动驾驶出租车", "robotaxi"), ("工业机器人", "industrial-robot"),
              ("视觉检测系统", "vision-inspection"), ("语音助手", "voice-assistant"))  # fmt: skip
_ZH_PLACES = _split("浦东新区|深圳南山区|杭州滨江区|苏州工业园区|北京亦庄")
_KO_COMPANIES = (("한결반도체", "hangyeol"), ("누리로보틱스", "nuri-robotics"),
                 ("다온AI", "daon-ai"), ("새벽모빌리티", "saebyeok-mobility"),
                 ("하람데이터", "haram-data"))  # fmt: skip
_KO_THINGS = (("HBM 메모리", "hbm"), ("AI 반도체", "ai-chip"), ("자율주행 셔틀", "shuttle"),
              ("물류 로봇", "logistics-robot"), ("음성인식 엔진", "speech-engine"))  # fmt: skip
_KO_PLACES = _split("평택|판교|대전|구미|송도")
_JA_COMPANIES = (("北斗精機", "hokuto-seiki"), ("朝凪ロボティクス", "asanagi-robotics"),
                 ("蒼穹テクノロジーズ", "sokyu-tech"), ("白鷺AI", "shirasagi-ai"))  # fmt: skip
_JA_THINGS = (("生成AIチップ", "genai-chip"), ("配送ロボット", "delivery-robot"),
              ("自動運転バス", "autonomous-bus"), ("画像認識カメラ", "vision-camera"))  # fmt: skip
_JA_PLACES = _split("福岡|札幌|横浜|名古屋|仙台")
_DE_COMPANIES = _split("Greifhaus Robotik|Lichtkamm|Nordfels Systeme|Kühlwerk|Wendelstahl")
_FR_COMPANIES = _split("Écluse Robotique|Lumière Calcul|Société Vérane|Brise-Lames IA")
_ES_COMPANIES = _split("Ñandú Datos|Cóndor Analítica|Ceiba Robótica|Alcázar Cómputo")

# (name, domain) outlets for the non-English articles
_INTL_OUTLETS = {
    "zh": (("东海科技报", "donghaikeji.cn"), ("深蓝财经", "shenlancaijing.cn"),
           ("云岭数码周刊", "yunlingshuma.cn")),
    "ko": (("새솔IT뉴스", "saesolitnews.kr"), ("한누리경제", "hannurieconomy.kr")),
    "ja": (("テック潮流", "techchoryu.jp"), ("日刊ロボ通信", "robotsushin.jp")),
    "de": (("Rechenblatt Magazin", "rechenblatt.de"), ("Die Schaltzentrale", "schaltzentrale.de")),
    "fr": (("Le Réseau Numérique", "reseau-numerique.fr"),
           ("Horizon Télécom", "horizon-telecom.fr")),
    "es": (("Código Abierto Diario", "codigoabiertodiario.es"), ("El Vatio", "elvatio.es")),
}  # fmt: skip
_OUTLET_CORES = _split(
    "Circuit|Gradient|Northwind|Bayline|Wafer|Token|Servo|Ledgerline|Harbor|Copper|Lattice|"
    "Tensor|Vector|Kernel|Pixel|Cobalt|Meridian|Summit|Granite|Cedar|Prairie|Tidewater|Redwood|"
    "Foundry|Relay|Beacon|Compass|Switchyard|Lantern|Quarry|Orchard|Keystone|Riverbend|Ironwood|"
    "Skyline|Fieldnote|Datapoint|Backplane|Clockwork|Torque|Axon|Neuron|Motorline|Bench|Patchbay"
)
_OUTLET_SUFFIXES = _split(
    "Ledger|Wire|Herald|Journal|Daily|Weekly|Review|Post|Times|Report|Dispatch|Signal|Brief|"
    "Gazette|Observer|Tribune|Insider|Monitor|Chronicle|Digest|Notes|Bulletin"
)
_TLDS = ("com",) * 12 + ("io", "net", "org", "news", "co.uk", "blog", "tech", "ai")
_SECTIONS = _split(
    "news|tech|business|autonomy|ai|science|markets|health|chips|robotics|policy|analysis"
)
# ~40 topics; "AI" itself is added separately to most articles
_TOPIC_WEIGHTS = (
    ("Machine Learning", 24), ("Computer Vision", 18), ("Natural Language Processing", 15),
    ("AI in Autos", 11), ("AI Hardware", 9), ("Chips", 9), ("AI Ethics", 8),
    ("AI in Healthcare", 7), ("AI in Finance", 6), ("Robotics", 6), ("AI in Robotics", 5),
    ("Deep Learning", 5), ("Generative AI", 5), ("AI Policy", 4), ("AI in Marketing", 3),
    ("AI in Security", 3), ("Reinforcement Learning", 3), ("Speech Recognition", 3),
    ("Edge AI", 3), ("AI Research", 3), ("Cloud AI", 3), ("Data Science", 2),
    ("AI in Retail", 2), ("AI in Education", 2), ("AI Startups", 2), ("Open Source AI", 2),
    ("AI in Manufacturing", 2), ("AI in Energy", 2), ("Drones", 1), ("AI in Agriculture", 1),
    ("AI in Logistics", 1), ("Quantum Computing", 1), ("AI Safety", 1), ("Knowledge Graphs", 1),
    ("Recommender Systems", 1), ("AI in Gaming", 1), ("Biometrics", 1), ("AI in Legal", 1),
    ("Synthetic Media", 1),
)  # fmt: skip
# fmt: off
_IMAGE_SIZES = ((1200, 630), (1200, 675), (1200, 800), (1024, 683), (960, 540), (1920, 1080),
                (800, 600), (640, 360), (700, 394), (1600, 900), (1280, 720), (991, 557))
# fmt: on

_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def _slugify(text: str, limit: int = 90) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _SLUG_JUNK.sub("-", ascii_text.lower().replace("'", "")).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "article"


def _plural(thing: str) -> str:
    return f"{thing}es" if thing.endswith("s") else f"{thing}s"


def _poss(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (the vocabulary has no control characters)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class Vocab:
    companies: tuple[str, ...]
    products: tuple[str, ...]
    outlets: tuple[tuple[str, str], ...]
    english_outlets: tuple[tuple[str, str], ...]
    topics: tuple[str, ...]
    topic_cum: tuple[int, ...]


def _build_vocab() -> Vocab:
    """The same pools for every seed (a fixed private generator)."""
    rng = random.Random(20210610)
    roots = set(_HANDMADE_ROOTS)
    while len(roots) < 140:
        parts = rng.sample(_SYLLABLES, rng.choice((2, 2, 3)))
        roots.add("".join(parts).capitalize())
    companies = sorted({root + rng.choice(_COMPANY_SUFFIXES) for root in sorted(roots)})
    companies += _ACCENTED_COMPANIES
    products = tuple(
        f"{rng.choice(_PRODUCT_ROOTS)} {rng.choice(_MODELS)}"
        if rng.random() < 0.6
        else f"{rng.choice(_PRODUCT_ROOTS)}-{rng.choice(_MODELS)}"
        for _ in range(120)
    )
    names: dict[str, str] = {}
    while len(names) < 288:
        core = rng.choice(_OUTLET_CORES)
        suffix = rng.choice(_OUTLET_SUFFIXES)
        name = f"The {core} {suffix}" if rng.random() < 0.4 else f"{core} {suffix}"
        if rng.random() < 0.08:
            name = f"{core} & {rng.choice(_OUTLET_CORES)}"
        if name not in names:
            names[name] = f"{_slugify(name, 40).replace('-', '')}.{rng.choice(_TLDS)}"
    english = tuple(names.items())
    outlets = english + tuple(o for group in _INTL_OUTLETS.values() for o in group)
    topics = tuple(name for name, _ in _TOPIC_WEIGHTS)
    cum, total = [], 0
    for _, weight in _TOPIC_WEIGHTS:
        total += weight
        cum.append(total)
    return Vocab(tuple(companies), products, outlets, english, topics, tuple(cum))


_VOCAB: Vocab | None = None


def vocab() -> Vocab:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = _build_vocab()
    return _VOCAB


# -- headlines and excerpts -------------------------------------------------------------------


SENTENCES = 14  # sentence templates in _Writer.english_sentence


class _Writer:
    """Headline/excerpt builder around one random.Random."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng
        self.v = vocab()

    def money(self) -> str:
        r = self.r
        if r.random() < 0.5:
            return f"${r.randint(5, 950)} Million"
        return f"${r.randint(1, 19)}.{r.randint(1, 9)} Billion"

    def person(self) -> str:
        return f"{self.r.choice(_FIRST)} {self.r.choice(_LAST)}"

    def english_title(self, year: int) -> str:
        r, v = self.r, self.v
        co, co2 = r.choice(v.companies), r.choice(v.companies)
        product, thing = r.choice(v.products), r.choice(_THINGS)
        k = r.randrange(24)
        if k == 0:
            return (
                f"{co} {r.choice(_VERBS)} {product}, Claims {r.randint(2, 9)}x "
                f"{r.choice(_METRICS)} Over Its Predecessor"
            )
        if k == 1:
            return (
                f"{co} Raises {self.money()} to Build {_plural(thing)}, Valuing the Company at "
                f"${r.randint(2, 40)} Billion"
            )
        if k == 2:
            return f"{co} and {co2} Partner on {thing} for {r.choice(_SECTORS)}"
        if k == 3:
            return f"{co} Pauses {thing} in {r.choice(_PLACES)} After {r.choice(_INCIDENTS)}"
        if k == 4:
            return f"{_poss(co)} {product} Wins Its First {r.choice(_CUSTOMERS)}"
        if k == 5:
            return (
                f"Why {r.choice(_METRICS).lower()} became the metric that matters for "
                f"{_plural(thing).lower()}"
            )
        if k == 6:
            return (
                f"Hands-on: {product} is the first {thing.lower()} I'd actually use for "
                f"{r.choice(_SECTORS).lower()}"
            )
        if k == 7:
            return f'{co} CEO {self.person()} Calls {thing} Push "{r.choice(_QUOTES).title()}"'
        if k == 8:
            return (
                f"{thing} Market {year}: Growth Analysis, Share, Demand by Regions and "
                f"Forecast to {year + r.randint(4, 9)}"
            )
        if k == 9:
            return f"{co} Cuts {r.randint(2, 40) * 50} Jobs as It Shifts Focus to {_plural(thing)}"
        if k == 10:
            return f"Regulators in {r.choice(_PLACES)} Open Inquiry Into {_poss(co)} {thing}"
        if k == 11:
            return f"{co} Acquires {co2} for {self.money()} in Push Into {r.choice(_SECTORS)}"
        if k == 12:
            return (
                f"Study: {_plural(thing)} can be fooled by {_plural(r.choice(_THINGS)).lower()}, "
                f"researchers warn"
            )
        if k == 13:
            return (
                f"{r.randint(3, 12)} Ways {r.choice(_SECTORS)} Teams Are Using "
                f"{_plural(thing)} in {year}"
            )
        if k == 14:
            return f"{co} Open-Sources {product}: What Developers Need to Know"
        if k == 15:
            return f"Inside {_poss(co)} Bet on {_plural(thing)} — and Why Rivals Are Worried"
        if k == 16:
            return (
                f"{co} Delays {product} Launch to Q{r.randint(1, 4)} {year + 1}, "
                f"Citing {r.choice(_REASONS)}"
            )
        if k == 17:
            return (
                f"{r.choice(_PLACES)} Startup {co} Says {product} Cuts "
                f"{r.choice(_METRICS)} Costs by {r.randint(10, 80)}%"
            )
        if k == 18:
            return f"{co} to develop {_plural(thing).lower()} with {co2}"
        if k == 19:
            return f'Researchers teach {_plural(thing).lower()} to say "{r.choice(_QUOTES)}"'
        if k == 20:
            return (
                f"{co} wins {self.money().lower()} contract to supply "
                f"{_plural(thing).lower()} to {r.choice(_SECTORS).lower()} operators"
            )
        if k == 21:
            return f"What {_poss(co)} {product} Means for {r.choice(_SECTORS)}"
        if k == 22:
            return (
                f"{co} Begins Testing {thing} in {r.choice(_PLACES)} With {r.randint(5, 400)} Units"
            )
        return f"{co} Reports Record Quarter as {thing} Demand Surges {r.randint(10, 300)}%"

    def english_sentence(self, year: int, k: int) -> str:
        """Sentence template k (0..SENTENCES-1), filled in."""
        r, v = self.r, self.v
        co, co2 = r.choice(v.companies), r.choice(v.companies)
        product, thing = r.choice(v.products), r.choice(_THINGS).lower()
        if k == 0:
            return (
                f"{co} said on {r.choice(_WEEKDAYS)} that {product} will ship to "
                f"{r.choice(_SECTORS).lower()} customers starting in {r.choice(_MONTHS)}."
            )
        if k == 1:
            return (
                f"The {r.randint(2, 400)}-billion-parameter model lands within "
                f"{r.randint(1, 9)} points of leading systems on {r.choice(_BENCHMARKS)}, "
                f"according to {_poss(co)} technical report."
            )
        if k == 2:
            return (
                f"CEO {self.person()} told analysts that volume shipments of the {thing} "
                f"will begin in the {r.choice(('first', 'second', 'third', 'fourth'))} "
                f"quarter of {year + 1}."
            )
        if k == 3:
            return (
                f"{self.person()}, who leads {r.choice(_TEAMS)} at {co}, called the result "
                f"“{r.choice(_QUOTES)}.”"
            )
        if k == 4:
            return f'The company described the {thing} as "{r.choice(_QUOTES)}" in a statement.'
        if k == 5:
            return (
                f"Analysts at {co2} say demand for the {thing} could reach "
                f"{self.money().lower()} by {year + r.randint(2, 6)}."
            )
        if k == 6:
            return (
                f"{r.choice(_MONTHS)[:3]} {r.randint(1, 28):02d}, {year} "
                f"({r.choice(_WIRES)}) -- Global “{thing.title()} Market” report covers "
                f"the current state of the market by type, application and region."
            )
        if k == 7:
            return (
                f"Shares of {co} rose {r.randint(2, 18)}% in early trading after the announcement."
            )
        if k == 8:
            return (
                f"The {thing} will operate in {r.choice(_PLACES)} first, with "
                f"{r.randint(10, 500)} units in service by the end of {year}."
            )
        if k == 9:
            return f"Terms of the deal with {co2} were not disclosed."
        if k == 10:
            return (
                f"{co} priced the {product} about {r.randint(10, 45)}% below comparable "
                f"offerings, and said it won't charge for the first {r.randint(2, 12)} "
                f"months."
            )
        if k == 11:
            return (
                f"Engineers trained the system on {r.randint(2, 900)} million examples "
                f"collected across {r.randint(3, 40)} sites in {r.choice(_PLACES)} and "
                f"{r.choice(_PLACES)}."
            )
        if k == 12:
            return (
                f"Critics, including {self.person()}, say the {thing} still fails on "
                f"rare cases the company's tests don't cover."
            )
        return (
            f"No injuries were reported, and {co} said it is reviewing how the {thing} "
            f"handled the incident."
        )

    def english_excerpt(self, year: int) -> str:
        kinds = self.r.sample(range(SENTENCES), self.r.choice((1, 2, 2, 3, 3)))
        text = " ".join(self.english_sentence(year, k) for k in kinds)
        if self.r.random() < P_ELLIPSIS and len(text) > 120:
            cut = self.r.randint(100, len(text) - 10)
            text = text[:cut].rsplit(" ", 1)[0] + " ..."
        return text

    def foreign(self, lang: str, year: int) -> tuple[str, str, str]:
        """(title, excerpt, slug) for a non-English article."""
        r = self.r
        n = r.randint(2, 90)
        if lang == "zh":
            (co, co_s), (thing, thing_s) = r.choice(_ZH_COMPANIES), r.choice(_ZH_THINGS)
            place = r.choice(_ZH_PLACES)
            title = r.choice(
                (
                    f"{co}发布新一代{thing}，称能效提升{n}%",
                    f"{co}获{place}测试牌照，首批{n}辆车上路",
                    f"{co}完成{r.randint(1, 30)}亿元融资，加码{thing}研发",
                )
            )
            excerpt = (
                f"{co}{r.randint(1, 28)}日宣布，其{thing}已在{r.randint(2, 9)}家企业"
                f"完成小规模部署。公司称该产品将于{year + 1}年在{place}量产，"
                f"并计划扩大研发团队。"
            )
            return title, excerpt, f"{co_s}-{thing_s}"
        if lang == "ko":
            (co, co_s), (thing, thing_s) = r.choice(_KO_COMPANIES), r.choice(_KO_THINGS)
            place = r.choice(_KO_PLACES)
            title = r.choice(
                (
                    f"{co}, 차세대 {thing} 양산 돌입…수요 대응",
                    f"{co}, {place}에 {r.randint(1, 30)}조원 투자…{thing} 전용 라인 신설",
                )
            )
            excerpt = (
                f"{co}가 {place} 신공장에서 {thing} 생산을 시작했다고 "
                f"{r.randint(1, 28)}일 밝혔다. 회사는 {year + 1}년까지 생산량을 "
                f"{r.randint(2, 4)}배로 늘릴 계획이다."
            )
            return title, excerpt, f"{co_s}-{thing_s}"
        if lang == "ja":
            (co, co_s), (thing, thing_s) = r.choice(_JA_COMPANIES), r.choice(_JA_THINGS)
            place = r.choice(_JA_PLACES)
            title = r.choice(
                (
                    f"{co}、{thing}を発表　性能は従来比{r.randint(2, 9)}倍",
                    f"{co}が{place}で{thing}の実証実験を開始",
                )
            )
            excerpt = (
                f"{co}は{r.randint(1, 28)}日、{thing}を{year + 1}年春に発売すると"
                f"発表した。価格は未定で、まず{place}の{r.randint(2, 20)}社に提供する。"
            )
            return title, excerpt, f"{co_s}-{thing_s}"
        co2 = r.choice(self.v.companies)
        if lang == "de":
            co = r.choice(_DE_COMPANIES)
            title = r.choice(
                (
                    f"{co} übernimmt {co2}: KI-Sparte wächst um {n} Prozent",
                    f"{co} stellt neuen KI-Chip für Fahrzeuge vor",
                    f"Künstliche Intelligenz: {co} testet autonome Shuttles in {r.choice(_PLACES)}",
                )
            )
            excerpt = (
                f"Das Unternehmen aus {r.choice(_PLACES)} will bis {year + 2} rund "
                f"{n} Millionen Euro investieren. „Wir stehen erst am Anfang“, sagte "
                f"{self.person()}."
            )
        elif lang == "fr":
            co = r.choice(_FR_COMPANIES)
            title = r.choice(
                (
                    f"{co} dévoile un modèle d'IA « souverain » pour les hôpitaux",
                    f"Intelligence artificielle : {co} lève {n} millions d'euros",
                    f"{co} et {co2} s'associent pour des robots d'entrepôt",
                )
            )
            excerpt = (
                f"La société, fondée à {r.choice(_PLACES)}, prévoit de doubler ses "
                f"effectifs d'ici {year + 2}. « C'est une étape décisive », a déclaré "
                f"{self.person()}."
            )
        else:
            co = r.choice(_ES_COMPANIES)
            title = r.choice(
                (
                    f"{co} lanza un sistema de detección de fraudes en {r.choice(_PLACES)}",
                    f"{co} recauda {n} millones de dólares para su robot agrícola",
                )
            )
            excerpt = (
                f"La compañía espera que el sistema esté disponible en {year + 1}. "
                f"“Es un paso enorme para la región”, dijo {self.person()}."
            )
        return title, excerpt, _slugify(title)


# -- articles ---------------------------------------------------------------------------------


@dataclass
class Core:
    """What other articles need to point at this one (pass 1)."""

    lang: str
    minute: int  # since START
    date: str  # 2021-06-10T18:29:00Z
    title: str
    excerpt: str
    outlet: tuple[str, str]
    web_url: str
    filename: str


@dataclass
class Stats:
    articles: int
    bad: int
    article_bytes: int
    total_bytes: int
    seconds: float

    @property
    def mean_article_bytes(self) -> float:
        return self.article_bytes / self.articles if self.articles else 0.0

    def summary(self, folder: Path) -> str:
        return (
            f"wrote {self.articles + self.bad:,} files ({self.articles:,} articles + "
            f"{self.bad:,} bad) to {folder}: {self.total_bytes / 1e6:.1f} MB, "
            f"mean article {self.mean_article_bytes / 1024:.2f} KB "
            f"({self.mean_article_bytes:,.0f} B), {self.seconds:.2f} s"
        )


def _pick_lang(r: random.Random) -> str:
    x = r.random()
    for lang, p in LANGS:
        if x < p:
            return lang
        x -= p
    return "en"


def _when(r: random.Random) -> int:
    """A time as whole minutes since START (cheap to shift and format)."""
    return r.randrange(SPAN_MINUTES)


@functools.lru_cache(maxsize=8192)
def _day(day: int) -> str:
    return f"{START + timedelta(days=day):%Y-%m-%d}"


def _stamp(minute: int) -> str:
    """2021-06-10T18:29:00Z"""
    hours, minutes = divmod(minute % 1440, 60)
    return f"{_day(minute // 1440)}T{hours:02d}:{minutes:02d}:00Z"


def _article_url(r: random.Random, domain: str, date: str, slug: str) -> str:
    """A URL in one of the common shapes; `date` is a _stamp()."""
    yyyy, mm, dd = date[:4], date[5:7], date[8:10]
    host = f"www.{domain}" if r.random() < 0.4 else domain
    k = r.randrange(6)
    if k == 0:
        return f"https://{host}/{yyyy}/{mm}/{dd}/{slug}/"
    if k == 1:
        return f"https://{host}/news/{slug}"
    if k == 2:
        return f"https://{host}/{r.choice(_SECTIONS)}/{slug}-{r.randint(100000, 9999999)}"
    if k == 3:
        return f"https://{host}/{r.choice(_SECTIONS)}/{yyyy}/{mm}/{slug}.html"
    if k == 4:
        return f"https://{host}/news/articleView.html?idxno={r.randint(10000, 999999)}"
    return f"https://{host}/{r.choice(_SECTIONS)}/{slug}?src=feed&id={r.randint(1000, 99999)}"


def _unique(url: str, seen: set[str]) -> str:
    if url in seen:
        n = 2
        sep = "&" if "?" in url else "?"
        while f"{url}{sep}v={n}" in seen:
            n += 1
        url = f"{url}{sep}v={n}"
    seen.add(url)
    return url


_RETOLD_PREFIXES = ("Report:", "Exclusive:", "Update:", "Analysis:", "Watch:", "Confirmed:")
_RETOLD_SUFFIXES = (", sources say", " - what we know", ", filing shows", " (update)", ", report")


@functools.lru_cache(maxsize=1)
def _long_tail() -> tuple[str, ...]:
    """Invented place and person names, the long tail of a real vocabulary: a few are
    common, most are used by an article or two (what story grouping's candidates rest on)."""
    rng = random.Random(19_491_001)
    words: set[str] = set()
    while len(words) < 60_000:
        words.add("".join(rng.sample(_SYLLABLES, rng.choice((2, 3, 3, 4)))).capitalize())
    return tuple(sorted(words))


def _tail_words(teller: random.Random) -> list[str]:
    """Zipf-like picks from _long_tail: the first 1% of it gets a fifth of the picks."""
    tail = _long_tail()
    count = teller.choice((2, 3, 4, 5, 6))
    return [tail[int(len(tail) * teller.random() ** 3)] for _ in range(count)]


def _retell(teller: random.Random, title: str, excerpt: str) -> tuple[str, str]:
    """Another outlet's words for the same story: a title with a word left out or two
    swapped and a prefix or suffix of its own; the excerpt cut short and credited."""
    words = title.split()
    if len(words) > 5:
        del words[teller.randrange(1, len(words))]
    if len(words) > 3 and teller.random() < 0.5:
        at = teller.randrange(1, len(words) - 1)
        words[at], words[at + 1] = words[at + 1], words[at]
    reworded = " ".join(words)
    if teller.random() < 0.5:
        reworded = f"{teller.choice(_RETOLD_PREFIXES)} {reworded}"
    else:
        reworded += teller.choice(_RETOLD_SUFFIXES)
    kept = excerpt.split()
    cut = " ".join(kept[: max(8, int(len(kept) * teller.uniform(0.5, 0.9)))])
    return reworded, f"{cut} ... ({teller.choice(_WIRES)})"


def _cores(r: random.Random, n: int, teller: random.Random | None = None) -> list[Core]:
    """The articles' titles, times and URLs. `teller` picks which are retold stories (a
    generator of its own, so every other field is the same with or without them)."""
    w = _Writer(r)
    english: list[Core] = []  # the last English articles, to retell
    english_outlets = vocab().english_outlets
    seen_urls: set[str] = set()
    seen_names: set[str] = set()
    cores = []
    for _ in range(n):
        lang = _pick_lang(r)
        minute = _when(r)
        date = _stamp(minute)
        year = int(date[:4])
        if lang == "en":
            title = w.english_title(year)
            if r.random() < P_EMOJI:
                title = f"{title} {r.choice(_EMOJI)}"
            excerpt = w.english_excerpt(year)
            outlet = r.choice(english_outlets)
            if teller is not None and english and teller.random() < P_RETOLD:
                told = teller.choice(english)
                minute = told.minute + teller.randint(0, 2 * 1440)
                date = _stamp(minute)
                title, excerpt = _retell(teller, told.title, told.excerpt)
            elif teller is not None and (tail := _tail_words(teller)):
                excerpt = f"{', '.join(tail)}: {excerpt}"
                if teller.random() < 0.5:
                    title = f"{title} in {tail[0]}"
            slug = _slugify(title)
        else:
            title, excerpt, slug = w.foreign(lang, year)
            outlet = r.choice(_INTL_OUTLETS[lang])
        if r.random() < P_EMOJI:
            excerpt = f"{excerpt} {r.choice(_EMOJI)}"
        url = _unique(_article_url(r, outlet[1], date, slug), seen_urls)
        name = f"{date[:10]}-{slug}"
        if name in seen_names:
            k = 2
            while f"{name}-{k}" in seen_names:
                k += 1
            name = f"{name}-{k}"
        seen_names.add(name)
        cores.append(Core(lang, minute, date, title, excerpt, outlet, url, name + ".md"))
        if lang == "en":
            english.append(cores[-1])
            if len(english) > 400:
                del english[:200]
    return cores


def _image(r: random.Random, domain: str, date: str, slug: str, indent: str) -> str:
    w, h = r.choice(_IMAGE_SIZES)
    yyyy, mm = date[:4], date[5:7]
    stem = slug[: r.randint(12, 48)].strip("-") or "image"
    k = r.randrange(5)
    if k == 0:
        url = f"https://{domain}/wp-content/uploads/{yyyy}/{mm}/{stem}-{w}x{h}.jpg"
    elif k == 1:
        url = f"https://cdn.{domain}/media/{yyyy}/{mm}/{stem}.jpg?w={w}&strip=all"
    elif k == 2:
        url = f"https://images.{domain}/content/images/{yyyy}/{mm}/{stem}-hero.png"
    elif k == 3:
        url = (
            f"https://static.{domain}/photo/{yyyy}{mm}/{r.randint(10000, 99999)}_"
            f"{r.randint(10000, 99999)}_{w}.jpg"
        )
    else:
        url = (
            f"https://i{r.randint(0, 2)}.wp.com/{domain}/wp-content/uploads/{yyyy}/{mm}/"
            f"{stem}.jpg?fit={w}%2C{h}&#038;ssl=1"
        )
    return (
        f'{indent}- url: "{url}"\n{indent}  width: {w}\n{indent}  height: {h}\n'
        f"{indent}  isCached: true\n"
    )


def _provider_logo(r: random.Random, domain: str) -> str:
    if r.random() < 0.8:
        return (
            f'  images:\n    - url: "https://assets.feedharbor.example/organizations/'
            f'{domain}-50x50.jpg"\n      width: 50\n      height: 50\n'
        )
    return (
        f'  images:\n    - url: "https://static.{domain}/brand/logo-128.png"\n'
        f"      width: 128\n      height: 128\n      isCached: true\n"
    )


def _topics(r: random.Random) -> list[str]:
    v = vocab()
    count = r.choices((1, 2, 3, 4), (10, 55, 28, 7))[0]
    with_ai = r.random() < P_AI_TOPIC
    others = count - 1 if with_ai else count
    chosen: list[str] = []
    while len(chosen) < others:
        topic = r.choices(v.topics, cum_weights=v.topic_cum)[0]
        if topic not in chosen:
            chosen.append(topic)
    if with_ai:
        x = r.random()
        at = len(chosen) if x < 0.7 else 0 if x < 0.9 else r.randint(0, len(chosen))
        chosen.insert(at, "AI")
    return chosen


def _secured(r: random.Random) -> str:
    size = r.choices((256, 272, 400), (25, 60, 15))[0]
    head = base64.b64encode(r.randbytes(size)).decode("ascii")
    tail = base64.b64encode(r.randbytes(16)).decode("ascii")
    return f"{head};{tail}"


def _shift(minute: int, r: random.Random) -> int:
    """A related story's time: mostly within days of the article, else months before."""
    if r.random() < 0.7:
        return minute + r.randint(-3 * 24 * 60, 2 * 24 * 60)
    return minute - r.randint(4 * 1440, 300 * 1440)


def _related(
    r: random.Random, w: _Writer, cores: list[Core], i: int, q_url: bool, all_urls: set[str]
) -> str:
    me = cores[i]
    english_outlets = vocab().english_outlets
    count = r.choices((1, 2, 3, 4), RELATED_COUNT_WEIGHTS)[0]
    used = {i}
    parts = ["related:\n"]
    for _ in range(count):
        if r.random() < P_RELATED_LINKED and len(used) < len(cores):
            j = r.randrange(len(cores))
            while j in used:
                j = r.randrange(len(cores))
            used.add(j)
            other = cores[j]
            title, excerpt, date, url = other.title, other.excerpt, other.date, other.web_url
            name, domain = other.outlet
        else:
            year = int(me.date[:4])
            if me.lang == "en":
                title = w.english_title(year)
                excerpt = w.english_excerpt(year)
                slug = _slugify(title)
                name, domain = r.choice(english_outlets)
            else:
                title, excerpt, slug = w.foreign(me.lang, year)
                name, domain = r.choice(_INTL_OUTLETS[me.lang])
            date = _stamp(_shift(me.minute, r))
            url = _unique(_article_url(r, domain, date, slug), all_urls)
        parts.append(
            f"  - title: {_q(title)}\n"
            f"    excerpt: {_q(excerpt)}\n"
            f"    publishedDateTime: {date}\n"
            f"    webUrl: {_q(url) if q_url else url}\n"
            f"    type: article\n"
            f"    provider:\n      name: {name}\n      domain: {domain}\n"
        )
        if r.random() < P_RELATED_QUALITY:
            parts.append(f"    quality: {round(r.betavariate(3, 4) * 100)}\n")
        if r.random() < P_RELATED_IMAGES:
            parts.append("    images:\n")
            parts.append(_image(r, domain, date, _slugify(title), "      "))
    return "".join(parts)


def _amp(r: random.Random, url: str) -> tuple[str, str]:
    base, _, query = url.partition("?")
    k = r.randrange(3)
    if k == 0 or query:
        amp = f"{url}{'&' if query else '?'}amp=1"
    elif k == 1:
        amp = f"{base.rstrip('/')}/amp/"
    else:
        amp = f"{base.rstrip('/')}.amp"
    rest = amp.removeprefix("https://")
    host = rest.split("/", 1)[0]
    return amp, f"https://{host.replace('-', '--').replace('.', '-')}.cdn.ampproject.org/c/s/{rest}"


def render(
    r: random.Random,
    w: _Writer,
    cores: list[Core],
    i: int,
    all_urls: set[str],
    related_rate: float = P_RELATED,
) -> str:
    c = cores[i]
    quoted = r.random() >= P_UNQUOTED_URLS

    def u(url: str) -> str:
        return _q(url) if quoted else url

    out = [
        f"---\ncategory: news\ntitle: {_q(c.title)}\nexcerpt: {_q(c.excerpt)}\n"
        f"publishedDateTime: {c.date}\n"
    ]
    x = r.random()
    if x >= P_NO_ORIGINAL:
        original = c.web_url
        if x < P_NO_ORIGINAL + P_ORIGINAL_DIFFERS:
            original += f"{'&' if '?' in original else '?'}utm_source=rss&utm_medium=feed"
        out.append(f"originalUrl: {u(original)}\n")
    out.append(f"webUrl: {u(c.web_url)}\n")
    if r.random() < P_AMP:
        amp, cdn = _amp(r, c.web_url)
        out.append(f"ampWebUrl: {u(amp)}\n")
        if r.random() < P_CDN_AMP:
            out.append(f"cdnAmpWebUrl: {u(cdn)}\n")
    out.append("type: article\n")
    if r.random() < P_QUALITY:
        out.append(f"quality: {round(r.betavariate(4, 3) * 100)}\n")
    x = r.random()
    if x < P_HEAT_MINUS_ONE:
        out.append("heat: -1\n")
    elif x < P_HEAT_MINUS_ONE + P_HEAT:
        out.append(f"heat: {round(r.betavariate(2.5, 1.8) * 100)}\n")
    x = r.random()
    if x < P_PUBLISHED_FALSE:
        out.append("published: false\n")
    elif x < P_PUBLISHED_FALSE + P_PUBLISHED_TRUE:
        out.append("published: true\n")
    name, domain = c.outlet
    out.append(f"\nprovider:\n  name: {name}\n  domain: {domain}\n")
    if r.random() < P_PROVIDER_IMAGES:
        out.append(_provider_logo(r, domain))
    out.append("\ntopics:\n")
    out.extend(f"  - {topic}\n" for topic in _topics(r))
    if r.random() < P_IMAGES:
        out.append("\nimages:\n")
        out.append(_image(r, domain, c.date, c.filename[11:-3], "  "))
    if r.random() < related_rate:
        out.append("\n")
        out.append(_related(r, w, cores, i, quoted, all_urls))
    out.append(f'\nsecured: "{_secured(r)}"\n---\n')
    if r.random() < P_BLANK_LINE_AFTER_END:
        out.append("\n")
    return "".join(out)


# -- bad files ---------------------------------------------------------------------------------

BAD_KINDS = (
    "empty",
    "blank",
    "no-front-matter",
    "unclosed",
    "invalid-yaml",
    "bad-indent",
    "latin-1",
    "utf-16",
    "not-a-mapping",
    "binary",
    "truncated",
)


_FALLBACK_SAMPLE = (  # damaged by bad_file() when no article was generated (N = 0)
    '---\ncategory: news\ntitle: "Sample"\nexcerpt: "Sample excerpt."\n'
    "publishedDateTime: 2021-06-01T00:00:00Z\nwebUrl: https://sample.example/a\n"
    "type: article\n\nprovider:\n  name: Sample\n  domain: sample.example\n\n"
    'topics:\n  - AI\n\nsecured: "AAAA;AAAA=="\n---\n'
)


def bad_file(r: random.Random, kind: str, sample: str) -> bytes:
    """A broken file of one kind; `sample` is a good article to damage."""
    if kind == "empty":
        return b""
    if kind == "blank":
        return b"\n  \n\t\n"
    if kind == "no-front-matter":
        return (f"# {r.choice(_THINGS)} notes\n\nJust a Markdown file, no front matter.\n").encode()
    if kind == "unclosed":
        return sample.split("\nsecured:")[0].encode() + b"\n"
    if kind == "invalid-yaml":
        return (
            f'---\ncategory: news\ntitle: "{r.choice(_THINGS)} without an end quote\n'
            f"excerpt: broken: yes: really\n---\n"
        ).encode()
    if kind == "bad-indent":
        return (
            f"---\ntitle: {_q(r.choice(_THINGS))}\nprovider:\n    name: X\n  domain: x.com\n---\n"
        ).encode()
    if kind == "latin-1":
        return (f'---\ntitle: "Société {r.choice(_PLACES)} déçoit"\ntype: article\n---\n').encode(
            "latin-1", "replace"
        )
    if kind == "utf-16":
        return sample.encode("utf-16")
    if kind == "not-a-mapping":
        return b"---\n- just\n- a list\n---\n"
    if kind == "binary":
        return bytes(r.randrange(256) for _ in range(r.randint(64, 512))).replace(b"-", b"\x00")
    # truncated mid-file (a partial download): no closing line
    return sample.encode()[: r.randint(40, len(sample) // 2)]


# -- driver -----------------------------------------------------------------------------------


def _write(path: Path, raw: bytes) -> None:
    """One open and one write per file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, raw)
    finally:
        os.close(fd)


def generate(
    n: int,
    out_dir: Path | str,
    seed: int = 0,
    bad: int = 0,
    clean: bool = False,
    related_rate: float = P_RELATED,
) -> Stats:
    """Write n articles (+ bad broken files) into out_dir/_news; return the sizes."""
    started = time.perf_counter()
    folder = Path(out_dir) / "_news"
    folder.mkdir(parents=True, exist_ok=True)
    if clean:
        for entry in os.scandir(folder):
            if entry.name.endswith(".md") and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
    r = random.Random(seed)
    w = _Writer(r)
    cores = _cores(r, n, random.Random(seed + 104_729))
    all_urls = {c.web_url for c in cores}
    article_bytes = 0
    sample = ""
    for i, core in enumerate(cores):
        data = render(r, w, cores, i, all_urls, related_rate)
        if not sample:
            sample = data
        raw = data.encode("utf-8")
        article_bytes += len(raw)
        _write(folder / core.filename, raw)
    total = article_bytes
    if bad:
        sample = sample or _FALLBACK_SAMPLE
        for k in range(bad):
            kind = BAD_KINDS[k % len(BAD_KINDS)]
            raw = bad_file(r, kind, sample)
            total += len(raw)
            _write(folder / f"{_day(_when(r) // 1440)}-bad-{kind}-{k:05d}.md", raw)
    (Path(out_dir) / MARKER).write_text(f"{GENERATOR}\n", encoding="utf-8")
    return Stats(n, bad, article_bytes, total, time.perf_counter() - started)


def is_current(out_dir: Path | str) -> bool:
    """Whether out_dir was written by this version of the generator."""
    try:
        return (Path(out_dir) / MARKER).read_text(encoding="utf-8").strip() == GENERATOR
    except OSError:
        return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_corpus",
        description="Write N synthetic articles into DIR/_news/ (deterministic per seed).",
    )
    parser.add_argument("n", metavar="N", type=int, help="number of articles")
    parser.add_argument("dir", metavar="DIR", type=Path, help="output folder (gets _news/)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--bad",
        type=int,
        default=0,
        metavar="K",
        help="also write K broken files (empty, no front matter, invalid YAML, not UTF-8, ...)",
    )
    parser.add_argument(
        "--clean", action="store_true", help="first delete existing *.md files in DIR/_news"
    )
    parser.add_argument(
        "--related-rate",
        type=float,
        default=P_RELATED,
        metavar="P",
        help=f"share of articles with related stories (default {P_RELATED}: ~3.2 KB files)",
    )
    args = parser.parse_args(argv)
    if args.n < 0 or args.bad < 0:
        parser.error("N and K must not be negative")
    if not 0.0 <= args.related_rate <= 1.0:
        parser.error("--related-rate must be between 0 and 1")
    stats = generate(
        args.n,
        args.dir,
        seed=args.seed,
        bad=args.bad,
        clean=args.clean,
        related_rate=args.related_rate,
    )
    print(stats.summary(args.dir / "_news"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
