"""Money, percentages, measured quantities and dates in one sentence of news.

``find_quantities(sentence, published=...)`` returns ``QuantitySpan``s: the
offsets of the figure itself in the sentence, its normalised ``Quantity`` and
the canonical ``key``/``label`` that group equal figures across articles
("USD 240 billion" and "$240 billion" are both ``money:240000000000_usd``).

What a span covers: the figure and its unit, never the hedge in front of it.
"an estimated increase of 64%" gives the span "64%" with qualifiers
("estimated", "up"). Date modifiers that are part of the date itself stay in
the span ("mid-May", "early 2024", "late last year") and are also recorded as
qualifiers ("mid", "early", "late").

Qualifier vocabulary (``Quantity.qualifiers``), in the order they appear:
"estimated", "approximately", "nearly", "more than", "at least", "up to",
"less than", "record", "only", "up", "down"; "range" for "$1.5-2 billion"
(the amount is the low end); "early", "mid", "late" for dates.

Choices about dates, all resolved against ``published`` (the article's date):

* A day or month without a year ("May 16", "in March", "mid-May") takes the
  published year, except that a sentence with past cues does not reach
  more than 90 days past the published date ("since October 7" in an
  article of May 2024 is October 2023) and one with future cues not
  more than 90 days before it. Without a published date the year is
  written "XXXX" ("XXXX-05-16"). ``relative`` keeps the phrase ("may 16"),
  so a reader can tell the year was inferred.
* "last/this/next year|month|week" resolve to "2023", "2024-05", "2024-W20"
  (weeks are ISO weeks); "two years ago" to "2022"; "yesterday" to a day.
  "previous year" resolves like "last year" unless the sentence names a
  year of its own (then it is relative to that year, which we do not guess).
* A weekday ("on Thursday") is the most recent such day on or before the
  published date; when the sentence speaks only of the future ("will",
  "is scheduled to") it is the next such day on or after it; when it mixes
  both ("said ... will") and the published day is not that weekday, the
  date is left unresolved (``date=None``, ``relative="thursday"``).
  Tense is read from cue words anywhere in the sentence: future "will",
  "is expected/scheduled/due/set", "plans to"; past "said", "told", "was",
  "were", "had", "did", "since", "ago", "has been".
* Vague periods without a number ("in recent years", "the past decade",
  "over the past year") are neither dates nor figures. A span with a
  number is a duration ("the past three years" -> QUANTITY "three years"),
  and so is one counted from an event in the story ("Thirty-four days
  later" -> QUANTITY "Thirty-four days"); "two years ago" and "a year
  earlier" count back from the publication and stay dates.
* "the 1990s" is the DATE "1990s"; "2021-22" the interval "2021/2022"
  ("the 2025-26 season" keeps "season"); "fiscal 2026" is "2026" with the
  qualifier "fiscal"; "third quarter" / "Q3 2025" / "second half of 2025"
  are "2025-Q3" / "2025-H2" when a year is given, else relative.
* Years are 1900-2100 only; four-digit numbers that are part of codes,
  phone numbers or names ("Article 2022", "Flight 2023") are not dates.

Durations are QUANTITY ("75 years", "a two-day visit": 2 "day"), ages are
not ("a 41-year-old"); rates join a unit of measure ("barrel/day", "cubic
metre/year") but not a count ("600 aid trucks a day" is "600 aid trucks");
percentage points are PERCENT with unit "pp" (basis points are converted).

A figure in digits (or with million/billion) before a plural noun is a
QUANTITY of that noun, words between included: "900 tractors", "600 aid
trucks" (unit "aid truck"). Spelled-out small numbers count only before a
currency, "percent", a unit of measure or of time: "two leaders", "seven
firefighters" give nothing, "four acres" and "two days" do. "Article 5",
"G7", "Boeing 737", scores and votes ("a 3-2 win", "an 8-1 vote": the
second number not above the first) are not figures. "42 cents" is 0.42 of
the sentence's currency (dollars when it names none); "shillings" alone
are Kenya's. "$19.1 billion and $19.4 billion" is two figures; "$3 and $4
billion" (one scale) one range.

Currencies: every widely used currency by name and plural ("dong", "baht",
"kronor", "reais", "zlotys", "cedis"), symbol ("₱", "₫", "₪", "zł", "Kč",
"R$", "GH₵", "RM", "Rp", "Tk") and ISO code. A country adjective picks the
member of a family that several countries share ("Chilean pesos" CLP,
"Danish kroner" DKK, "CFA francs" XOF); without one, the country the
sentence names nearest before the figure decides, then the country the
article names most (``countries`` from ``countries_for_currency``), then
the family's usual currency (rupees INR, shillings KES, francs CHF, krona
SEK). Pesos, crowns, krone, dinars and "kr" have no usual currency: with no
country to go by their ``unit`` is the family's name ("peso", "crown"), so
the figure is still money and its key says what is unknown. The dollar,
euro, pound, yen and yuan keep their own currency whatever the country.
Words that are also English ("won", "real", "crowns", "sol", "lev") and
one-letter signs ("R98 billion", "N1.2 trillion") count only with a scale
word, an adjective or (for "crowns", "R", "N") a country that pays in them;
codes that are also acronyms ("COP", "NPR", "AMD", "PEN") only where the
text names their country.

Every pattern is compiled once at import (about 0.1 s); the scan is one
pass of one alternation over the sentence, numbers are read atomically and
no pattern nests unbounded repeats, so pathological input (50,000 digits
and commas) stays linear.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from summit_tui.nlp.model import DATE, MONEY, PERCENT, QUANTITY, Quantity

__all__ = ["QuantitySpan", "countries_for_currency", "find_quantities", "quantity_key", "quantity_label"]


@dataclass(frozen=True, slots=True)
class QuantitySpan:
    """One figure in a sentence: ``text[start:end]`` is its surface form."""

    start: int
    end: int
    quantity: Quantity
    label: str
    key: str


# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")
_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_NUMBER.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                      "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUMBER = {name.lower(): i for i, name in enumerate(_WEEKDAYS)}

_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

_SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000,
    "million": 1_000_000, "mln": 1_000_000, "mn": 1_000_000, "mio": 1_000_000, "m": 1_000_000,
    "billion": 1_000_000_000, "bln": 1_000_000_000, "bn": 1_000_000_000, "b": 1_000_000_000,
    "trillion": 1_000_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
    "crore": 10_000_000, "lakh": 100_000,
}

# Currency written before the amount. "¥" is settled per sentence (yen
# unless the sentence talks about yuan); "Rs"/"₨" and "kr" by the country the
# sentence or article is about (see _family_currency).
_PREFIX_CURRENCY = {
    "$": "USD", "us$": "USD", "u.s.$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
    "ca$": "CAD", "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "r$": "BRL", "nt$": "TWD",
    "mx$": "MXN", "mex$": "MXN", "col$": "COP", "rd$": "DOP", "j$": "JMD", "tt$": "TTD",
    "ec$": "XCD", "z$": "ZWL", "n$": "NAD",
    "€": "EUR", "£": "GBP", "¥": "JPY", "cn¥": "CNY", "jp¥": "JPY", "e£": "EGP",
    "₽": "RUB", "₹": "INR", "₩": "KRW", "₺": "TRY", "₴": "UAH", "₦": "NGN", "₱": "PHP",
    "₫": "VND", "₪": "ILS", "₸": "KZT", "₾": "GEL", "₼": "AZN", "₡": "CRC", "₲": "PYG",
    "₵": "GHS", "gh₵": "GHS", "gh¢": "GHS", "₮": "MNT", "₭": "LAK", "៛": "KHR", "৳": "BDT",
    "rs": "rupee", "rs.": "rupee", "₨": "rupee", "ksh": "KES", "ush": "UGX", "tsh": "TZS",
    "rm": "MYR", "rp": "IDR", "tk": "BDT", "qr": "QAR", "sr": "SAR", "dh": "AED", "dhs": "AED",
    "s/": "PEN", "s/.": "PEN", "kč": "CZK", "zł": "PLN", "kr": "kr", "kr.": "kr", "bs": "bs", "bs.": "bs",
    # "R98 billion", "N1.2 trillion": with a scale word, or where the text is
    # about South Africa or Nigeria (see _handle_money)
    "r": "ZAR", "n": "NGN",
}
# One-letter signs, money only with a scale word or in a story about their country.
_LETTER_SIGNS = {"R": "south african", "N": "nigerian"}
# Written after the amount: "50 zł", "300 Kč", "20,000₫", "100 kr".
_SUFFIX_CURRENCY = {"zł": "PLN", "kč": "CZK", "₫": "VND", "€": "EUR", "₽": "RUB", "₴": "UAH",
                    "₪": "ILS", "₸": "KZT", "₺": "TRY", "kr": "kr", "kr.": "kr"}
# ISO 4217 codes read before or after an amount. Codes that are also
# common acronyms or words ("COP" the climate conference, "NPR", "AMD",
# "PEN", "ALL", "TOP", "GEL") are left out: "the 2024 COP" is no sum.
_CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "RMB", "RUB", "INR", "CHF", "AUD", "CAD",
                   "HKD", "KRW", "BRL", "TRY", "ZAR", "SAR", "AED", "SGD", "NZD", "MXN", "UAH",
                   "NGN", "SEK", "NOK", "DKK", "PLN", "ILS", "IRR", "TWD", "QAR", "KZT", "PKR",
                   "KES", "UGX", "TZS", "ZMW", "GHS", "EGP", "ARS", "CLP", "PHP", "THB", "IDR",
                   "MYR", "BDT", "LKR", "ETB", "CZK", "HUF", "RON", "BGN", "ISK", "VND", "KWD",
                   "BHD", "OMR", "JOD", "IQD", "TND", "DZD", "LBP", "MMK", "KHR", "LAK", "MNT",
                   "MWK", "XOF", "XAF", "RWF", "AOA", "MZN", "BWP", "NAD", "MUR", "UYU", "PYG",
                   "VES", "CRC", "GTQ", "DOP", "JMD", "TTD", "RSD", "MDL", "AZN", "BYN", "KGS",
                   "UZS", "TJS", "AFN", "SYP", "YER", "SDG", "XCD", "FJD", "PGK", "CDF", "HNL",
                   "NIO", "SCR", "MKD", "BIF", "GNF", "SSP", "LYD", "ZWL", "KPW", "BND", "BSD",
                   "LRD", "GYD", "HRK", "MAD")
_CODE_ALIASES = {"RMB": "CNY"}
# Codes that are also acronyms or words ("COP29", "NPR", "AMD chips"): read
# as money only where the text is about the country that pays in them.
_CONTEXT_CODES = {"NPR": "nepalese", "PEN": "peruvian", "COP": "colombian", "AMD": "armenian",
                  "GEL": "georgian", "BOB": "bolivian"}


@dataclass(frozen=True, slots=True)
class _Family:
    """Currencies that share a name ("peso", "krone", "dinar"): the code
    when the text does not say which ("" when only the text can tell), the
    code per country adjective, and whether a bare amount needs a scale word
    or an adjective before the word counts as money ("he won", "a real
    chance", "three crowns")."""

    default: str
    by_adjective: dict[str, str]
    needs_scale: bool = False
    # Whether the country the sentence or article is about may change the
    # default ("rupees" in a story about Pakistan); the dollar, euro, pound,
    # yen and yuan keep theirs.
    by_context: bool = True


def _adj(spec: str) -> dict[str, str]:
    """"mexican=MXN argentine,argentinian=ARS" -> {"mexican": "MXN", ...};
    "_" stands for a space inside an adjective ("sri_lankan")."""
    out: dict[str, str] = {}
    for item in spec.split():
        names, code = item.split("=")
        for name in names.split(","):
            out[name.replace("_", " ")] = code
    return out


# family -> its written forms after an amount (matched in any case)
_FAMILY_FORMS: dict[str, str] = {
    "dollar": "dollar dollars", "euro": "euro euros",
    "pound": "pound pounds sterling", "yen": "yen", "yuan": "yuan renminbi",
    "ruble": "ruble rubles rouble roubles", "rupee": "rupee rupees", "won": "won",
    "franc": "franc francs", "lira": "lira liras lire", "rand": "rand rands", "riyal": "riyal riyals",
    "rial": "rial rials", "dirham": "dirham dirhams", "hryvnia": "hryvnia hryvnias hryvnya hryvnyas",
    "zloty": "zloty zlotys zlotych", "naira": "naira nairas", "shekel": "shekel shekels sheqel sheqels",
    "peso": "peso pesos", "tenge": "tenge", "shilling": "shilling shillings", "krone": "krone kroner",
    "krona": "krona kronor króna", "kronur": "kronur krónur", "crown": "crown crowns",
    "koruna": "koruna korunas koruny korun", "forint": "forint forints", "leu": "leu lei",
    "lev": "lev leva", "dinar": "dinar dinars", "dong": "dong", "baht": "baht",
    "ringgit": "ringgit ringgits", "rupiah": "rupiah rupiahs", "cedi": "cedi cedis",
    "real": "real reals reais", "taka": "taka takas", "som": "som soms", "kwacha": "kwacha kwachas",
    "birr": "birr birrs", "kyat": "kyat kyats", "riel": "riel riels", "kip": "kip",
    "tugrik": "tugrik tugriks tögrög tögrögs togrog togrogs", "manat": "manat manats",
    "dram": "dram drams", "lari": "lari laris", "afghani": "afghani afghanis", "sol": "sol soles",
    "boliviano": "boliviano bolivianos", "guarani": "guarani guaranis guaraní guaraníes guaranies",
    "colon": "colon colons colón colones", "quetzal": "quetzal quetzals quetzales",
    "lempira": "lempira lempiras", "bolivar": "bolivar bolivars bolívar bolívares bolivares",
    "kwanza": "kwanza kwanzas", "metical": "metical meticals meticais", "denar": "denar denars denari",
}
# A written form (lower case, single spaces) -> its family.
_FAMILY_OF_WORD = {form: family for family, forms in _FAMILY_FORMS.items() for form in forms.split()}
_FAMILY_OF_WORD["pounds sterling"] = _FAMILY_OF_WORD["pound sterling"] = "pound"
_FAMILIES: dict[str, _Family] = {
    "dollar": _Family("USD", _adj(
        "us,u.s.,american=USD australian=AUD canadian=CAD hong_kong=HKD singapore,singaporean=SGD "
        "new_zealand=NZD taiwan,new_taiwan,taiwanese=TWD zimbabwe,zimbabwean=ZWL jamaican=JMD "
        "namibian=NAD fijian=FJD bahamian=BSD barbadian=BBD trinidad_and_tobago=TTD liberian=LRD "
        "guyanese=GYD east_caribbean=XCD brunei=BND"), by_context=False),
    "euro": _Family("EUR", {}, by_context=False),
    "pound": _Family("GBP", _adj(
        "british=GBP egyptian=EGP lebanese=LBP syrian=SYP sudanese=SDG south_sudanese=SSP"),
        by_context=False),
    "yen": _Family("JPY", _adj("japanese=JPY"), by_context=False),
    "yuan": _Family("CNY", _adj("chinese=CNY"), by_context=False),
    "ruble": _Family("RUB", _adj("russian=RUB belarusian=BYN")),
    "rupee": _Family("INR", _adj(
        "indian=INR pakistani=PKR sri_lankan=LKR nepalese,nepali=NPR mauritian=MUR seychellois=SCR")),
    "won": _Family("KRW", _adj("south_korean,korean=KRW north_korean=KPW")),
    "franc": _Family("CHF", _adj(
        "swiss=CHF cfa,west_african_cfa=XOF central_african_cfa=XAF congolese=CDF rwandan=RWF "
        "burundian=BIF guinean=GNF")),
    "lira": _Family("TRY", _adj("turkish=TRY")),
    "rand": _Family("ZAR", _adj("south_african=ZAR")),
    "riyal": _Family("SAR", _adj("saudi=SAR qatari=QAR omani=OMR yemeni=YER")),
    "rial": _Family("IRR", _adj("iranian=IRR omani=OMR yemeni=YER")),
    "dirham": _Family("AED", _adj("uae,emirati=AED moroccan=MAD")),
    "hryvnia": _Family("UAH", _adj("ukrainian=UAH")),
    "zloty": _Family("PLN", _adj("polish=PLN")),
    "naira": _Family("NGN", _adj("nigerian=NGN")),
    "shekel": _Family("ILS", _adj("israeli,new,new_israeli=ILS")),
    "peso": _Family("", _adj(
        "mexican=MXN argentine,argentinian=ARS philippine,filipino=PHP chilean=CLP colombian=COP "
        "uruguayan=UYU dominican=DOP cuban=CUP")),
    "tenge": _Family("KZT", _adj("kazakh,kazakhstani=KZT")),
    # East Africa's shillings: news about one of them is most often Kenya's.
    "shilling": _Family("KES", _adj("kenyan=KES ugandan=UGX tanzanian=TZS somali=SOS")),
    "krone": _Family("", _adj("norwegian=NOK danish=DKK")),
    "krona": _Family("SEK", _adj("swedish=SEK icelandic=ISK")),
    "kronur": _Family("ISK", _adj("icelandic=ISK")),  # the Icelandic plural
    "crown": _Family("", _adj("czech=CZK norwegian=NOK swedish=SEK danish=DKK icelandic=ISK"),
                     needs_scale=True),
    "koruna": _Family("CZK", _adj("czech=CZK")),
    "forint": _Family("HUF", _adj("hungarian=HUF")),
    "leu": _Family("RON", _adj("romanian=RON moldovan=MDL")),
    "lev": _Family("BGN", _adj("bulgarian=BGN"), needs_scale=True),
    "dinar": _Family("", _adj(
        "kuwaiti=KWD bahraini=BHD jordanian=JOD iraqi=IQD serbian=RSD algerian=DZD tunisian=TND "
        "libyan=LYD")),
    "dong": _Family("VND", _adj("vietnamese=VND")),
    "baht": _Family("THB", _adj("thai=THB")),
    "ringgit": _Family("MYR", _adj("malaysian=MYR")),
    "rupiah": _Family("IDR", _adj("indonesian=IDR")),
    "cedi": _Family("GHS", _adj("ghanaian=GHS")),
    "real": _Family("BRL", _adj("brazilian=BRL"), needs_scale=True),
    "taka": _Family("BDT", _adj("bangladeshi=BDT")),
    "som": _Family("KGS", _adj("kyrgyz=KGS uzbek=UZS"), needs_scale=True),
    "kwacha": _Family("ZMW", _adj("zambian=ZMW malawian=MWK")),
    "birr": _Family("ETB", _adj("ethiopian=ETB")),
    "kyat": _Family("MMK", _adj("myanmar,burmese=MMK")),
    "riel": _Family("KHR", _adj("cambodian=KHR")),
    "kip": _Family("LAK", _adj("lao,laotian=LAK"), needs_scale=True),
    "tugrik": _Family("MNT", _adj("mongolian=MNT")),
    "manat": _Family("AZN", _adj("azerbaijani=AZN turkmen=TMT")),
    "dram": _Family("AMD", _adj("armenian=AMD"), needs_scale=True),
    "lari": _Family("GEL", _adj("georgian=GEL"), needs_scale=True),
    "afghani": _Family("AFN", _adj("afghan=AFN")),
    "sol": _Family("PEN", _adj("peruvian=PEN"), needs_scale=True),
    "boliviano": _Family("BOB", _adj("bolivian=BOB")),
    "guarani": _Family("PYG", _adj("paraguayan=PYG")),
    "colon": _Family("CRC", _adj("costa_rican=CRC"), needs_scale=True),
    "quetzal": _Family("GTQ", _adj("guatemalan=GTQ")),
    "lempira": _Family("HNL", _adj("honduran=HNL")),
    "bolivar": _Family("VES", _adj("venezuelan=VES")),
    "kwanza": _Family("AOA", _adj("angolan=AOA")),
    "metical": _Family("MZN", _adj("mozambican=MZN")),
    "denar": _Family("MKD", _adj("macedonian=MKD")),
    # "Bs 7 billion": Bolivia's boliviano or Venezuela's bolivar
    "bs": _Family("BOB", _adj("bolivian=BOB venezuelan=VES")),
    # "100 kr": a Nordic crown whose country only the text can tell
    "kr": _Family("", _adj("norwegian=NOK danish=DKK swedish=SEK icelandic=ISK")),
}
assert set(_FAMILY_FORMS) | {"kr", "bs"} == set(_FAMILIES)
# What a country the text names says about its currency: names, capitals and
# demonyms -> the adjective that picks a family member ("rupees" near
# "Karachi" are Pakistani). Matched as written (capitalised), whole words.
_COUNTRY_CUES: dict[str, str] = {
    cue: adjective
    for adjective, cues in {
        "mexican": "Mexico|Mexican|Mexicans|Banxico",
        "argentine": "Argentina|Argentine|Argentines|Argentinian|Argentinians|Buenos Aires",
        "chilean": "Chile|Chilean|Chileans|Santiago",
        "colombian": "Colombia|Colombian|Colombians|Bogotá|Bogota",
        "philippine": "Philippines|Philippine|Filipino|Filipinos|Manila",
        "uruguayan": "Uruguay|Uruguayan|Montevideo",
        "dominican": "Dominican Republic|Santo Domingo",
        "cuban": "Cuba|Cuban|Cubans|Havana",
        "czech": "Czech|Czechs|Czechia|Prague",
        "norwegian": "Norway|Norwegian|Norwegians|Oslo|Norges Bank",
        "danish": "Denmark|Danish|Danes|Copenhagen",
        "swedish": "Sweden|Swedish|Swedes|Stockholm|Riksbank",
        "icelandic": "Iceland|Icelandic|Icelanders|Reykjavik|Reykjavík",
        "pakistani": "Pakistan|Pakistani|Pakistanis|Islamabad|Karachi|Lahore",
        "sri lankan": "Sri Lanka|Sri Lankan|Sri Lankans|Colombo",
        "mauritian": "Mauritius|Mauritian",
        "indian": "India|Indian|Indians|New Delhi|Mumbai",
        "kuwaiti": "Kuwait|Kuwaiti",
        "bahraini": "Bahrain|Bahraini|Manama",
        "jordanian": "Jordanian|Amman",
        "iraqi": "Iraq|Iraqi|Iraqis|Baghdad",
        "serbian": "Serbia|Serbian|Belgrade",
        "algerian": "Algeria|Algerian|Algiers",
        "tunisian": "Tunisia|Tunisian|Tunis",
        "libyan": "Libya|Libyan|Tripoli",
        "saudi": "Saudi|Saudi Arabia|Riyadh",
        "qatari": "Qatar|Qatari|Doha",
        "omani": "Oman|Omani|Muscat",
        "yemeni": "Yemen|Yemeni|Sanaa",
        "iranian": "Iran|Iranian|Iranians|Tehran",
        "moroccan": "Morocco|Moroccan|Rabat|Casablanca",
        "ugandan": "Uganda|Ugandan|Ugandans|Kampala",
        "tanzanian": "Tanzania|Tanzanian|Tanzanians|Dodoma|Dar es Salaam",
        "somali": "Somalia|Somali|Mogadishu",
        "kenyan": "Kenya|Kenyan|Kenyans|Nairobi",
        "nepalese": "Nepal|Nepali|Nepalese|Kathmandu",
        "peruvian": "Peru|Peruvian|Peruvians|Lima",
        "armenian": "Armenia|Armenian|Armenians|Yerevan",
        "georgian": "Tbilisi|Georgian",
        "bolivian": "Bolivia|Bolivian|Bolivians|La Paz|Sucre",
        "venezuelan": "Venezuela|Venezuelan|Venezuelans|Caracas",
        "south african": "South Africa|South African|South Africans|Pretoria|Johannesburg|Cape Town",
        "nigerian": "Nigeria|Nigerian|Nigerians|Abuja|Lagos",
        "west african cfa": "Senegal|Senegalese|Dakar|Ivory Coast|Côte d'Ivoire|Ivorian|Abidjan|Mali"
                            "|Malian|Bamako|Burkina Faso|Ouagadougou|Niamey|Benin|Togo|Lomé",
        "central african cfa": "Cameroon|Cameroonian|Yaoundé|Douala|Gabon|Gabonese|Libreville|Chad"
                               "|Chadian|N'Djamena|Central African Republic|Bangui|Brazzaville"
                               "|Equatorial Guinea",
        "rwandan": "Rwanda|Rwandan|Kigali",
        "burundian": "Burundi|Burundian",
        "congolese": "DR Congo|DRC|Democratic Republic of Congo|Democratic Republic of the Congo"
                     "|Kinshasa|Congolese",
        "guinean": "Guinea|Guinean|Conakry",
        "north korean": "North Korea|North Korean|Pyongyang",
        "zambian": "Zambia|Zambian|Lusaka",
        "malawian": "Malawi|Malawian|Lilongwe",
        "turkmen": "Turkmenistan|Turkmen",
        "moldovan": "Moldova|Moldovan|Chisinau",
        "uzbek": "Uzbekistan|Uzbek|Tashkent",
        "kyrgyz": "Kyrgyzstan|Kyrgyz|Bishkek",
        "belarusian": "Belarus|Belarusian|Minsk",
        "egyptian": "Egypt|Egyptian|Egyptians|Cairo",
        "lebanese": "Lebanon|Lebanese|Beirut",
        "syrian": "Syria|Syrian|Syrians|Damascus",
        "sudanese": "Sudan|Sudanese|Khartoum",
        "south sudanese": "South Sudan|South Sudanese|Juba",
    }.items()
    for cue in cues.split("|")
}
_CURRENCY_ADJECTIVES = {(family, adj): code for family, f in _FAMILIES.items() for adj, code in f.by_adjective.items()}
# Spellings that are also English words: money only after a scale word or a
# country adjective ("2 billion real", "Brazilian real"), "won" also from
# 1,000 up, "crowns" also where the text names a country that pays in them.
_AMBIGUOUS_FORMS = frozenset("won real reals lev som soms kip sol dram drams lari colon crown crowns".split())
# Codes read after a bare year too ("2024 USD"); other codes there are acronyms.
_MAJOR_CODES = frozenset(("USD", "EUR", "GBP", "JPY", "CNY", "RMB", "RUB", "INR", "CHF", "AUD", "CAD"))
_FAMILY_PLURALS = {"krone": "kroner", "krona": "kronor", "kr": "kr", "real": "reais", "lev": "leva",
                   "leu": "lei", "yen": "yen", "yuan": "yuan", "won": "won", "dong": "dong", "baht": "baht"}
# Hundredths written as a word: "42 cents" is 0.42 of the sentence's currency
# (US dollars when it names none); pence are always sterling.
_MINOR_UNITS = {"cent": None, "pence": "GBP", "penny": "GBP"}
_CURRENCY_DISPLAY = {  # how a label writes the currency: symbol before, or name after
    "USD": ("$", ""), "EUR": ("€", ""), "GBP": ("£", ""), "JPY": ("¥", ""), "INR": ("₹", ""),
    "KRW": ("₩", ""), "CNY": ("", "yuan"), "RUB": ("", "rubles"),
}

# Measured units: surface form -> (canonical unit, multiplier). Matching is
# case-insensitive for words; symbols and abbreviations are matched as written.
_UNIT_WORDS: dict[str, tuple[str, float]] = {}


def _unit(canonical: str, *surfaces: str, scale: float = 1.0) -> None:
    for surface in surfaces:
        _UNIT_WORDS[surface] = (canonical, scale)


_unit("tonne", "tonnes", "tonne", "tons", "ton", "metric tons", "metric ton", "metric tonnes",
      "metric tonne")
_unit("kg", "kilograms", "kilogram", "kilogrammes", "kilos")
_unit("lb", "pounds", "pound", "lbs")
_unit("ounce", "ounces", "ounce")
_unit("barrel", "barrels", "barrel")
_unit("barrel/day", "barrels per day", "barrels a day", "barrels of oil per day",
      "barrels of oil a day")
_unit("cubic metre", "cubic metres", "cubic meters", "cubic metre", "cubic meter")
_unit("cubic metre", "billion cubic metres", "billion cubic meters", scale=1e9)
_unit("cubic foot", "cubic feet", "cubic foot")
_unit("km", "kilometres", "kilometers", "kilometre", "kilometer")
_unit("km²", "square kilometres", "square kilometers", "square kilometre", "square kilometer",
      "sq km")
_unit("mile", "miles", "mile")
_unit("square mile", "square miles", "square mile")
_unit("nautical mile", "nautical miles", "nautical mile")
_unit("metre", "metres", "meters", "metre", "meter")
_unit("mm", "millimetres", "millimeters", "millimetre", "millimeter")
_unit("cm", "centimetres", "centimeters", "centimetre", "centimeter")
_unit("inch", "inches", "inch")
_unit("yard", "yards", "yard")
_unit("g", "grams", "grammes", "gram", "gramme")
_unit("mg", "milligrams", "milligram")
_unit("knot", "knots")
_unit("km/h", "kilometres per hour", "kilometers per hour", "kilometres an hour", "kilometers an hour")
_unit("mph", "miles per hour", "miles an hour")
_unit("bushel", "bushels", "bushel")
_unit("TEU", "twenty-foot equivalent units")
_unit("foot", "feet", "foot")
_unit("hectare", "hectares", "hectare")
_unit("acre", "acres", "acre")
_unit("litre", "litres", "liters", "litre", "liter")
_unit("gallon", "gallons", "gallon")
_unit("MW", "megawatts", "megawatt")
_unit("GW", "gigawatts", "gigawatt")
_unit("kW", "kilowatts", "kilowatt")
_unit("TWh", "terawatt hours", "terawatt-hours", "terawatt hour", "terawatt-hour")
_unit("GWh", "gigawatt hours", "gigawatt-hours", "gigawatt hour", "gigawatt-hour")
_unit("MWh", "megawatt hours", "megawatt-hours", "megawatt hour", "megawatt-hour")
_unit("°C", "degrees celsius", "degrees centigrade", "degree celsius")
_unit("°F", "degrees fahrenheit", "degree fahrenheit")
_unit("magnitude", "magnitude")
for _singular, _plurals in {
    "people": ("people", "persons", "person"),
    "troop": ("troops",), "soldier": ("soldiers", "soldier"), "visitor": ("visitors", "visitor"),
    "tourist": ("tourists", "tourist"), "resident": ("residents", "resident"),
    "civilian": ("civilians", "civilian"), "refugee": ("refugees", "refugee"),
    "migrant": ("migrants", "migrant"), "worker": ("workers", "worker"),
    "employee": ("employees", "employee"), "job": ("jobs", "job"),
    "passenger": ("passengers", "passenger"), "student": ("students", "student"),
    "child": ("children", "child"), "prisoner": ("prisoners", "prisoner"),
    "detainee": ("detainees", "detainee"), "casualty": ("casualties", "casualty"),
    "death": ("deaths", "death"), "fatality": ("fatalities", "fatality"),
    "victim": ("victims", "victim"), "patient": ("patients", "patient"),
    "voter": ("voters", "voter"), "vote": ("votes", "vote"), "seat": ("seats", "seat"),
    "delegate": ("delegates", "delegate"), "household": ("households", "household"),
    "home": ("homes",), "building": ("buildings", "building"), "house": ("houses",),
    "tank": ("tanks",), "aircraft": ("aircraft",), "jet": ("jets",), "drone": ("drones", "drone"),
    "missile": ("missiles", "missile"), "warship": ("warships", "warship"), "ship": ("ships",),
    "vessel": ("vessels", "vessel"), "helicopter": ("helicopters", "helicopter"),
    "vehicle": ("vehicles", "vehicle"), "car": ("cars",), "goal": ("goals",),
    "medal": ("medals",),
    "year": ("years", "year"), "month": ("months", "month"), "week": ("weeks", "week"),
    "day": ("days", "day"), "hour": ("hours", "hour"), "minute": ("minutes", "minute"),
    "second": ("seconds",), "decade": ("decades", "decade"), "century": ("centuries", "century"),
}.items():
    _unit(_singular, *_plurals)
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "second", "decade", "century"})
# Counted things rather than measures: with a small number written as a word
# ("two soldiers", "three goals") they are ordinary prose, not figures.
_COUNTED_UNITS = frozenset(
    """people troop soldier visitor tourist resident civilian refugee migrant worker employee job
    passenger student child prisoner detainee casualty death fatality victim patient voter vote seat
    delegate household home building house tank aircraft jet drone missile warship ship vessel
    helicopter vehicle car goal medal""".split()
)

