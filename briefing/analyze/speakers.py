"""Who said it: speakers of quotes and of reported speech.

Rules, tried in order for each quote (the parse is never re-run):
1. a cue right after the closing mark ("...," he said / said Jacob Stern),
2. a cue right before the opening mark (saying: "..." / She told reporters: '...'),
3. a speech verb that governs the quote ("Rutte praised the country's “...”",
   "According to X, ... “...”", "Warning of Russia's “...”, the minister said"),
4. a "Speaker: ... “...”" headline,
5. for a full quote with none of these: the speaker of the same multi-paragraph
   quote, of the previous sentences of the paragraph, or of the next sentence
   in the lead paragraph. Otherwise unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.analyze import lexicon as lx
from briefing.analyze.context import Context
from briefing.analyze.entities import People, org_name
from briefing.analyze.quotes import QuoteSpan

_SUBJ = ("nsubj", "nsubjpass")
_CLIMB = ("advcl", "xcomp", "conj", "pcomp", "acl", "prep")


@dataclass
class Speaker:
    name: str | None  # canonical person, organisation or group; None if unknown
    role: str | None = None
    text: str | None = None  # how the text named the speaker
    person: int | None = None


@dataclass
class Attribution:
    speaker: Speaker | None
    how: str = ""  # trailing, leading, governed, headline, carried, lead


class Speakers:
    """Resolves subjects and quotes to speakers for one document."""

    def __init__(self, ctx: Context, people: People):
        self.ctx = ctx
        self.people = people
        self._org_phrases = self._org_phrase_index()

    # ------------------------------------------------------------ subjects

    def _org_phrase_index(self) -> dict[str, str]:
        """Fullest form of each organisation noun ('ministry' -> 'foreign ministry')."""
        index: dict[str, str] = {}
        for tok in self.ctx.tokens:
            if tok.lemma_.lower() in lx.ORG_NOUNS and tok.pos_ in ("NOUN", "PROPN"):
                phrase = self.np_text(tok)
                key = tok.lemma_.lower()
                if len(phrase.split()) > len(index.get(key, "").split()):
                    index[key] = phrase
        return index

    def np_text(self, tok) -> str:
        """The noun phrase up to its head, without determiners ('the defence ministers')."""
        left = [t for t in tok.lefts if t.dep_ not in ("det", "predet", "punct", "nummod", "quantmod")]
        start = min([t.left_edge.i for t in left] + [tok.i])
        toks = self.ctx.sdoc[start : tok.i + 1]
        while len(toks) > 1 and (toks[0].dep_ in ("det", "punct") or toks[0].is_punct):
            toks = toks[1:]
        return toks.text.replace("\n", " ").strip()

    def subject_of(self, verb):
        """Grammatical subject of a speech verb, climbing from participles to their clause."""
        v = verb
        for _ in range(5):
            for c in v.children:
                if c.dep_ in _SUBJ and not self.ctx.in_quote(c.idx):
                    return c
            if v.dep_ == "relcl":
                return v.head
            if v.dep_ == "conj":
                # A run-on sentence ("... through Operation X Anna Berg stressed ..."):
                # the parser hangs the name elsewhere; it stands right before the verb.
                prev = self._noun_before(v)
                if prev is not None:
                    return prev
            if v.dep_ not in _CLIMB or v.head.i == v.i:
                break
            v = v.head
        sdoc = self.ctx.tokens
        # "..., the summit's chair, Ana Costa, said."
        if verb.i >= 2 and sdoc[verb.i - 1].text == "," and sdoc[verb.i - 2].pos_ in ("PROPN", "NOUN"):
            if not self.ctx.in_quote(sdoc[verb.i - 2].idx):
                return sdoc[verb.i - 2]
        # Inverted order: "..., said Jacob Stern" / "says defence minister".
        for k in range(verb.i + 1, min(verb.i + 6, len(sdoc))):
            t = sdoc[k]
            if t.is_punct or self.ctx.in_quote(t.idx):
                break
            if t.pos_ in ("NOUN", "PROPN", "PRON"):
                while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                    t = t.head
                return t
        return None

    def _noun_before(self, verb):
        """A name or noun right before `verb` (adverbs skipped), not in a quote."""
        k = verb.i - 1
        while k >= 0 and self.ctx.tokens[k].pos_ == "ADV":
            k -= 1
        prev = self.ctx.tokens[k] if k >= 0 else None
        if prev is None or prev.pos_ not in ("PROPN", "NOUN") or self.ctx.in_quote(prev.idx):
            return None
        return prev

    def resolve(self, tok, loose: bool = False) -> Speaker | None:
        """What a subject token stands for: a person, an organisation or a group.

        `loose`: the subject of a cue right beside a quote; any noun phrase
        there names the speaker ("a rescuer told local television").
        """
        if tok is None:
            return None
        if tok.lower_ in ("who", "which", "that") and tok.head.dep_ == "relcl":
            return self.resolve(tok.head.head)
        key = self.people.person_of_token(tok)
        text = self.np_text(tok)
        if key is None:
            for c in list(tok.children) + ([tok.head] if tok.dep_ == "appos" else []):
                if c.dep_ in ("appos", "compound") or c.i == tok.head.i:
                    key = self.people.person_of_token(c)
                    if key is not None:
                        if c.dep_ == "compound":  # "Rutte thanks and pokes": a name read as a modifier
                            text = self.np_text(c)
                        break
        if key is not None:
            person = self.people.persons[key]
            return Speaker(person.name, person.role, text, key)
        low = tok.lower_
        if low in lx.PRONOUNS_MALE | lx.PRONOUNS_FEMALE | lx.PRONOUNS_PLURAL | {"i", "it", "you"}:
            return None
        if tok.pos_ == "PROPN" and tok.ent_type_ not in ("ORG", "GPE", "NORP"):
            key = self.people.person_by_name(text)
            if key is not None:
                person = self.people.persons[key]
                return Speaker(person.name, person.role, text, key)
        if tok.lemma_.lower() in lx.ORG_NOUNS or tok.ent_type_ in ("ORG", "GPE", "NORP"):
            return Speaker(self._org(tok, text), None, text)
        if low in lx.GROUP_NOUNS or tok.lemma_.lower() in lx.GROUP_NOUNS:
            return Speaker(text, None, text)
        if low in lx.ROLE_WORDS:
            return Speaker(None, text, text)  # a role nobody in the text holds
        if tok.pos_ == "PROPN" or loose and tok.pos_ == "NOUN":
            return Speaker(text, None, text)
        return None

    def _org(self, tok, text: str) -> str:
        lemma = tok.lemma_.lower()
        if tok.ent_type_ in ("ORG", "GPE", "NORP"):
            ent = next((e for e in self.ctx.ents if e.start <= tok.i < e.end), None)
            return org_name(ent.text) if ent is not None else org_name(text)
        if lemma in ("company", "firm", "group") and len(text.split()) == 1:
            named = self._nearest_org_before(tok.idx)
            if named:
                return named
        if len(text.split()) == 1 and lemma in self._org_phrases:
            return org_name(self._org_phrases[lemma])
        return org_name(text)

    def _nearest_org_before(self, char: int) -> str | None:
        para = self.ctx.para_at(char)
        start = self.ctx.paras[para][0]
        best = None
        for ent in self.ctx.sdoc.char_span(start, char, alignment_mode="contract").ents if char > start else ():
            if ent.label_ == "ORG":
                best = org_name(ent.text)
        return best

    # --------------------------------------------------------------- quotes

    def _is_speech(self, tok) -> bool:
        if tok.lemma_.lower() in lx.SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            return True
        return tok.lemma_ == "make" and any(c.lower_ == "clear" for c in tok.children)

    def trailing(self, q: QuoteSpan) -> Speaker | None:
        """'“...,” he said' and '“...,” said Jacob Stern, an economist'."""
        if q.close_mark is None:
            return None
        ctx = self.ctx
        para_end = ctx.paras[ctx.para_at(q.close_mark)][1]
        k = ctx.token_index(q.close_mark) + 1
        for _ in range(10):
            if k >= len(ctx.tokens):
                return None
            t = ctx.tokens[k]
            if t.idx >= para_end or t.is_quote or t.text in ".;" or ctx.in_quote(t.idx):
                return None
            if self._is_speech(t):
                subj = self.subject_of(t)
                return self.resolve(subj, loose=True) if subj is not None and subj.i > t.i - 10 else None
            if t.pos_ == "VERB":
                return None
            k += 1
        return None

    def leading(self, q: QuoteSpan) -> Speaker | None:
        """'saying: "..."', 'stating “...”', 'She told reporters: ‘...’'."""
        ctx = self.ctx
        para_start = ctx.paras[ctx.para_at(q.open_mark)][0]
        k = ctx.token_index(q.open_mark) - 1
        if k >= 0 and ctx.tokens[k].pos_ not in ("VERB", "AUX") and ctx.tokens[k].text not in ":,":
            return None  # "called the deal a “sellout”" is not an introduction
        seen_noun = 0
        for _ in range(5):
            if k < 0:
                return None
            t = ctx.tokens[k]
            if t.idx < para_start or t.text in ".;!?" or t.is_quote or ctx.in_quote(t.idx):
                return None
            if self._is_speech(t):
                subj = self.subject_of(t)
                return self.resolve(subj, loose=subj is not None and subj.head.i == t.i)
            if t.pos_ in ("VERB", "AUX") or t.lower_ == "that":
                return None
            seen_noun += t.pos_ in ("NOUN", "PROPN", "PRON")
            if seen_noun > 2:
                return None
            k -= 1
        return None

    def governed(self, q: QuoteSpan) -> Speaker | None:
        """A speech verb above the quote in the parse, or 'according to X'."""
        ctx = self.ctx
        first = ctx.token_index(q.start)
        last = ctx.token_index(max(q.end - 1, q.start))
        toks = ctx.tokens[first : last + 1]
        heads = [t for t in toks if not (first <= t.head.i <= last) or t.head.i == t.i]
        # The quote starts with the speech verb: '... ministers “reiterated that ...”'.
        if toks and self._is_speech(toks[0]):
            subj = next((c for c in toks[0].children if c.dep_ in _SUBJ and c.i < first), None)
            found = self.resolve(subj) if subj is not None else None
            if found is not None and found.name and (found.person is not None or subj.tag_ in ("NNS", "NNPS")):
                return found
        for h in heads[:3]:
            a = h.head
            for _ in range(8):
                if first <= a.i <= last:
                    if a.head.i == a.i:
                        break
                    a = a.head
                    continue
                if self._is_speech(a):
                    found = self.resolve(self.subject_of(a))
                    if found is not None:
                        return found
                if a.head.i == a.i:
                    break
                a = a.head
        return self.according_to(ctx.sent_at(q.open_mark))

    def according_to(self, sent_i: int) -> Speaker | None:
        sent = self.ctx.sents[sent_i]
        sdoc = self.ctx.tokens
        for k in range(sent.tok_start, sent.tok_end - 1):
            if sdoc[k].lower_ == "according" and sdoc[k + 1].lower_ == "to" and not self.ctx.in_quote(sdoc[k].idx):
                pobj = next((c for c in sdoc[k + 1].children if c.dep_ == "pobj"), None)
                if pobj is None:
                    pobj = next((c for c in sdoc[k].subtree if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self.resolve(pobj)
        return None

    def headline(self, q: QuoteSpan) -> Speaker | None:
        """'Kowalski: “We are not leaving the table”' — a name or title, a colon, no verb."""
        ctx = self.ctx
        para_start = ctx.paras[ctx.para_at(q.open_mark)][0]
        first = ctx.token_index(para_start)
        toks = [t for t in ctx.tokens[first : first + 8] if para_start <= t.idx < q.open_mark]
        colon = next((i for i, t in enumerate(toks) if t.text == ":"), None)
        if colon is None or colon == 0 or colon > 6:
            return None
        head = toks[:colon]
        if any(t.pos_ in ("VERB", "AUX") for t in head):
            return None
        noun = next((t for t in reversed(head) if t.pos_ in ("NOUN", "PROPN")), None)
        return self.resolve(noun)

    def subject_speaker(self, sent_i: int) -> Speaker | None:
        """The person a sentence is about: the subject of its main verb."""
        sent = self.ctx.sents[sent_i]
        root = next((t for t in self.ctx.tokens[sent.tok_start : sent.tok_end] if t.head.i == t.i), None)
        if root is None or self.ctx.in_quote(root.idx):
            return None
        subj = next((c for c in root.children if c.dep_ in _SUBJ), None)
        if subj is None or self.ctx.in_quote(subj.idx):
            return None
        found = self.resolve(subj)
        return found if found is not None and found.person is not None else None


# ------------------------------------------------------------------ records


def _word_count(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _standalone(ctx: Context, q: QuoteSpan) -> bool:
    """The quote is a sentence of its own: it opens a paragraph or follows . ! ? :"""
    para_start = ctx.paras[ctx.para_at(q.open_mark)][0]
    before = ctx.text[para_start : q.open_mark].rstrip()
    inner = ctx.text[q.start : q.end]
    return (not before or before[-1] in ".!?:") and inner[:1].isupper()


def _opens_clause(ctx: Context, q: QuoteSpan) -> bool:
    """Nothing of the sentence comes before the quote but an introduction ('stance: “...')."""
    para_start = ctx.paras[ctx.para_at(q.open_mark)][0]
    before = ctx.text[para_start : q.open_mark].rstrip()
    return not before or before[-1] in ".!?:;—–-" or before[-1] in "”\"’'»"


def attribute(ctx: Context, speakers: Speakers) -> list[tuple[QuoteSpan, Attribution, bool]]:
    """(quote, attribution, scare) for every quote of the document, in order."""
    found: list[tuple[QuoteSpan, Attribution, bool]] = []
    for q in ctx.quotes:
        att = Attribution(None)
        for how, rule in (("trailing", speakers.trailing), ("leading", speakers.leading),
                          ("governed", speakers.governed), ("headline", speakers.headline)):
            sp = rule(q)
            if sp is not None:
                att = Attribution(sp, how)
                break
        direct = att.how == "leading" or att.how == "trailing" and _opens_clause(ctx, q)
        short = _word_count(ctx.text[q.start : q.end]) <= 3
        scare = short and not direct and not _standalone(ctx, q) and not q.continued
        found.append((q, att, scare))
    _carry_over(ctx, speakers, found)
    return found


def _carry_over(ctx: Context, speakers: Speakers, found) -> None:
    """Full quotes with no cue of their own take the speaker the context gives."""
    by_sent: dict[int, Speaker] = {}
    for q, att, _ in found:
        if att.speaker is not None and att.speaker.name:
            by_sent.setdefault(ctx.sent_at(q.open_mark), att.speaker)
    chains: dict[int, Speaker] = {}
    for q, att, _ in found:
        if q.chain >= 0 and att.speaker is not None and att.speaker.name and att.how != "carried":
            chains.setdefault(q.chain, att.speaker)
    first_body = next((i for i, k in enumerate(ctx.para_kinds) if k not in ("headline", "subheading")), 0)
    for k, (q, att, scare) in enumerate(found):
        if att.speaker is not None or scare:
            continue
        # The paragraph's own context first: a quote that runs on into a
        # paragraph attributed to someone else is not theirs.
        sp, how = _previous_in_paragraph(ctx, speakers, q, by_sent), "carried"
        if sp is None and q.chain in chains:
            sp, how = chains[q.chain], "chain"
        para = ctx.para_at(q.open_mark)
        if sp is None and para == first_body:
            s = ctx.sent_at(q.open_mark) + 1
            if s < len(ctx.sents) and ctx.sents[s].para == para:
                sp, how = speakers.subject_speaker(s), "lead"
        if sp is not None:
            found[k] = (q, Attribution(sp, how), scare)
            by_sent.setdefault(ctx.sent_at(q.open_mark), sp)


def _previous_in_paragraph(ctx: Context, speakers: Speakers, q: QuoteSpan, by_sent) -> Speaker | None:
    s = ctx.sent_at(q.open_mark)
    para = ctx.para_at(q.open_mark)
    for back in (1, 2):
        p = s - back
        if p < 0:
            return None
        if ctx.sents[p].para != para:
            # A quote opening its paragraph goes on from a quoted speaker just before.
            if back == 1 and ctx.sents[s].start >= ctx.paras[para][0] and q.open_mark - ctx.paras[para][0] <= 1:
                return by_sent.get(p)
            return None
        if p in by_sent:
            return by_sent[p]
        sp = speakers.subject_speaker(p)
        if sp is not None:
            return sp
    return None
