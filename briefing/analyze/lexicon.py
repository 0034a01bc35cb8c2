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
    complain boast estimate agree disagree accuse repeat reveal commend assert
    deplore lament propose demand predict testify joke quip shout whisper
    counter retort recount allege exclaim charge scoff concur
    elaborate clarify proclaim report inform answer reckon muse plead
    """.split()
)
# Verbs that say a quote only right beside it: '“...,” he continued', 'she went on: “...”'.
CUE_VERBS = frozenset({"continue", "go", "conclude", "finish", "begin", "start"})
# Verbs that take a direct quote as object only in a "NP verb: '...'" frame.
QUOTE_FRAME_VERBS = SPEECH_VERBS | frozenset({"read", "go", "put", "make", "sum"})

# Nouns and verbs that announce a title in quote marks: the book "One Hundred Years of
# Solitude", a report titled "...", the "Turn the Tide" campaign, on "Meet the Press".
TITLE_CUES = frozenset(
    """
    book novel film movie show programme program series album song poem play documentary
    report study paper article column essay memoir magazine newspaper campaign slogan
    titled entitled called dubbed named headlined
    """.split()
)

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
    treasurer chancellor-general representative rapporteur delegate diplomat
    """.split()
)
# Words that belong to a title when they stand right before a role word, in
# capitals or hyphenated: "Under Secretary", "Vice-President", "High Representative".
TITLE_PREFIXES = frozenset(
    {"under", "vice", "prime", "high", "acting", "interim", "assistant", "associate", "senior",
     "special", "permanent", "principal", "deputy", "chief", "executive", "former"}
)
# A minister's brief: part of the title ("Defence Minister", "Secretary of State")
# even where the tagger reads it as an organisation.
PORTFOLIOS = frozenset(
    """
    defence defense finance foreign interior home health justice trade economy economic
    energy education environment transport agriculture labour labor culture treasury
    digital industry security policy affairs development housing employment climate
    infrastructure state communications science technology
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
# Honorifics and abbreviated titles that stand before a name but are no part of it.
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | {
    "dr", "dr.", "prof", "prof.", "rev", "rev.", "reverend", "gov.", "sen.", "rep.", "gen.", "lt.",
    "col.", "capt.", "datuk", "dato", "datin", "seri",
}
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
# Descriptions of a publisher or broadcaster ("the influential US daily wrote"): they stand
# for the organisation of that kind the same text names.
MEDIA_NOUNS = frozenset(
    """
    newspaper daily paper weekly tabloid magazine broadcaster network channel station
    outlet publication website agency
    """.split()
)
# A share of a group as a subject: "Forty-one percent of respondents say ...".
SHARE_NOUNS = frozenset({"percent", "%", "per", "cent", "percentage", "majority", "minority", "half", "third", "quarter"})

# Collective subjects that speak as a group ("critics said", "ministers agreed").
GROUP_NOUNS = frozenset(
    """
    critics officials ministers leaders experts analysts economists diplomats residents
    protesters protestors campaigners lawmakers legislators members observers sources
    allies delegates negotiators investors workers doctors scientists
    respondents voters people americans citizens participants
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

# What a percentage measures is read from the verb it hangs on.
# The object changes: "raise defence spending to 2% of GDP", "cut emissions by 30%".
CHANGE_VERBS = frozenset(
    """
    raise increase ramp boost lift hike cut reduce lower slash trim bring push double triple
    halve expand spend invest allocate keep hold set cap limit
    """.split()
)
# The subject is the level: "growth could reach 2%", "shares fell 8%".
LEVEL_VERBS = frozenset(
    """
    reach rise fall grow hit climb exceed top total amount stand be cost drop decline decrease
    increase jump surge slip sink ease edge remain stay soar plunge tumble narrow widen shrink
    account represent
    """.split()
)
# A goal, not a change: what is aimed at is the object of a change verb nearby
# ("ramp up defense spending, aiming for 2% of GDP").
AIM_VERBS = frozenset("aim target seek strive aspire".split())

# Nouns of time: "two days", "six months" are durations, not figures.
TIME_NOUNS = frozenset(
    """
    second seconds minute minutes hour hours day days week weeks month months year years
    decade decades century centuries time times night nights weekend weekends o'clock am pm
    """.split()
)
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")  # January is 0
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")  # Monday is 0
MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