# Symbols and abbreviations, matched exactly as written.
_UNIT_SYMBOLS: dict[str, tuple[str, float]] = {
    "km": ("km", 1), "km2": ("km²", 1), "km²": ("km²", 1), "km/h": ("km/h", 1),
    "mph": ("mph", 1), "kg": ("kg", 1), "MW": ("MW", 1), "GW": ("GW", 1), "kW": ("kW", 1),
    "TWh": ("TWh", 1), "GWh": ("GWh", 1), "MWh": ("MWh", 1), "kWh": ("kWh", 1),
    "bcm": ("cubic metre", 1e9), "tcm": ("cubic metre", 1e12), "m3": ("cubic metre", 1),
    "m³": ("cubic metre", 1), "bcf": ("cubic foot", 1e9), "tcf": ("cubic foot", 1e12),
    "bpd": ("barrel/day", 1), "b/d": ("barrel/day", 1), "bbl": ("barrel", 1),
    "°C": ("°C", 1), "ºC": ("°C", 1), "° C": ("°C", 1), "°F": ("°F", 1), "ºF": ("°F", 1),
    "mb/d": ("barrel/day", 1e6), "mm": ("mm", 1), "cm": ("cm", 1), "TEU": ("TEU", 1),
    "TEUs": ("TEU", 1), "kph": ("km/h", 1),
}

