"""Clauses: who did what to what, read from the dependency parse of each sentence.

Only clauses that can carry a claim are kept: a verb of saying ("said that")
frames a claim and a light verb ("is", "made") says too little by itself, so
neither is kept (the clause a verb of saying reports is), unless the light
verb's object names the act ("made landfall", "took office").

Claim alignment across sources (briefing/select/claims.py) compares these
slots instead of word overlap: "the Fed cut rates by half a point" and
"the central bank lowered its benchmark rate" share a verb class and an
object, while two sentences about one meeting share only the setting.
Negation counts "did not", "never", and the verbs that report a failed or
refused act ("refused to hand over" is a negated "hand over").
"""

from __future__ import annotations

from briefing.analyze.context import Context
from briefing.analyze.lexicon import MONTH_NAMES, MONTHS, WEEKDAYS
from briefing.model import Clause

# Verbs of saying: their clause complement is the claim; the sayer is the speaker.
SAYING = frozenset(
    """say tell add state note stress emphasise emphasize argue warn insist explain declare claim recall
    assure reiterate affirm reaffirm write reply respond remark point suggest mention observe indicate
    contend maintain repeat assert comment tweet report announce confirm""".split()
)
# A clause under these reports an act that did not happen.
# Adjectives through which a sentence asserts the clause they take ("makes it clear that ...").
ASSERTING = frozenset("clear plain certain sure evident".split())
# Verbs that say little by themselves about what happened: no clause is kept for them.
LIGHT = frozenset("be have do make get go come take put see become seem include remain use".split())
# Verbs that report a decision or an announcement: "will" under them tells what was decided, not a plan.
REPORTING = SAYING | frozenset("announce confirm decide agree reveal unveil signal".split())
REFUSING = frozenset("refuse fail decline neglect omit avoid".split())
# A clause under these (or with these auxiliaries) is intended, urged or expected, not done.
MODAL_HEADS = frozenset(
    """plan intend aim seek want hope expect urge call propose consider threaten vow pledge promise
    prepare try attempt push ask forecast predict project set poise likely tip""".split()
)
# Words of advice above a clause: "be careful not to cut", "need to", "wise to": urged, not reported.
ADVISING = frozenset("careful need wise cautious right important".split())
# "on course to", "on track to", "on the verge of": the act is expected, not done.
ON_COURSE = frozenset("course track".split())
RELATIVE = frozenset("which who that whom".split())
# "will" and "would" report what was decided ("NATO will put in place", "allies would spend"): not modal.
MODAL_AUX = frozenset("could might may should must can".split())
# Verbs of multiplying that the tagger may read as adjectives ("to double spending").
MULTIPLYING = frozenset("double triple quadruple halve".split())
# Nouns that count or group what the clause is really about: "a series of measures" is about measures.
GROUPING = frozenset("series number range set package raft host string wave total list lot couple pair".split())
# A verb with these words after it is one act: "put in place" a measure is implementing it.
IDIOMS = {("put", "in", "place"): "implement", ("bring", "into", "force"): "implement",
          ("put", "into", "effect"): "implement", ("come", "into", "force"): "implement",
          ("take", "into", "account"): "consider", ("take", "part", ""): "participate",
          ("come", "ashore", ""): "make landfall"}
# Light verbs whose object names the act: "made landfall", "took office", "made a decision".
SUPPORT = frozenset("make take".split())
# Parts of a day that name their day ("late Thursday night").
DAY_PARTS = frozenset("night morning evening afternoon".split())
PREDICATE_DEPS = frozenset("ROOT ccomp conj xcomp advcl relcl parataxis acl pcomp".split())
SUBJECTS = frozenset(("nsubj", "nsubjpass", "csubj"))
OBJECTS = ("dobj", "attr", "oprd", "acomp", "dative")
MODIFIERS = frozenset(("compound", "amod", "nummod", "poss"))
# A clause without a subject of its own takes the one of the clause it hangs from through these.
INHERITING = frozenset(("xcomp", "conj", "advcl", "pcomp", "acl", "pobj", "prep"))


