"""General word lists the analyzers share. No event, place or person names here."""

from __future__ import annotations

# Lemmas of verbs that introduce speech or a stated view.
SPEECH_VERBS = frozenset(
    """
    say tell add state note stress emphasise emphasize argue warn insist explain announce
    declare claim recall assure reiterate affirm reaffirm write ask reply respond acknowledge
    admit believe think describe call praise highlight underscore underline point suggest
    remark urge vow promise pledge predict caution concede deny confirm tweet comment
    observe indicate mention hail criticise criticize welcome cite thank contend maintain
    complain boast estimate agree disagree accuse repeat reveal commend
    deplore lament propose demand predict testify joke quip shout whisper
    """.split()
)
# Verbs that take a direct quote as object only in a "NP verb: '...'" frame.
QUOTE_FRAME_VERBS = SPEECH_VERBS | frozenset({"read", "go", "put", "make", "sum"})

# Titles and roles; multiword forms are matched as lower-cased token sequences.
ROLE_WORDS = frozenset(
    """
    president vice-president minister secretary general secretary-general chancellor premier
    spokesperson spokesman spokeswoman chief head director governor mayor ambassador envoy
    commissioner chair chairman chairwoman chairperson leader senator congressman
    congresswoman representative deputy official officer commander general admiral
    colonel captain ceo founder editor king queen prince princess judge prosecutor
    counterpart negotiator economist analyst professor doctor dr adviser advisor
    spokesperson executive manager coach sheriff inspector undersecretary attorney
    treasurer chancellor-general high representative rapporteur delegate diplomat
    """.split()
)
# Roles whose holder is usually one person in a story ("the minister", "the chief").
GENERIC_HEADS = frozenset({"chief", "head", "leader", "boss"})
# Roles that make someone the head of an organisation, for "the alliance's chief".
LEADING_ROLES = frozenset(
    {"president", "general", "secretary-general", "chief", "head", "director", "governor", "chair",
     "chairman", "chairwoman", "leader", "ceo", "premier", "chancellor", "commissioner"}
)

HONORIFICS_MALE = frozenset({"mr", "mr.", "sir", "lord", "mister", "monsieur", "herr", "señor"})
HONORIFICS_FEMALE = frozenset(
    {"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "madam", "madame", "frau", "señora"}
)
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | {"dr", "dr.", "prof", "prof."}
GENDERED_ROLES_MALE = frozenset(
    {"spokesman", "chairman", "congressman", "businessman", "king", "prince", "father",
     "husband", "son", "brother", "man", "boy"}
)
GENDERED_ROLES_FEMALE = frozenset(
    {"spokeswoman", "chairwoman", "congresswoman", "businesswoman", "queen", "princess",
     "mother", "wife", "daughter", "sister", "woman", "girl"}
)
PRONOUNS_MALE = frozenset({"he", "him", "his", "himself"})
PRONOUNS_FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS_PLURAL = frozenset({"they", "them", "their", "we"})

# Nouns that stand for an organisation as a speaker ("the ministry said").
ORG_NOUNS = frozenset(
    """
    ministry government department agency office commission council company firm group
    bank authority authorities union federation committee parliament court police army
    military administration cabinet organisation organization alliance embassy institute
    board party campaign coalition association service secretariat regulator
    """.split()
)
# Collective subjects that speak as a group ("critics said", "ministers agreed").
GROUP_NOUNS = frozenset(
    """
    critics officials ministers leaders experts analysts economists diplomats residents
    protesters protestors campaigners lawmakers legislators members observers sources
    allies delegates negotiators investors workers doctors scientists
    """.split()
)

# Qualifiers read before a number; longest first so "more than" wins over "more".
QUALIFIERS = (
    "just more than", "just over", "just under", "more than", "less than", "fewer than",
    "at least", "at most", "up to", "as much as", "as many as", "as little as",
    "close to", "nearly", "almost", "around", "about", "approximately", "roughly",
    "some", "over", "under", "an estimated", "estimated", "below", "above", "upwards of",
)

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6,
    "mln": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12,
    "tn": 1e12, "trn": 1e12,
}
SHARES = {"half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2, "two-thirds": 2 / 3,
          "three-quarters": 0.75, "two thirds": 2 / 3, "three quarters": 0.75}
VAGUE = ("hundreds", "thousands", "millions", "billions", "dozens", "tens of thousands",
         "hundreds of thousands")

CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "CNY", "INR", "RUB", "UAH")
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "euros": "EUR", "euro": "EUR",
    "pounds sterling": "GBP", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "yen": "JPY", "swiss francs": "CHF", "francs": "CHF", "rupees": "INR", "roubles": "RUB",
    "rubles": "RUB", "hryvnias": "UAH", "yuan": "CNY",
}
PERCENT_WORDS = ("percentage points", "percentage point", "per cent", "percent", "pct", "%")
# Bases a percentage is "of" that belong in its surface ("5% of GDP").
PERCENT_BASES = ("gdp", "gnp", "gni", "gross domestic product", "national income", "gva")

# Nouns of time: "two days", "six months" are durations, not figures.
TIME_NOUNS = frozenset(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries time times night nights weekend weekends o'clock am pm
    """.split()
)
MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