_UNIT_PLURALS = {
    "tonne": "tonnes", "barrel": "barrels", "barrel/day": "barrels per day",
    "cubic metre": "cubic metres", "cubic foot": "cubic feet", "mile": "miles",
    "square mile": "square miles", "nautical mile": "nautical miles", "metre": "metres",
    "foot": "feet", "hectare": "hectares", "acre": "acres", "litre": "litres",
    "gallon": "gallons", "ounce": "ounces", "child": "children", "casualty": "casualties",
    "fatality": "fatalities", "century": "centuries", "aircraft": "aircraft", "troop": "troops",
    "inch": "inches",
}
_UNITS_WITHOUT_PLURAL = {"km", "km²", "km/h", "mph", "kg", "lb", "MW", "GW", "kW", "TWh", "GWh",
                         "MWh", "kWh", "°C", "°F", "people", "aircraft", "mm", "cm", "g", "mg",
                         "cattle", "personnel", "staff", "livestock", "police", "sheep", "fish",
                         "deer", "crew", "TEU"}

_RATE_UNITS = {"day": "day", "daily": "day", "year": "year", "annum": "year", "annually": "year",
               "yearly": "year", "y": "year", "yr": "year", "month": "month", "monthly": "month",
               "week": "week", "weekly": "week", "hour": "hour", "h": "hour"}

# Words before a year that make it a number in a name or code, not a date.
_YEAR_BLOCKERS = frozenset("""article resolution no no. number nos flight route boeing airbus
windows iso isbn rule section chapter page pages paragraph clause item model version code
highway interstate bus room platform gate exit suite apartment unit vol volume issue table
figure fig appendix amendment act bill hr h.r. pp p. #""".split())
_WEEKDAY_NAME_SUFFIX = re.compile(r"\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Club|Independent"
                                  r"|Star|Sport|Observer|Tribune|Business|Morning\s+Post)\b")
_YEAR_TIME_SUFFIX = re.compile(r"\s*(?:GMT|UTC|BST|CET|CEST|EST|EDT|PST|MSK|hrs|hours|h)\b")
_WEEKDAY_NAME_PREFIXES = frozenset("""black good ash super bloody cyber holy easter palm maundy
shrove giving blue mad""".split())

# --------------------------------------------------------------------------
# Patterns. Each alternative has its own named groups; the master scanner is
# their alternation (leftmost match wins, then the first alternative that
# matches there), and each alternative has one handler below.
# --------------------------------------------------------------------------