def clauses(ctx: Context, tok_start: int, tok_end: int) -> list[Clause]:
    """The clauses of the sentence spanning tokens [tok_start, tok_end)."""
    out = []
    tokens = ctx.tokens
    for k in range(tok_start, tok_end):
        t = tokens[k]
        if _verb_as_adjective(t):
            noun = t.head
            while noun.dep_ == "compound" and noun.head is not noun:
                noun = noun.head  # "double defence investment": investment
            out.append(Clause(actor=_actor(noun, list(noun.children)), verb=t.lemma_.lower(),
                              object=_phrase(noun, skip=t), main=True))
            continue
        if t.pos_ not in ("VERB", "AUX") or t.dep_ not in PREDICATE_DEPS:
            continue
        kids = list(t.children)
        verb = _idiom(t, kids) or t.lemma_.lower()
        if verb in LIGHT or not verb.replace(" ", "").isalpha() or _speech(verb, kids) or _aside(t, kids):
            continue  # "is", "said that", "as expected": the frame around a claim, not one
        particle = "" if verb != t.lemma_.lower() else next((c.lower_ for c in kids if c.dep_ == "prt"), "")
        head = t.head if t.dep_ in ("xcomp", "ccomp", "conj", "advcl", "pcomp") and t.head is not t else None
        negated = any(c.dep_ == "neg" for c in kids) or (
            head is not None and t.dep_ in ("xcomp", "pcomp") and head.lemma_.lower() in REFUSING)
        if head is not None and t.dep_ == "pcomp" and _negating(head):
            negated = True
        negated = negated or _none_of(kids)
        modal = _modal(t)
        actor = _actor(t, kids)
        passive = any(c.dep_ == "nsubjpass" for c in kids)
        obj = _object(t, kids, passive)
        if passive:
            agent = next((g for c in kids if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            actor = _phrase(agent) if agent is not None else ""
        out.append(Clause(actor=actor, verb=f"{verb} {particle}".strip(), object=obj, negated=negated,
                          modal=modal, main=_main(t) or _quoted_top(ctx, t), when=_when(kids)))
    return out


_FULL_MONTH = {m[:3]: m for m in MONTH_NAMES}  # "Sept" and "Sep" alike


def _when(kids) -> str:  # noqa: ANN001 - spaCy Tokens
    """The day the verb is tied to: "struck on Friday", "announced Saturday", "adopted on 5 April".
    A day named elsewhere in the sentence ("the quake that hit on Friday") is another clause's."""
    for c in kids:
        day = c if c.dep_ in ("npadvmod", "tmod", "obl") else next(
            (g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" and c.lower_ in ("on", "late") \
            else None
        if day is None:
            continue
        if day.lower_ in DAY_PARTS:  # "late Thursday night"
            day = next((g for g in day.children if g.dep_ == "compound" and g.lower_ in WEEKDAYS), day)
        if day.lower_ in WEEKDAYS:
            return day.lower_
        if day.lower_ in MONTHS:
            number = next((g.text for g in day.children if g.dep_ == "nummod" and g.text.isdigit()), None)
            if number:
                return f"{int(number)} {_FULL_MONTH.get(day.lower_[:3], day.lower_)}"
    for c in kids:  # "voted at a meeting on Wednesday", "voted to cut rates on Thursday"
        inner = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" and c.lower_ in (
            "at", "during") else c if c.dep_ == "xcomp" else None
        found = _when(list(inner.children)) if inner is not None else ""
        if found:
            return found
    return ""


def _aside(t, kids) -> bool:  # noqa: ANN001 - spaCy Tokens
    """A comment on the sentence's act, not an act: "(cut rates,) as expected", "as planned",
    "as widely forecast by economists". It has no subject or object of its own."""
    return t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids) and not any(
        c.dep_ in SUBJECTS or c.dep_ in OBJECTS or c.dep_ in ("xcomp", "ccomp") for c in kids)


def _main(t) -> bool:  # noqa: ANN001 - spaCy Token
    """The sentence's own assertion: its root, clauses joined to it, what a speech verb reports,
    and what an asserted verb takes ("agreed to cut"); never a clause inside a noun phrase.
    (Words inside a direct quote are the speaker's assertion too: the caller adds those.)"""
    while True:
        if t.dep_ == "ROOT":
            return True
        if t.dep_ in ("conj", "xcomp", "parataxis") or t.dep_ == "ccomp" and t.head.lemma_.lower() in REPORTING:
            t = t.head
            continue
        if t.dep_ in ("ccomp", "advcl") and t.head.lower_ in ASSERTING:
            t = t.head.head  # "makes it clear that NATO will ...", "it is clear that ..."
            continue
        if t.dep_ == "pcomp" and t.head.lower_ == "by" and t.head.head is not t.head:
            t = t.head.head  # "shocked everyone by cutting rates": the means is done as surely as the act
            continue
        if t.dep_ == "advcl" and t.lemma_.lower() in SAYING:
            return True  # "..., saying (that) ...": the reported clause below it is asserted
        if t.dep_ == "ccomp" and t.head.dep_ == "advcl" and t.head.lemma_.lower() in SAYING:
            return True
        return False


def _speech(verb: str, kids) -> bool:  # noqa: ANN001 - spaCy Tokens
    """A verb of saying used as one: with a clause ("said that ...") or alone ("he said"), not with a
    thing as its object ("reported revenue of $13.5 billion", "noted a rise")."""
    if verb not in SAYING:
        return False
    has_clause = any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in kids)
    return has_clause or not any(c.dep_ in ("dobj", "attr") for c in kids)


def _quoted_top(ctx: Context, t) -> bool:  # noqa: ANN001 - spaCy Token
    """The top verb of a direct quote: what the speaker asserts, however the parser hung the quote
    on the sentence around it ("... that NATO will “put in place ... measures that will ...”")."""
    return ctx.in_quote(t.idx) and (t.head is t or not ctx.in_quote(t.head.idx))


def _verb_as_adjective(t) -> bool:  # noqa: ANN001 - spaCy Token
    """A verb after "to" the tagger read as an adjective: "on track to double defence investment"."""
    return t.pos_ == "ADJ" and t.dep_ == "amod" and t.i > 0 and t.nbor(-1).lower_ == "to" \
        and t.lemma_.lower() in MULTIPLYING


def _idiom(t, kids) -> str:  # noqa: ANN001 - spaCy Token
    """The verb a fixed phrase stands for ("put in place" -> "implement"), or ""."""
    lemma = t.lemma_.lower()
    for c in kids:
        if c.dep_ in ("prep", "dobj", "prt", "advmod"):
            obj = next((g.lower_ for g in c.children if g.dep_ == "pobj"), "")
            found = IDIOMS.get((lemma, c.lower_, obj))
            if found:
                return found
    if lemma in SUPPORT:  # "made (a devastating) landfall": the noun is the act, not "make"
        noun = next((c for c in kids if c.dep_ == "dobj" and c.pos_ in ("NOUN", "ADJ")
                     and not any(g.dep_ == "nummod" for g in c.children)), None)
        if noun is not None and noun.lemma_.isalpha():
            return f"{lemma} {noun.lemma_.lower()}"
    return ""


def _modal(t) -> str:  # noqa: ANN001 - spaCy Token
    """What makes the act not (yet) done: a modal auxiliary ("should have called"), a verb of
    intending or urging above it ("plans to cut", "wants to avoid cutting", two steps up at
    most), advice ("careful not to cut"), or a manner ("not cut too quickly": the cut may
    happen); a verb joined by "and" shares its head's."""
    modal = next((c.lower_ for c in t.children if c.dep_ == "aux" and c.lower_ in MODAL_AUX), "")
    if modal:
        return modal
    if any(c.dep_ == "advmod" and any(g.lower_ == "too" for g in c.children) for c in t.children):
        return "manner"
    up = t
    for _ in range(2):
        if up.dep_ != "xcomp" or up.head is up:
            break
        head = up.head
        if head.lemma_.lower() in MODAL_HEADS or head.lemma_.lower() in ADVISING:
            return head.lemma_.lower()
        if any(c.lower_ in ON_COURSE for c in head.children):
            return "on course"  # "was on course to reach the mark": expected, not done
        up = head
    if t.dep_ == "conj" and t.head is not t:
        return _modal(t.head)
    return ""


def _none_of(kids) -> bool:  # noqa: ANN001 - spaCy Tokens
    """The act's object is "no" thing: "provided no explicit guidance", "gave no indication",
    "made no mention" report that it was not done, as "did not provide guidance" does."""
    return any(c.dep_ in ("dobj", "attr") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
               for c in kids)


def _negating(prep) -> bool:  # noqa: ANN001 - spaCy Token
    """A preposition that says the act did not happen: "without setting", "stopped short of
    ordering", "came close to declaring", "refrained from calling"."""
    word = prep.lower_
    if word == "without":
        return True
    if word == "of":
        return prep.head.lower_ in ("short", "verge", "brink")  # "stopped short of", "on the verge of"
    if word == "to":  # "came closer (than ever) to declaring victory": close is not done
        near = ("close", "closer", "near", "nearer")
        return prep.head.lower_ in near or any(c.dep_ == "advmod" and c.lower_ in near for c in prep.head.children)
    return word == "from" and prep.head.lemma_.lower() in ("refrain", "abstain", "stop")


def _actor(t, kids) -> str:  # noqa: ANN001 - spaCy Token
    subject = next((c for c in kids if c.dep_ in ("nsubj", "csubj")), None)
    steps = 0
    while subject is None and t.dep_ in INHERITING and t.head is not t and steps < 4:
        # "X agreed to cut": X is the actor of "cut"; "X met and agreed": of "agreed";
        # "Germany is on track to double": Germany, through "track" and "on"
        t, steps = t.head, steps + 1
        subject = next((c for c in t.children if c.dep_ in ("nsubj", "csubj")), None)
    if subject is not None and subject.lower_ in RELATIVE and t.dep_ == "relcl":
        return _phrase(t.head)  # "Reform UK, which is forecast to win": Reform UK
    return _phrase(subject) if subject is not None else ""


def _object(t, kids, passive: bool) -> str:  # noqa: ANN001 - spaCy Token
    if passive:
        found = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    else:
        found = next((c for c in kids if c.dep_ in OBJECTS), None)
    if found is None:  # "cut by 50 basis points", "agreed on a declaration"
        found = next((g for c in kids if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"), None)
    if found is not None and found.lemma_.lower() in GROUPING:  # "a series of measures": measures
        found = next((g for c in found.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), found)
    return _phrase(found) if found is not None else ""


def _phrase(head, skip=None) -> str:  # noqa: ANN001 - spaCy Token
    """The head's lemma with its compound and adjective modifiers ("benchmark interest rate").

    Proper nouns keep their capitals ("Federal Reserve"): claims tell names from common nouns.
    """
    if head is None:
        return ""
    mods = [c for c in head.children if c.dep_ in MODIFIERS and c.i < head.i and c.is_alpha and c.pos_ != "PRON"
            and c is not skip]
    return " ".join(_word(t) for t in [*mods, head] if t.is_alpha or t is head)


def _word(t) -> str:  # noqa: ANN001 - spaCy Token
    """Names keep their capitals: proper nouns, and capitalised nouns inside a sentence ("the Conservatives")."""
    named = t.pos_ == "PROPN" or t.pos_ == "NOUN" and not t.is_sent_start
    return t.text if named and t.text[:1].isupper() else t.lemma_.lower()