def _trie(words: set[str]) -> str:
    """A regex for "one of these words" that the engine rejects letter by letter.

    A branch whose alternatives each start with a literal is skipped without
    backtracking state; a flat list of 200 words would be tried one by one.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        options = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            options.append("(?![A-Za-z])")
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return emit(tree)


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    # Longest first so "metric tons" beats "tons" and "Sept" beats "Sep".
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


_MONTH_FULL = "(?:" + "|".join(_MONTHS) + r")\b"
_MONTH_ABBR = r"(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b\.?"
_MONTH = f"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + r")\b"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19\d\d|20\d\d|2100)(?!\d)"
_DECADE = r"(?:1[89]|20)\d0['’]?s\b"
_NUM_WORD = ("(?i:(?:" + "|".join(_TENS) + ")(?:[\\s-](?:" + "|".join(list(_SMALL_NUMBERS)[:9])
             + "))?|" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + r")\b")
# "a million", "half a billion": "a" counts only before a scale word.
_A_SCALE = r"(?i:half\s+an?|an?)(?=[\s-]+(?i:hundred|thousand|million|billion|trillion)\b)"
# Atomic: once a number is read it is never re-read shorter, so a 50,000-digit
# line costs one pass, not one pass per digit.
_DIGITS = r"(?>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_NUM_CORE = f"(?:{_DIGITS}|{_NUM_WORD}|{_A_SCALE})"
# A number starts a token: not inside "G7", "F-16", "COVID-19", "1,5", "24/7".
_NUM_START = r"(?<![\w.,/\-–])(?<![A-Za-z][\-–])"
_SCALE = (r"(?:[\s-]+(?i:hundred(?:\s+thousand)?|lakh\s+crore|thousand|million|billion|trillion|crore|lakh)\b"
          r"|\s?(?:mln|bln|mn|bn|tn|trn|mio|Mln|Bln|Bn|Tn)\b|(?:m|b|k|K|M|B)(?![\w]))")
_RANGE_SEP = r"\s*(?:-|–|—|to)\s*"

_CURRENCY_PREFIX = ("(?:" + r"(?<![\w$])(?:US\s?\$|U\.S\.\s?\$|AU?\$|CA?\$|HK\$|NZ\$|S\$|R\$|NT\$|MX\$|Mex\$"
                    r"|Col\$|RD\$|J\$|TT\$|EC\$|Z\$|N\$|CN¥|JP¥|E£|GH[₵¢]|KSh|USh|TSh)|(?<![\w$])\$"
                    r"|[€£¥₽₹₩₺₴₦₱₫₪₸₾₼₡₲₵₮₭៛৳₨]|(?<![A-Za-z])(?:"
                    + "|".join(_CURRENCY_CODES) + r")(?![A-Za-z])"
                    r"|(?<![\w])(?:Rs\.?|RM|Rp|Tk|QR|SR|Dhs?|S/\.?|Kč|zł|kr\.?|Bs\.?|R|N"
                    + "".join("|" + code for code in _CONTEXT_CODES) + r")(?=\s?\d))")

_CURRENCY_ADJ = _alternation(sorted({adj for (_, adj) in _CURRENCY_ADJECTIVES}))
# A trie (see _trie) so that the engine rejects a word after a number letter
# by letter rather than trying 130 spellings one by one.
_CURRENCY_WORD_FORMS = (r"pounds?\s+sterling|" + _trie(set(_FAMILY_OF_WORD) | {"cent", "cents", "pence"}))
_CURRENCY_TAIL = (r"(?:\s+(?P<cadj>(?i:" + _CURRENCY_ADJ + r")))?\s+(?P<cword>(?i:"
                  + _CURRENCY_WORD_FORMS + r"))\b|\s?(?P<ccode>(?:" + "|".join(_CURRENCY_CODES + tuple(_CONTEXT_CODES))
                  + r"))\b|\s?(?P<csym>zł|Kč|₫|€|₽|₴|₪|₸|₺|kr\.?)(?!\w)")
_PERCENT_TAIL = (r"(?P<pct>\s?[%％]|\s?(?i:per[\s-]?cent|percent|pct)\b"
                 r"|\s?(?P<pp>(?i:percentage[\s-]points?|pp|ppts?|basis\s+points?|bps?))\b)")
_UNIT_TAIL = ("(?P<unit>(?i:" + _alternation(list(_UNIT_WORDS)) + r")\b|(?:"
              + _alternation(list(_UNIT_SYMBOLS)) + r")(?![\w²³]))")
_RATE = (r"(?P<rate>\s*(?:/|(?i:per|a|an|each|every)\s+)(?i:day|year|annum|month|week|hour|yr|y|h)\b"
         r"(?!\s+(?i:ago|earlier|later|before|after))|\s+(?i:annually|yearly|daily|monthly|weekly)\b)?")
# Words that never sit between a figure and its noun ("5 of the ...", "1,630 a year ago").
_NOT_BETWEEN = frozenset(
    """a an the of to in on at by for from with and or but nor than that which who whom whose were was
    is are be been being has have had will would could can may might must shall should per each every
    this these those its their his her our your my more most less fewer about over under up down out
    into onto as so not no only just also still then when while where if because since until after
    before during percent cent cents times did do does says said ago earlier later old am pm""".split()
)
_NOT_BETWEEN_RE = r"(?:" + "|".join(sorted(_NOT_BETWEEN, key=len, reverse=True)) + r")\b"
_TIME_UNIT_WORDS = r"(?i:years?|months?|weeks?|days?|hours?|minutes?|seconds|decades?|centuries)\b"
_UNIT_GAP = (r"(?:\s+(?P<adj>(?i:more|additional|extra|new|fewer))\s+"
             # "two wet years", "75 long years": one describing word before a unit of time
             r"|\s+(?!" + _NOT_BETWEEN_RE + r")[a-z]+(?:-[a-z]+)?\s+(?=" + _TIME_UNIT_WORDS + r")"
             r"|\s*|-)")
_NUMBER_TAIL = (f"(?:{_PERCENT_TAIL}|{_CURRENCY_TAIL}|{_UNIT_GAP}{_UNIT_TAIL}{_RATE})")


def _number_led(between: bool) -> str:
    # Between-ranges ("between 5 and 7 percent") only where "between" precedes;
    # elsewhere "and" joins two separate figures.
    sep = r"\s+and\s+" if between else _RANGE_SEP
    lead = r"(?<=[Bb]etween\s)" if between else ""
    return (lead + _NUM_START + r"(?P<sign>[-−](?=\d))?(?P<num>" + _NUM_CORE + r")(?:" + sep
            + r"(?P<num2>" + _NUM_CORE + r"))?(?P<scale>" + _SCALE + r")?" + _NUMBER_TAIL)


def _money_prefixed(between: bool) -> str:
    sep = r"\s+and\s+" if between else _RANGE_SEP
    lead = r"(?<=[Bb]etween\s)" if between else ""
    return (lead + r"(?P<cur>" + _CURRENCY_PREFIX + r")\s?(?P<num>" + _DIGITS + r")(?P<scale>"
            + _SCALE + r")?(?P<tail>" + sep + r"(?P<cur2>" + _CURRENCY_PREFIX + r")?\s?(?P<num2>" + _DIGITS
            + r")(?P<scale2>" + _SCALE + r")?)?")


# Words ending in "s" that are not plural nouns, and plurals without an "s".
_NOT_PLURAL = ("this his was has does says goes makes remains seems looks comes gets takes shows needs wants "
               "means its news always perhaps towards besides whereas yes as times others ones thousands "
               "hundreds millions billions dozens tens lbs afterwards sometimes").split()
_IRREGULAR_PLURALS = {"cattle": "cattle", "personnel": "personnel", "staff": "staff", "livestock": "livestock",
                      "police": "police", "sheep": "sheep", "fish": "fish", "deer": "deer", "crew": "crew",
                      "men": "man", "women": "woman", "children": "child", "people": "people",
                      "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose"}
_COUNTED_NOUN = (
    r"(?:\s+(?!" + _NOT_BETWEEN_RE + r")[a-z]+(?:-[a-z]+)*){0,2}?\s+"  # "600 [aid] trucks"
    r"(?:(?!(?:" + "|".join(_NOT_PLURAL) + r")\b)[a-z]+(?:-[a-z]+)*(?<![siu'])s"
    r"|(?:" + "|".join(_IRREGULAR_PLURALS) + r")(?!\s+[a-z]+(?<![siu'])s\b))\b(?![-'’]\w)"  # "police officers"
)
_REL_UNITS = r"(?i:years?|months?|weeks?|days?|decades?)"
_ALTERNATIVES: list[tuple[str, str]] = [
    # Absolute dates.
    ("iso", r"(?<![\w.\-/])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])(?![\w/-]|\.\d)"),
    ("weekday_date", f"(?P<wd>{_WEEKDAY}),?\\s+(?:the\\s+)?(?:(?P<mon>{_MONTH})\\s+(?P<day>{_DAY})"
     f"|(?P<day_b>{_DAY})(?:\\s+of)?\\s+(?P<mon_b>{_MONTH}))(?:,?\\s+(?P<year>{_YEAR}))?"),
    ("month_day", f"(?P<mon>{_MONTH})\\s+(?P<day>{_DAY})(?:\\s*[-–]\\s*(?P<day2>{_DAY}))?"
     f"(?:,?\\s+(?P<year>{_YEAR}))?"),
    ("month_year", f"(?P<mon>{_MONTH}),?\\s+(?:of\\s+)?(?P<year>{_YEAR})"),
    ("month_rel", f"(?P<mon>{_MONTH_FULL})\\s+(?P<which>(?i:last|this|next))\\s+(?i:year)\\b"),
    ("day_month", f"{_NUM_START}(?P<day>{_DAY})(?:\\s*[-–]\\s*(?P<day2>{_DAY}))?(?:\\s+of)?\\s+"
     f"(?P<mon>{_MONTH})(?:,?\\s+(?P<year>{_YEAR}))?"),
    # Dates with early/mid/late.
    ("part_rel", r"(?<![\w-])(?P<part>(?i:early|mid|late))[\s-]+(?P<which>(?i:last|this|next))\s+"
     r"(?P<unit>(?i:year|month))\b"),
    ("part_month", f"(?<![\\w-])(?P<part>(?i:early|mid|late))[\\s-]+(?P<mon>{_MONTH_FULL})"
     f"(?:,?\\s+(?P<year>{_YEAR}))?"),
    ("part_decade", f"(?<![\\w-])(?P<part>(?i:early|mid|late))[\\s-]+(?P<decade>{_DECADE})"),
    ("part_year", f"(?<![\\w-])(?P<part>(?i:early|mid|late))[\\s-]+(?P<year>{_YEAR})(?![\\w%])"),
    # Relative dates.
    ("rel_span", r"(?<![\w-])(?P<which>(?i:last|past|previous|next|coming))\s+(?P<n>(?i:few|several|couple\s+of)\b|"
     + _NUM_WORD + r"|\d{1,3}(?![\d,.]))\s+(?P<unit>" + _REL_UNITS + r")\b"),
    ("rel_unit", r"(?<![\w-])(?P<which>(?i:last|this|next|past|coming|previous|current))\s+"
     r"(?P<unit>(?i:year|month|week|weekend|decade|century|quarter|season))\b"),
    # Parts of a year: "third quarter", "third-quarter", "Q3 2025", "second half of 2025".
    ("quarter", r"(?<![\w-])(?P<ord>(?i:first|second|third|fourth|final))[\s-](?i:quarter)\b"
     r"(?:,?\s+(?:(?i:of)\s+)?(?P<year>" + _YEAR + r")|\s+(?i:of)\s+(?P<which>(?i:last|this|next))\s+(?i:year)\b)?"),
    ("q_number", r"(?<![\w-])Q(?P<q>[1-4])(?:\s+(?P<year>" + _YEAR + r"))?(?![\w-])"),
    ("half", r"(?<![\w-])(?P<ord>(?i:first|second))[\s-](?i:half)\s+(?i:of)\s+(?:(?P<year>" + _YEAR
     + r")|(?P<which>(?i:last|this|next))\s+(?i:year)\b|(?i:the\s+year)\b)"),
    # "fiscal 2026", "fiscal year 2024-25", "FY2025"
    ("fiscal", r"(?<![\w-])(?:(?i:fiscal)(?:\s+(?i:year))?\s+|FY\s?)(?:(?P<y1>" + _YEAR
     + r")\s*[-–/]\s*(?P<y2>(?:19|20)?\d\d)|(?P<year>" + _YEAR + r"))(?![\w%]|[.,]\d)"),
    ("rel_weekday", f"(?<![\\w-])(?P<which>(?i:last|this|next|coming|past))\\s+(?P<wd>{_WEEKDAY})"),
    ("rel_month", f"(?<![\\w-])(?P<which>(?i:last|this|next|coming|past))\\s+(?P<mon>{_MONTH_FULL})"
     r"(?!,?\s+\d)"),
    ("rel_within", r"(?<![\w-])(?P<edge>(?i:earlier|later))\s+(?P<which>(?i:this|last|next))\s+"
     r"(?P<unit>(?i:year|month|week))\b"),
    ("rel_day", r"(?<![\w-])(?P<word>(?i:yesterday|today|tomorrow|tonight))\b"),
    ("ago", r"(?<![\w.,\-])(?P<n>(?i:an?|one)\b|" + _NUM_WORD + r"|\d{1,3}(?![\d,.]))\s+"
     r"(?P<unit>" + _REL_UNITS + r")\s+(?P<dir>(?i:ago|earlier|later))\b"),
    # Money with the currency in front.
    ("money_between", _money_prefixed(True)),
    ("money", _money_prefixed(False)),
    ("magnitude", r"(?<![\w-])(?i:magnitude)[\s-]+(?P<num>\d{1,2}(?:\.\d+)?)(?![\d.,]\d|\w)"),
    # A number followed by a currency, a percent sign or word, or a unit.
    ("number_between", _number_led(True)),
    ("number", _number_led(False)),
    # Years.
    ("year_range", f"{_NUM_START}(?P<y1>{_YEAR})\\s*[-–—/]\\s*(?P<y2>(?:19|20)?\\d\\d)(?![\\w%]|[.,/]\\d)"
     r"(?:\s+(?i:season)\b)?"),
    ("decade", f"(?<![\\w'’$€£¥])(?P<decade>{_DECADE})"),
    ("year", f"{_NUM_START}(?<![$€£¥#])(?<!\\d\\s)(?P<year>{_YEAR})(?![\\w%]|[.,]\\d|[-–/]\\d|\\s\\d)"
     r"(?:\s+(?i:season)\b)?"),
    # A figure in digits (or with million/billion) and the plural noun it
    # counts: "900 tractors", "600 aid trucks", "3 million farmers". After
    # "year", so "the 2024 elections" stays a date.
    ("counted", _NUM_START + r"(?P<num>" + _DIGITS + r")(?:" + _RANGE_SEP + r"(?P<num2>" + _DIGITS
     + r"))?(?P<scale>" + _SCALE + r")?(?P<noun>" + _COUNTED_NOUN + r")"),
    # Names of days and months standing alone.
    ("weekday", f"(?<![\\w-])(?P<wd>{_WEEKDAY})(?!['’]?s\\b)"),
    ("prep_month", f"(?<![\\w-])(?i:in|since|until|till|by|through|during|from)\\s+(?P<mon>{_MONTH_FULL})"
     r"(?!\.?,?\s+(?:\d|(?i:last|this|next)\b))"),
    # "the smallest May increase": a month mid-sentence before a lower-case word
    ("bare_month", f"(?<![\\w-])(?P<mon>{_MONTH_FULL})(?!['’]s\\b)(?=\\s+[a-z]|\\s*[,.;:)!?]|\\s*$)"),
]
_GROUP_NAME = re.compile(r"\(\?P<(\w+)>")


def _prefixed(name: str, pattern: str) -> str:
    # In the master, alternative "money"'s group "cur" is "money__cur", and the
    # alternative itself is the outermost group "money" (the match's lastgroup).
    return f"(?P<{name}>" + _GROUP_NAME.sub(lambda g: f"(?P<{name}__{g[1]}>", pattern) + ")"


def _any_case(*words: str) -> set[str]:
    return {variant for word in words for variant in (word, word.capitalize(), word.upper())}


# The alternatives sorted by how they can begin, so that the scanner rejects
# most positions (the inside of words) with one test instead of one per
# pattern: this is what keeps it above 1 MB/s. At a digit the order is
# ISO/day-month dates, then "N days ago", then figures, then bare years.
_DIGIT_FIRST = ("iso", "day_month")
_DIGIT_OR_WORD = ("ago", "money_between", "money", "magnitude", "number_between", "number")
_DIGIT_LAST = ("year_range", "decade", "year", "counted")
_WORD_ONLY = ("weekday_date", "month_day", "month_year", "month_rel", "part_rel", "part_month",
              "part_decade", "part_year", "rel_span", "rel_unit", "rel_weekday", "rel_month",
              "rel_within", "rel_day", "quarter", "q_number", "half", "fiscal", "weekday",
              "prep_month", "bare_month")
# The words that can begin one of those (a word not listed cannot start a
# figure, and that is most words).
_FIGURE_FIRST_WORDS = (
    _any_case("a", "an", "half", "magnitude", *_SMALL_NUMBERS, *_TENS)
    | {"US", "U", "A", "AU", "C", "CA", "HK", "NZ", "S", "R", "NT", "MX", "CN", "JP", "Rs", "KSh",
       "Mex", "Col", "RD", "J", "TT", "EC", "Z", "N", "E", "GH", "USh", "TSh", "RM", "Rp", "Tk", "QR",
       "SR", "Dh", "Dhs", "Kč", "zł", "kr", "Bs"}
    | set(_CURRENCY_CODES) | set(_CONTEXT_CODES)
)
_DATE_FIRST_WORDS = (
    set(_MONTHS) | set(_WEEKDAYS)
    | {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"}
    | _any_case("last", "past", "previous", "next", "coming", "current", "this", "earlier",
                "later", "yesterday", "today", "tomorrow", "tonight", "recent", "early", "mid",
                "late", "in", "since", "until", "till", "by", "through", "during", "from", "first",
                "second", "third", "fourth", "final", "fiscal")
    | {"FY", "Q1", "Q2", "Q3", "Q4"}
)
_SOURCE = dict(_ALTERNATIVES)
assert set(_DIGIT_FIRST + _DIGIT_OR_WORD + _DIGIT_LAST + _WORD_ONLY) == set(_SOURCE)


def _group(head: str, names: tuple[str, ...]) -> str:
    return head + "(?:" + "|".join(_prefixed(name, _SOURCE[name]) for name in names) + ")"


_AT_NUMBER = r"(?=[\d.\-−])"
_MASTER = re.compile("|".join((
    _group(_AT_NUMBER, _DIGIT_FIRST),
    _group(r"(?:(?=[\d.\-−$€£¥₽₹₩₺₴₦₱₫₪₸₾₼₡₲₵₮₭៛৳₨])|(?<![\w])(?=" + _trie(_FIGURE_FIRST_WORDS) + "))", _DIGIT_OR_WORD),
    _group(_AT_NUMBER, _DIGIT_LAST),
    _group(r"(?<![\w])(?=" + _trie(_DATE_FIRST_WORDS) + ")", _WORD_ONLY),
)))


# One pass over an article, letter by letter (a trie), not 250 tries per position.
_COUNTRY_CUE_RE = re.compile(r"(?<![\w-])" + _trie(set(_COUNTRY_CUES)) + r"(?![\w-])")


class _Groups:
    """One alternative's view of a master match: ``m["cur"]`` is its group "cur"."""

    __slots__ = ("_match", "_prefix")

    def __init__(self, match: _Groups, name: str) -> None:
        self._match = match
        self._prefix = name + "__"

    def __getitem__(self, group: str) -> str | None:
        return self._match.group(self._prefix + group)

    def get(self, group: str) -> str | None:
        """The group, or None where this alternative has no such group."""
        try:
            return self._match.group(self._prefix + group)
        except IndexError:
            return None

    def start(self) -> int:
        return self._match.start()

    def end(self) -> int:
        return self._match.end()

    def group_text(self) -> str:
        """The text the whole alternative matched."""
        return self._match.group()

    def span(self, group: str) -> tuple[int, int]:
        return self._match.span(self._prefix + group)


_AGE_AFTER = re.compile(r"(?:-|\s+)(?i:olds?)\b")
_CURRENCY_IN_SENTENCE = re.compile(r"(?P<sign>" + _CURRENCY_PREFIX + r")(?=\s?\d)|\b(?P<word>(?i:"
                                   + r"dollars?|euros?|pounds?|yen|yuan|rupees?|rand|shillings?))\b")
_YUAN_CONTEXT = re.compile(r"(?i)\b(?:yuan|renminbi|rmb|cny)\b|CN¥")
_FUTURE_CUE = re.compile(r"(?i)\b(?:will|shall)\b|’ll\b|'ll\b|\b(?:is|are|am)\s+(?:(?:also|still|now|not)\s+|\w+ly\s+)?"
                         r"(?:scheduled|expected|due|set|slated|poised|(?:going|planning|planned)\s+to)\b"
                         r"|\bplans?\s+to\b|\bupcoming\b")
_PAST_CUE = re.compile(r"(?i)\b(?:said|told|was|were|had|did|since|ago|(?:has|have)\s+been)\b")

# --------------------------------------------------------------------------
# Qualifiers and reference periods
# --------------------------------------------------------------------------

_QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = {
    "estimated": ("an estimated", "estimated", "est.", "an estimate of", "estimates of"),
    "approximately": ("approximately", "approx.", "about", "around", "roughly", "some", "circa",
                      "an approximate", "approximate"),
    "nearly": ("nearly", "almost", "close to", "just under", "just shy of", "just below",
               "not quite"),
    "more than": ("more than", "over", "above", "in excess of", "upwards of", "exceeding",
                  "north of", "just over", "just above", "well over", "well above"),
    "at least": ("at least", "no less than", "no fewer than", "a minimum of"),
    "up to": ("up to", "as much as", "as many as", "as high as", "a maximum of"),
    "less than": ("less than", "fewer than", "under", "below", "well below", "well under"),
    "record": ("a record", "record", "a record high of", "record high of", "a record-high",
               "record-high", "an all-time high of", "all-time high of", "an all-time high",
               "an unprecedented", "unprecedented"),
    "only": ("only", "just", "a mere", "mere"),
    "up": ("up", "up by", "increase of", "increase", "increased by", "increased", "rise of",
           "rise", "rose by", "rose", "risen by", "risen", "growth of", "growth", "grew by",
           "grew", "grown by", "jump of", "jumped by", "jumped", "gain of", "gained", "climbed by",
           "climbed", "surge of", "surged by", "surged", "soared", "higher by", "increases of",
           "rises"),
    "down": ("down", "down by", "decrease of", "decreased by", "decreased", "decline of",
             "declined by", "declined", "fell by", "fell", "fallen by", "fallen", "fall of",
             "drop of", "dropped by", "dropped", "slump of", "slumped by", "slumped", "plunged by",
             "plunged", "shrank by", "shrank", "contraction of", "cut of", "cut by",
             "reduction of", "reduced by", "slid", "tumbled", "lower by"),
    "": ("a", "an", "the", "of", "by"),  # filler between a hedge and the figure
}
_QUALIFIER_OF = {phrase: q for q, phrases in _QUALIFIER_PHRASES.items() for phrase in phrases}
_YOY_BEFORE = ("year-on-year", "year-over-year", "y/y", "yoy", "annual", "an annual")
_QUALIFIER_BEFORE = re.compile(
    r"(?i)(?<![\w.])(?P<phrase>" + _alternation(list(_QUALIFIER_OF) + list(_YOY_BEFORE))
    + r")[\s\-–—]*$")
_QUALIFIER_LAST_WORDS = frozenset(phrase.split()[-1] for phrase in (*_QUALIFIER_OF, *_YOY_BEFORE))
_DIRECTION_AFTER = re.compile(
    r"(?i)\s*(?:(?P<up>increase|rise|jump|gain|growth|hike|surge|higher|rises|increases)"
    r"|(?P<down>decrease|decline|drop|fall|reduction|cut|slump|lower|plunge|contraction))\b")
_CHANGE_PERIOD_AFTER = re.compile(
    r"(?i)\b(?P<yoy>year[\s-]on[\s-]year|year[\s-]over[\s-]year|y/y|yoy|on\s+the\s+year"
    r"|(?:from|than|on|over|compared\s+(?:with|to))\s+(?:a\s+year\s+(?:earlier|ago|before)"
    r"|the\s+same\s+period\s+(?:last|a)\s+year|the\s+previous\s+year'?s?))"
    r"|(?P<mom>month[\s-]on[\s-]month|m/m)|(?P<qoq>quarter[\s-]on[\s-]quarter|q/q)\b")
_PERIOD_CUE = re.compile(
    r"(?i)\b(?:from|since|compared\s+(?:with|to)|versus|vs\.?|over|than(?:\s+in)?|relative\s+to"
    r"|against|between)\s+(?:the\s+)?(?:(?:same\s+(?:period|month|quarter|time)|end|start"
    r"|beginning|levels?|first\s+half|second\s+half)\s+(?:of|in)\s+)?$")
_PERIOD_JOIN = re.compile(r"(?i)^\s*(?:and|to|until|through|-|–)\s*$")
_SINCE_BEFORE = re.compile(r"(?i)\bsince\s+$")

_PHRASAL_VERBS = frozenset("""set sets setting made make makes making put puts putting pick picks
picked picking sign signs signed signing take takes took taken taking give gives gave given back
backs backed build builds built open opens opened paid pay pays paying wrote write writes written
hand hands handed turn turns turned shut shuts close closes closed drew draw draws drawn""".split())
# How far from the published date a date without a year may fall before we
# read it as last (or next) year's.
_UNDATED_HORIZON_DAYS = 90
_DURATION_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute", "decade", "century"})
_HEDGE_WINDOW = 60
_PERIOD_WINDOW = 60


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def find_quantities(text: str, *, published: dt.date | None = None,
                    countries: Sequence[str] = ()) -> list[QuantitySpan]:
    """Every money amount, percentage, measured quantity and date in ``text``.

    ``text`` is one sentence (offsets are into it); ``published`` is the
    article's date, used to resolve "last year", "on Thursday", "May 16";
    ``countries`` (from ``countries_for_currency`` over the whole article)
    settle a currency name several countries share when the sentence names
    none of them ("45 billion pesos" in a story about Mexico is MXN).
    Spans are sorted by position and never overlap.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    context = _Sentence(text, published, countries)
    found: list[tuple[int, int, Quantity]] = []
    for match in _MASTER.finditer(text):
        name = match.lastgroup
        assert name is not None
        parsed = _HANDLERS[name](_Groups(match, name), context)
        if isinstance(parsed, list):
            found.extend(parsed)
        elif parsed is not None:
            found.append(parsed)
    found = _add_qualifiers_and_periods(text, found)
    return [QuantitySpan(start, end, q, quantity_label(q), quantity_key(q)) for start, end, q in found]


def countries_for_currency(text: str) -> tuple[str, ...]:
    """The countries ``text`` names that share a currency's name with others,
    as the adjectives that pick one ("mexican", "czech"), most named first:
    pass them to ``find_quantities(countries=...)`` for each sentence."""
    counts = Counter(_COUNTRY_CUES[m.group()] for m in _COUNTRY_CUE_RE.finditer(text))
    return tuple(adjective for adjective, _ in counts.most_common())


def quantity_key(q: Quantity) -> str:
    """The canonical key: ``money:240000000000_usd``, ``percent:63``,
    ``quantity:107000000_tonne``, ``date:2022-02``, ``date:last_year``."""
    if q.kind == DATE:
        if q.date is not None:
            return f"date:{q.date}"
        return "date:" + _slug(q.relative or "unknown")
    amount = "unknown" if q.amount is None else _number_key(q.amount)
    if q.kind == MONEY:
        return f"money:{amount}_{q.unit.lower()}"
    if q.kind == PERCENT:
        return f"percent:{amount}" if q.unit in ("%", "") else f"percent:{amount}_{_slug(q.unit)}"
    return f"{q.kind.lower()}:{amount}_{_slug(q.unit)}"


def quantity_label(q: Quantity) -> str:
    """How a person reads the key: "$240 billion", "63%", "February 2022"."""
    if q.kind == DATE:
        if q.date is not None:
            return _date_label(q.date)
        relative = q.relative or "unknown date"
        return relative.capitalize() if relative in _WEEKDAY_NUMBER else relative
    if q.amount is None:
        return q.unit
    if q.kind == MONEY:
        symbol, name = _CURRENCY_DISPLAY.get(q.unit, ("", ""))
        figure = _amount_words(q.amount)
        if symbol:
            return f"-{symbol}{figure[1:]}" if figure.startswith("-") else f"{symbol}{figure}"
        if name:
            return f"{figure} {name}"
        if q.unit in _FAMILIES:  # a currency whose country the text did not say: "45 billion pesos"
            return f"{figure} {_FAMILY_PLURALS.get(q.unit, q.unit + 's')}"
        return f"{q.unit} {figure}"
    if q.kind == PERCENT:
        if q.unit == "pp":
            points = "percentage point" if abs(q.amount) == 1 else "percentage points"
            return f"{_plain_number(q.amount)} {points}"
        return f"{_plain_number(q.amount)}%"
    if q.unit == "magnitude":
        return f"magnitude {_plain_number(q.amount)}"
    unit = _unit_display(q.unit, q.amount)
    gap = "" if unit.startswith("°") else " "
    return f"{_amount_words(q.amount)}{gap}{unit}"


# --------------------------------------------------------------------------
# Handlers: one per alternative, each returning (start, end, Quantity) or None
# --------------------------------------------------------------------------


class _Sentence:
    """What handlers need to know about the sentence, computed lazily."""

    __slots__ = ("text", "published", "_yuan", "_tense", "_has_year", "_currency", "_countries",
                 "article_countries")

    def __init__(self, text: str, published: dt.date | None, article_countries: Sequence[str] = ()) -> None:
        self.text = text
        self.published = published
        self.article_countries = article_countries
        self._countries: list[tuple[int, str]] | None = None
        self._yuan: bool | None = None
        self._tense: str | None = None
        self._has_year: bool | None = None
        self._currency: str | None = None

    def talks_of_yuan(self) -> bool:
        if self._yuan is None:
            self._yuan = _YUAN_CONTEXT.search(self.text) is not None
        return self._yuan

    def tense(self) -> str:
        """"future", "past", "mixed" or "" (no cue), from words anywhere in the sentence."""
        if self._tense is None:
            future = _FUTURE_CUE.search(self.text) is not None
            past = _PAST_CUE.search(self.text) is not None
            self._tense = "mixed" if future and past else "future" if future else "past" if past else ""
        return self._tense

    def currency(self) -> str:
        """The first currency the sentence names ("" when none): what "cents" are of."""
        if self._currency is None:
            found = _CURRENCY_IN_SENTENCE.search(self.text)
            if found is None:
                self._currency = ""
            elif found["sign"]:
                self._currency = _prefix_currency(found["sign"], self)
            else:
                self._currency = _family_currency(_family_of(found["word"].lower()), self)
        return self._currency

    def countries(self, at: int) -> list[str]:
        """Adjectives of the countries the sentence names, nearest before
        ``at`` first, then those after it, then the article's (most named
        first): what "pesos" or "Rs" at ``at`` are of."""
        if self._countries is None:
            self._countries = [(m.start(), _COUNTRY_CUES[m.group()]) for m in _COUNTRY_CUE_RE.finditer(self.text)]
        before = [adj for pos, adj in reversed(self._countries) if pos < at]
        after = [adj for pos, adj in self._countries if pos >= at]
        return before + after + list(self.article_countries)

    def names_a_year(self) -> bool:
        if self._has_year is None:
            self._has_year = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", self.text) is not None
        return self._has_year


_Parsed = tuple[int, int, Quantity] | None


def _date(match: _Groups, date: str | None, relative: str | None = None,
          qualifiers: tuple[str, ...] = (), start: int | None = None, end: int | None = None) -> _Parsed:
    return (match.start() if start is None else start, match.end() if end is None else end,
            Quantity(DATE, date=date, relative=relative, qualifiers=qualifiers))


def _ymd(year: int | None, month: int, day: int | None = None) -> str | None:
    """ISO text for a calendar date, "XXXX" for an unknown year; None if invalid."""
    if day is not None:
        try:
            dt.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 stays valid
        except ValueError:
            return None
    head = f"{year:04d}" if year is not None else "XXXX"
    return f"{head}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _month_number(text: str) -> int:
    return _MONTH_NUMBER[text.rstrip(".").lower()]


def _inferred_year(context: _Sentence, month: int, day: int = 1) -> int | None:
    """The year of a date written without one: the published year, unless
    that puts a past-tense date months after publication ("since October 7",
    published in May: last October) or a future one months before it."""
    pub = context.published
    if pub is None:
        return None
    try:
        candidate = dt.date(pub.year, month, day)
    except ValueError:  # February 29 in a common year: no rolling, the caller validates
        return pub.year
    tense = context.tense()
    if tense == "past" and (candidate - pub).days > _UNDATED_HORIZON_DAYS:
        return pub.year - 1
    if tense == "future" and (pub - candidate).days > _UNDATED_HORIZON_DAYS:
        return pub.year + 1
    return pub.year


def _handle_iso(m: _Groups, context: _Sentence) -> _Parsed:
    iso = _ymd(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if iso is None else _date(m, iso)


def _handle_calendar(m: _Groups, context: _Sentence) -> _Parsed:
    month = _month_number(m["mon"] or m.get("mon_b") or "")
    day = _day_number(m["day"] or m.get("day_b") or "")
    year = int(m["year"]) if m["year"] else _inferred_year(context, month, day)
    iso = _ymd(year, month, day)
    if iso is None:
        return None
    relative = None
    if not m["year"]:
        relative = f"{_MONTHS[month - 1].lower()} {day}"
    qualifiers = ("range",) if m.get("day2") else ()
    return _date(m, iso, relative, qualifiers)


def _handle_month_year(m: _Groups, context: _Sentence) -> _Parsed:
    return _date(m, _ymd(int(m["year"]), _month_number(m["mon"])))


def _year_offset(context: _Sentence, which: str) -> int | None:
    if context.published is None:
        return None
    return context.published.year + {"last": -1, "previous": -1, "this": 0, "current": 0,
                                     "next": 1}[which]


def _handle_month_rel(m: _Groups, context: _Sentence) -> _Parsed:
    which = m["which"].lower()
    year = _year_offset(context, which)
    month = _month_number(m["mon"])
    relative = f"{m['mon'].lower()} {which} year"
    return _date(m, None if year is None else _ymd(year, month), relative)


def _handle_part_rel(m: _Groups, context: _Sentence) -> _Parsed:
    part, which, unit = m["part"].lower(), m["which"].lower(), m["unit"].lower()
    return _date(m, _resolve_unit(context, which, unit), f"{part} {which} {unit}", (part,))


def _handle_part_month(m: _Groups, context: _Sentence) -> _Parsed:
    part = m["part"].lower()
    month = _month_number(m["mon"])
    year = int(m["year"]) if m["year"] else _inferred_year(context, month)
    relative = None if m["year"] else f"{part}-{m['mon'].lower()}"
    return _date(m, _ymd(year, month), relative, (part,))


def _handle_part_decade(m: _Groups, context: _Sentence) -> _Parsed:
    return _date(m, _decade(m["decade"]), None, (m["part"].lower(),))


def _handle_part_year(m: _Groups, context: _Sentence) -> _Parsed:
    return _date(m, m["year"], None, (m["part"].lower(),))


def _decade(text: str) -> str:
    return text[:4] + "s"


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _resolve_unit(context: _Sentence, which: str, unit: str) -> str | None:
    """"last year" -> "2023"; None where the phrase names no fixed period."""
    pub = context.published
    step = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1}.get(which)
    if pub is None or step is None:
        return None
    if unit == "year":
        return f"{pub.year + step:04d}"
    if unit == "month":
        year, month = _shift_month(pub, step)
        return f"{year:04d}-{month:02d}"
    if unit == "week":
        return _iso_week(pub + dt.timedelta(weeks=step))
    return None


def _handle_rel_unit(m: _Groups, context: _Sentence) -> _Parsed:
    which, unit = m["which"].lower(), m["unit"].lower()
    if which == "past":
        return None  # "over the past year": a stretch of time with no number, neither date nor figure
    if which == "current":
        which = "this"
    if which == "previous" and context.names_a_year():
        # "in 2019 ... up from the previous year": relative to 2019, not to today.
        return _date(m, None, f"{which} {unit}")
    return _date(m, _resolve_unit(context, which, unit), f"{which} {unit}")


def _handle_rel_within(m: _Groups, context: _Sentence) -> _Parsed:
    edge, which, unit = m["edge"].lower(), m["which"].lower(), m["unit"].lower()
    return _date(m, _resolve_unit(context, which, unit), f"{edge} {which} {unit}")


def _handle_rel_span(m: _Groups, context: _Sentence) -> _Parsed:
    """"the past three years" is a duration: the QUANTITY "three years";
    "the last few weeks" has no number and is nothing."""
    count_text = " ".join(m["n"].lower().split())
    count = _word_number(count_text) if not count_text[0].isdigit() else int(count_text)
    if count is None:
        return None
    start, _ = m.span("n")
    return start, m.end(), Quantity(QUANTITY, amount=float(count), unit=m["unit"].lower().rstrip("s"))


def _handle_rel_day(m: _Groups, context: _Sentence) -> _Parsed:
    word = m["word"].lower()
    if m["word"][0].isupper() and _previous_word_is_name(context.text, m.start()):
        return None  # "USA Today", "Russia Today"
    pub = context.published
    if pub is None:
        return _date(m, None, word)
    offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    return _date(m, (pub + dt.timedelta(days=offset)).isoformat(), word)


def _resolve_weekday(context: _Sentence, weekday: int, which: str | None) -> str | None:
    pub = context.published
    if pub is None:
        return None
    back = (pub.weekday() - weekday) % 7  # days back to the latest such day (0 = today)
    ahead = (weekday - pub.weekday()) % 7
    if which == "last":
        return (pub - dt.timedelta(days=back or 7)).isoformat()
    if which in ("next", "coming"):
        return (pub + dt.timedelta(days=ahead or 7)).isoformat()
    if which == "this":
        return (pub + dt.timedelta(days=ahead)).isoformat()
    if back == 0:
        return pub.isoformat()
    tense = context.tense()
    if tense == "mixed":
        return None
    if tense == "future":
        return (pub + dt.timedelta(days=ahead)).isoformat()
    return (pub - dt.timedelta(days=back)).isoformat()  # news reports what happened


def _handle_weekday(m: _Groups, context: _Sentence) -> _Parsed:
    if _previous_word(context.text, m.start()) in _WEEKDAY_NAME_PREFIXES:
        return None  # "Black Friday", "Good Friday"
    if _WEEKDAY_NAME_SUFFIX.match(context.text, m.end()):
        return None  # "the Sunday Times"
    name = m["wd"].lower()
    return _date(m, _resolve_weekday(context, _WEEKDAY_NUMBER[name], None), name)


def _handle_weekday_date(m: _Groups, context: _Sentence) -> _Parsed:
    return _handle_calendar(m, context)


def _handle_rel_weekday(m: _Groups, context: _Sentence) -> _Parsed:
    which, name = m["which"].lower(), m["wd"].lower()
    if which == "past":
        which = "last"
    return _date(m, _resolve_weekday(context, _WEEKDAY_NUMBER[name], which), f"{which} {name}")


def _handle_rel_month(m: _Groups, context: _Sentence) -> _Parsed:
    which, month = m["which"].lower(), _month_number(m["mon"])
    relative = f"{which} {m['mon'].lower()}"
    pub = context.published
    if pub is None:
        return _date(m, None, relative)
    if which in ("last", "past"):
        year = pub.year if month < pub.month else pub.year - 1
    elif which in ("next", "coming"):
        year = pub.year if month > pub.month else pub.year + 1
    else:
        year = pub.year
    return _date(m, _ymd(year, month), relative)


def _handle_prep_month(m: _Groups, context: _Sentence) -> _Parsed:
    month = _month_number(m["mon"])
    start, end = m.span("mon")
    return _date(m, _ymd(_inferred_year(context, month), month), m["mon"].lower(), start=start, end=end)


def _handle_ago(m: _Groups, context: _Sentence) -> _Parsed:
    count_text = m["n"].lower()
    count = 1 if count_text in ("a", "an") else _word_number(count_text)
    if count is None:
        count = int(count_text)
    unit = m["unit"].lower().rstrip("s")
    direction = m["dir"].lower()
    if direction == "later" and count_text not in ("a", "an"):
        # "Thirty-four days later it docked": counted from an event in the
        # story, not from the publication date, so a duration.
        return m.start(), m.span("unit")[1], Quantity(QUANTITY, amount=float(count), unit=unit)
    plural = unit if count == 1 else unit + "s"
    relative = f"{count} {plural} {direction}"
    pub = context.published
    if direction != "ago" or pub is None:
        return _date(m, None, relative)
    if unit == "year":
        return _date(m, f"{pub.year - count:04d}", relative)
    if unit == "month":
        year, month = _shift_month(pub, -count)
        return _date(m, f"{year:04d}-{month:02d}", relative)
    if unit == "week":
        return _date(m, _iso_week(pub - dt.timedelta(weeks=count)), relative)
    if unit == "day":
        return _date(m, (pub - dt.timedelta(days=count)).isoformat(), relative)
    return _date(m, None, relative)


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}


def _year_of_part(m: _Groups, context: _Sentence) -> int | None:
    if m["year"]:
        return int(m["year"])
    which = m.get("which")
    return _year_offset(context, which.lower()) if which else None


def _handle_quarter(m: _Groups, context: _Sentence) -> _Parsed:
    number = _ORDINALS[m["ord"].lower()]
    year = _year_of_part(m, context)
    date = f"{year:04d}-Q{number}" if year is not None else None
    return _date(m, date, " ".join(re.sub(r"[\s-]+", " ", m.group_text().lower()).split()))


def _handle_q_number(m: _Groups, context: _Sentence) -> _Parsed:
    year = m["year"]
    return _date(m, f"{year}-Q{m['q']}" if year else None, f"Q{m['q']}")


def _handle_half(m: _Groups, context: _Sentence) -> _Parsed:
    number = _ORDINALS[m["ord"].lower()]
    year = _year_of_part(m, context)
    date = f"{year:04d}-H{number}" if year is not None else None
    return _date(m, date, " ".join(re.sub(r"[\s-]+", " ", m.group_text().lower()).split()))


def _handle_fiscal(m: _Groups, context: _Sentence) -> _Parsed:
    """"fiscal 2026" keeps "fiscal" in the span and as a qualifier: the key is
    the year, which is what a reader compares."""
    if m["year"]:
        return _date(m, m["year"], None, ("fiscal",))
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not 0 < second - first <= 1:
        return None
    return _date(m, f"{first}/{second}", None, ("fiscal",))


# Before a lone month name, words that make it a person ("said May") rather
# than a date ("the smallest May increase").
_NOT_BEFORE_BARE_MONTH = frozenset("""said says told tells asked thanked met and or with by to from
according than like as for at""".split())


def _handle_bare_month(m: _Groups, context: _Sentence) -> _Parsed:
    before = re.search(r"(?:^|\s)(\S+)\s+$", context.text[max(0, m.start() - 40):m.start()])
    if before is None:
        return None  # opening the sentence: "May said", "April is"
    previous = before.group(1)
    if not previous.isalpha() or not previous.islower():
        return None  # "Theresa May", "Prime Minister May", "(May"
    if previous in _NOT_BEFORE_BARE_MONTH:
        month_before = re.search(rf"{_MONTH_FULL}\S*\s+(?:and|or|to)\s+$",
                                 context.text[max(0, m.start() - 30):m.start()])
        if month_before is None:
            return None  # "said May", "Putin and May" ("April and May" is two months)
    month = _month_number(m["mon"])
    return _date(m, _ymd(_inferred_year(context, month), month), m["mon"].lower())


def _handle_counted(m: _Groups, context: _Sentence) -> _Parsed:
    """"900 tractors": a figure in digits and the plural noun it counts;
    the unit is the noun in the singular ("tractor", "aid truck")."""
    if _is_score(m, context):
        return None
    if _follows_a_name_or_code(context.text, m.start()):
        return None  # "Boeing 737 jets", "Article 5 says"
    amount = _amount(m["num"], m["scale"])
    if amount is None:
        return None
    words = m["noun"].split()
    words[-1] = _singular(words[-1])
    qualifiers = ("range",) if m["num2"] else ()
    return m.start(), m.end(), Quantity(QUANTITY, amount=amount, unit=" ".join(words), qualifiers=qualifiers)


def _singular(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[lower]
    if lower.endswith("ies") and len(lower) > 4 and lower not in ("series", "species"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    if lower.endswith("s") and lower not in ("series", "species"):
        return word[:-1]
    return word


def _plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "ss", "x")):
        return word + "es"
    return word + "s"


def _is_score(m: _Groups, context: _Sentence) -> bool:
    """"an 8-1 vote", "a 3-2 win": two whole numbers joined by a hyphen, the
    second not above the first, are a score, not a range (ranges rise)."""
    if not m.get("num2"):
        return False
    first, second = m["num"], m["num2"]
    if not (first.isdigit() and second.isdigit()):
        return False
    between = context.text[m.span("num")[1]:m.span("num2")[0]].strip()
    return between in ("-", "–", "—") and int(second) <= int(first)


_CODE_BEFORE_WORDS = frozenset(_MONTHS) | frozenset(_WEEKDAYS)


def _follows_a_name_or_code(text: str, start: int) -> bool:
    """A capitalised word just before the figure, not opening the sentence,
    makes it a model or a clause number ("Boeing 737", "Article 5")."""
    words = text[:start].split()
    if not words:
        return False
    word = words[-1].strip("(\"“‘'")
    if word.lower().rstrip(".") in _YEAR_BLOCKERS:
        return True
    if word[-1:] in ",;:)]":
        return False  # "(CHNL), 92 ships": punctuation between
    if not word[:1].isupper() or word.rstrip(".,") in _CODE_BEFORE_WORDS:
        return False
    return len(words) > 1  # "Some 650,000 smallholders" opens the sentence


def _handle_year_range(m: _Groups, context: _Sentence) -> _Parsed:
    first = int(m["y1"])
    second_text = m["y2"]
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not 0 < second - first <= 50:
        return None  # "2024-05" is a month, "2021-12" is ambiguous: leave them
    return _date(m, f"{first}/{second}")


def _handle_decade(m: _Groups, context: _Sentence) -> _Parsed:
    return _date(m, _decade(m["decade"]))


def _handle_year(m: _Groups, context: _Sentence) -> _Parsed:
    if _previous_word(context.text, m.start()) in _YEAR_BLOCKERS:
        return None
    if _YEAR_TIME_SUFFIX.match(context.text, m.end()):
        return None  # "at 1930 GMT" is a time
    return _date(m, m["year"])


def _handle_money(m: _Groups, context: _Sentence) -> _Parsed | list[tuple[int, int, Quantity]]:
    if m["cur"] in _LETTER_SIGNS and not (m["scale"] or m["scale2"]) and not (
        _LETTER_SIGNS[m["cur"]] in context.countries(m.start()) and ("," in m["num"] or "." in m["num"])
    ):
        return None  # "R98 billion" is rand, "R18.90" too in a story about South Africa; "R2", "N95" are codes
    currency = _prefix_currency(m["cur"], context, m.start())
    if not currency:
        # "COP 29", "NPR 2024" where the text is not about Colombia or Nepal
        if not m["scale"] and not m["num2"] and re.fullmatch(r"(?:19|20)\d\d", m["num"]):
            return _date(m, m["num"], start=m.span("num")[0], end=m.span("num")[1])
        return None
    if m["cur2"] and (m["scale"] or not m["scale2"]):
        # "$19.1 billion and $19.4 billion", "$2bn to $3bn": each end is a
        # figure of its own. ("$3 and $4 billion" shares its scale: one range.)
        first = _amount(m["num"], m["scale"])
        second = _amount(m["num2"], m["scale2"])
        if first is None or second is None:
            return None
        tail_start = m.span("cur2")[0]
        return [(m.start(), m.span("tail")[0], Quantity(MONEY, amount=first, unit=currency)),
                (tail_start, m.end(), Quantity(MONEY, amount=second, unit=_prefix_currency(m["cur2"], context, tail_start)))]
    amount = _amount(m["num"], m["scale"] or m["scale2"])
    if amount is None:
        return None
    qualifiers = ("range",) if m["num2"] else ()
    return m.start(), m.end(), Quantity(MONEY, amount=amount, unit=currency, qualifiers=qualifiers)


def _prefix_currency(symbol: str, context: _Sentence, at: int = 0) -> str:
    compact = "".join(symbol.split())
    if compact in _CONTEXT_CODES:
        return compact if _CONTEXT_CODES[compact] in context.countries(at) else ""
    if compact.upper() in _CURRENCY_CODES:
        code = compact.upper()
        return _CODE_ALIASES.get(code, code)
    currency = _PREFIX_CURRENCY[compact.lower()]
    if compact == "¥" and context.talks_of_yuan():
        return "CNY"
    if currency in _FAMILIES:  # "Rs", "₨", "kr": whose depends on the country
        return _family_currency(currency, context, at)
    return currency


def _handle_magnitude(m: _Groups, context: _Sentence) -> _Parsed:
    return m.start(), m.end(), Quantity(QUANTITY, amount=float(m["num"]), unit="magnitude")


def _handle_number(m: _Groups, context: _Sentence) -> _Parsed:
    scale_text = m["scale"]
    amount = _amount(m["num"], scale_text)
    if amount is None or _is_score(m, context):
        return None
    if m["sign"]:
        amount = -amount
    qualifiers = ("range",) if m["num2"] else ()
    if m["pct"] is not None:
        if m["pp"]:
            unit = "pp"
            if m["pp"].lower().startswith("b"):
                amount = amount / 100  # basis points
        else:
            unit = "%"
        return m.start(), m.end(), Quantity(PERCENT, amount=amount, unit=unit, qualifiers=qualifiers)
    if m["cword"] is not None:
        word = " ".join(m["cword"].lower().split())
        adjective = " ".join((m["cadj"] or "").lower().split())
        start = m.start()
        if word in ("cent", "cents", "pence", "penny"):
            # "42 cents": hundredths of the currency the sentence is about
            if adjective:
                return None
            currency = _MINOR_UNITS[word.rstrip("s") if word != "pence" else word] or context.currency() or "USD"
            return start, m.end(), Quantity(MONEY, amount=_scaled(amount, 0.01), unit=currency,
                                            qualifiers=qualifiers)
        family = _family_of(word)
        if adjective:
            currency = _CURRENCY_ADJECTIVES.get((family, adjective))
            if currency is None:
                return None  # "5 million Danish dollars"? the adjective is not a currency's
        else:
            currency = _family_currency(family, context, start)
            if word in _AMBIGUOUS_FORMS and not scale_text and not (
                (family == "won" and amount >= 1000) or (family == "crown" and currency != "crown")
            ):
                return None  # "he won", "a real chance", "three crowns" (but "500 crowns" in Prague)
        if family == "pound" and "sterling" not in word and not scale_text and not adjective:
            # "200 pounds" of weight; "£" or "pounds sterling" or a scale make it money.
            return start, m.end(), Quantity(QUANTITY, amount=amount, unit="lb", qualifiers=qualifiers)
        return start, m.end(), Quantity(MONEY, amount=amount, unit=currency, qualifiers=qualifiers)
    if m["ccode"] is not None:
        code = _CODE_ALIASES.get(m["ccode"], m["ccode"])
        if code in _CONTEXT_CODES and _CONTEXT_CODES[code] not in context.countries(m.start()):
            return None
        if not scale_text and re.fullmatch(r"(?:19|20)\d\d", m["num"]) and code not in _MAJOR_CODES:
            # "the 2024 MAD report": a year before an acronym
            return _date(m, m["num"], end=m.span("num")[1])
        return m.start(), m.end(), Quantity(MONEY, amount=amount, unit=code, qualifiers=qualifiers)
    if m["csym"] is not None:
        code = _SUFFIX_CURRENCY[m["csym"].lower()]
        if code in _FAMILIES:
            code = _family_currency(code, context, m.start())
        return m.start(), m.end(), Quantity(MONEY, amount=amount, unit=code, qualifiers=qualifiers)
    surface = " ".join(m["unit"].split())  # the patterns allow any run of spaces
    if surface in _UNIT_SYMBOLS:
        unit, multiplier = _UNIT_SYMBOLS[surface]
    else:
        unit, multiplier = _UNIT_WORDS[surface.lower()]
    if unit in _COUNTED_UNITS and not scale_text and not m["num"][0].isdigit():
        return None  # "two soldiers", "three goals": prose, not a figure
    if unit in _COUNTED_UNITS and _follows_a_name_or_code(context.text, m.start()):
        return None  # "Flight 370 passengers"
    if unit in _TIME_UNITS and _AGE_AFTER.match(context.text, m.end()):
        return None  # "a 41-year-old", "52 years old": an age
    if multiplier != 1:
        amount = _scaled(amount, multiplier)
    rate = m["rate"]
    if rate and unit in _COUNTED_UNITS:
        # "600 aid trucks a day", "40 patients a week": a count keeps only its figure
        return m.start(), m.span("rate")[0], Quantity(QUANTITY, amount=amount, unit=unit, qualifiers=qualifiers)
    if rate:
        period = _RATE_UNITS[re.sub(r"^[\s/]*(?:(?i:per|an|a|each|every)\s+)?", "", rate).strip().lower()]
        if not unit.endswith("/" + period):
            unit = f"{unit}/{period}"
    return m.start(), m.end(), Quantity(QUANTITY, amount=amount, unit=unit, qualifiers=qualifiers)


def _family_of(word: str) -> str:
    """"pesos" -> "peso", "kronor" -> "krona", "pounds sterling" -> "pound"."""
    return _FAMILY_OF_WORD.get(word, word)


def _family_currency(family: str, context: _Sentence, at: int = 0) -> str:
    """The ISO code of a currency named without an adjective: the member of
    its family for the first country the sentence names (else the article's
    most named), else the family's usual code; a family with no usual code
    ("peso", "krone", "crown", "dinar", "kr") is returned as its own name so
    the figure is still money, in a currency the reader must judge."""
    spec = _FAMILIES.get(family)
    if spec is None:
        return ""
    if spec.by_context:
        for adjective in context.countries(at):
            code = spec.by_adjective.get(adjective)
            if code is not None:
                return code
    return spec.default or family


_HANDLERS = {
    "iso": _handle_iso,
    "weekday_date": _handle_weekday_date,
    "month_day": _handle_calendar,
    "month_year": _handle_month_year,
    "month_rel": _handle_month_rel,
    "day_month": _handle_calendar,
    "part_rel": _handle_part_rel,
    "part_month": _handle_part_month,
    "part_decade": _handle_part_decade,
    "part_year": _handle_part_year,
    "rel_span": _handle_rel_span,
    "rel_unit": _handle_rel_unit,
    "rel_weekday": _handle_rel_weekday,
    "rel_month": _handle_rel_month,
    "rel_within": _handle_rel_within,
    "rel_day": _handle_rel_day,
    "quarter": _handle_quarter,
    "q_number": _handle_q_number,
    "half": _handle_half,
    "fiscal": _handle_fiscal,
    "counted": _handle_counted,
    "bare_month": _handle_bare_month,
    "ago": _handle_ago,
    "money_between": _handle_money,
    "money": _handle_money,
    "magnitude": _handle_magnitude,
    "number_between": _handle_number,
    "number": _handle_number,
    "year_range": _handle_year_range,
    "decade": _handle_decade,
    "year": _handle_year,
    "weekday": _handle_weekday,
    "prep_month": _handle_prep_month,
}
assert set(_HANDLERS) == set(_SOURCE)


# --------------------------------------------------------------------------
# Qualifiers and reference periods
# --------------------------------------------------------------------------


def _add_qualifiers_and_periods(text: str, found: list[tuple[int, int, Quantity]]
                                ) -> list[tuple[int, int, Quantity]]:
    out: list[tuple[int, int, Quantity]] = []
    next_figure_start = [len(text)] * len(found)  # where the next non-date figure begins
    upcoming = len(text)
    for index in range(len(found) - 1, -1, -1):
        next_figure_start[index] = upcoming
        if found[index][2].kind != DATE:
            upcoming = found[index][0]
    for index, (start, end, quantity) in enumerate(found):
        previous_end = found[index - 1][1] if index else 0
        if quantity.kind == DATE:
            hedges, _ = _qualifiers_before(text, max(previous_end, start - _HEDGE_WINDOW), start)
            extra = tuple(q for q in hedges if q == "approximately")
            if extra:
                quantity = replace(quantity, qualifiers=extra + quantity.qualifiers)
            out.append((start, end, quantity))
            continue
        hedges, period = _qualifiers_before(text, max(previous_end, start - _HEDGE_WINDOW), start)
        qualifiers = list(hedges)
        if (quantity.unit in _DURATION_UNITS and "more than" in qualifiers
                and text[max(0, start - 6):start].lower().strip() == "over"):
            qualifiers.remove("more than")  # "over 48 hours" is a span of time, not "more than"
        direction = _DIRECTION_AFTER.match(text, end)
        if direction:
            qualifiers.append("up" if direction["up"] else "down")
        qualifiers.extend(quantity.qualifiers)
        limit = min(next_figure_start[index], end + _PERIOD_WINDOW)
        period = _period_after(text, found, index, limit) or period
        if period is None:
            period = _period_before(text, found, index)
        out.append((start, end, replace(quantity, qualifiers=_unique(qualifiers), period=period)))
    return out


def _qualifiers_before(text: str, lo: int, start: int) -> tuple[list[str], str | None]:
    """Hedges and direction words just before a figure, peeled off from the end."""
    window = text[lo:start]
    found: list[str] = []
    period = None
    for _ in range(6):
        words = window.rstrip(" \t\n\u00a0-–—").rsplit(None, 1)
        if not words or words[-1].lower().lstrip("([\"“‘'") not in _QUALIFIER_LAST_WORDS:
            break  # the cheap test first: most figures have no hedge at all
        match = _QUALIFIER_BEFORE.search(window)
        if match is None:
            break
        phrase = " ".join(match["phrase"].lower().split())
        window = window[: match.start()]
        if phrase in _YOY_BEFORE:
            # "an annual increase of 5%" is year on year; "annual 5%" alone is not a change.
            if "up" in found or "down" in found or "annual" not in phrase:
                period = "year-on-year"
            continue
        qualifier = _QUALIFIER_OF[phrase]
        if phrase in ("up", "down") and _previous_word(window, len(window)) in _PHRASAL_VERBS:
            break  # "set up a $5bn fund", "paid down $2bn": a verb, not a direction
        if qualifier:
            found.append(qualifier)
    found.reverse()
    return found, period


def _period_after(text: str, found: list[tuple[int, int, Quantity]], index: int, limit: int) -> str | None:
    end = found[index][1]
    for j in range(index + 1, len(found)):
        d_start, d_end, date = found[j]
        if d_start >= limit:
            break
        if date.kind != DATE:
            continue
        between = text[end:d_start]
        cue = _PERIOD_CUE.search(between)
        if cue is None:
            continue
        lead = between[: cue.start()]
        if len(lead.split()) > 3 or re.search(r"[,;:()]", lead):
            break  # "2.6% a month earlier, the lowest since 2021": not this figure's baseline
        first = _period_of(date)
        if j + 1 < len(found) and found[j + 1][2].kind == DATE:
            joiner = text[d_end:found[j + 1][0]]
            second = found[j + 1][2]
            if _PERIOD_JOIN.match(joiner) and cue and (
                    cue.group().lower().startswith(("between", "from"))):
                return f"{first}/{_period_of(second)}"
        return first
    window = text[end:limit]
    change = _CHANGE_PERIOD_AFTER.search(window)
    if change:
        if change["mom"]:
            return "month-on-month"
        if change["qoq"]:
            return "quarter-on-quarter"
        return "year-on-year"
    return None


def _period_before(text: str, found: list[tuple[int, int, Quantity]], index: int) -> str | None:
    """"Since 2022, trade has risen 64%": the period stated ahead of the figure."""
    start = found[index][0]
    for j in range(index - 1, -1, -1):
        d_start, d_end, date = found[j]
        if date.kind != DATE:
            return None
        if start - d_end > _PERIOD_WINDOW or re.search(r"[.;:!?]", text[d_end:start]):
            return None
        if _SINCE_BEFORE.search(text[max(0, d_start - 10):d_start]):
            return _period_of(date)
    return None


def _period_of(date: Quantity) -> str:
    return date.date if date.date is not None else (date.relative or "")


def _unique(items: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --------------------------------------------------------------------------
# Numbers and labels
# --------------------------------------------------------------------------


def _word_number(text: str) -> int | None:
    text = re.sub(r"[\s-]+", " ", text.lower()).strip()
    if text in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[text]
    parts = text.split(" ")
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _amount(number: str, scale: str | None) -> float | None:
    """"240" + " billion" -> 240e9, computed in decimal so 1.2 trillion is exact."""
    text = " ".join(number.lower().split())
    value: Decimal
    if text[0].isdigit() or text[0] == ".":
        try:
            value = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    elif text in ("a", "an"):
        value = Decimal(1)
    elif text.startswith("half"):
        value = Decimal("0.5")
    else:
        word = _word_number(text)
        if word is None:
            return None
        value = Decimal(word)
    if scale:
        for word in re.findall(r"[a-z]+", scale.lower()):
            value *= _SCALES[word]
    return float(value)


def _scaled(amount: float, multiplier: float) -> float:
    return float(Decimal(repr(amount)) * Decimal(repr(multiplier)))


def _number_key(amount: float) -> str:
    if float(amount).is_integer():
        return str(int(amount))
    return repr(float(amount))


def _plain_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def _amount_words(amount: float) -> str:
    """240e9 -> "240 billion"; 12500 -> "12,500"."""
    size = abs(amount)
    for threshold, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size >= threshold:
            return f"{_plain_number(round(amount / threshold, 6))} {word}"
    return _plain_number(amount)


def _unit_display(unit: str, amount: float) -> str:
    base, _, per = unit.partition("/")
    if unit in _UNIT_PLURALS:
        base, per = unit, ""
    singular = amount == 1
    if singular or base in _UNITS_WITHOUT_PLURAL:
        word = base
    else:
        word = _UNIT_PLURALS.get(base, _plural(base))
    return f"{word} per {per}" if per else word


def _date_label(date: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        year, month, day = (int(part) for part in date.split("-"))
        return f"{_MONTHS[month - 1]} {day}, {year}"
    if re.fullmatch(r"XXXX-\d{2}-\d{2}", date):
        return f"{_MONTHS[int(date[5:7]) - 1]} {int(date[8:10])}"
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return f"{_MONTHS[int(date[5:7]) - 1]} {date[:4]}"
    if re.fullmatch(r"XXXX-\d{2}", date):
        return _MONTHS[int(date[5:7]) - 1]
    if re.fullmatch(r"\d{4}-W\d{2}", date):
        monday = dt.date.fromisocalendar(int(date[:4]), int(date[6:8]), 1)
        return f"week of {_date_label(monday.isoformat())}"
    if re.fullmatch(r"\d{4}/\d{4}", date):
        return date.replace("/", "–")
    if re.fullmatch(r"\d{4}-[QH]\d", date):
        return f"{date[5:]} {date[:4]}"  # "Q3 2025", "H2 2025"
    return date


def _slug(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip().lower())


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s*$", text[max(0, start - 30):start])
    return match.group(1).lower().strip("(\"“‘'") if match else ""


def _previous_word_is_name(text: str, start: int) -> bool:
    match = re.search(r"([A-Za-z][\w.]*)\s+$", text[max(0, start - 30):start])
    return bool(match and match.group(1)[0].isupper())
