"""Who said it: speakers of quotes and of reported speech.

Rules, tried in order for each quote (the parse is never re-run):
1. a cue right after the closing mark ("...," he said / said Jacob Stern),
2. a cue right before the opening mark (saying: "..." / She told reporters: '...'),
3. a speech verb that governs the quote ("Rutte praised the country's “...”",
   "According to X, ... “...”", "Warning of Russia's “...”, the minister said"),
4. a "Speaker: ... “...”" headline,
5. for a full quote with none of these: the speaker of the same multi-paragraph
   quote, of attributed speech just before it (the previous sentences of the
   paragraph, or the previous paragraph's last quote when the quote opens its
   paragraph), of the next sentence in the lead paragraph, or of a next
   paragraph that names who said it ("That was how X described ..."). Otherwise
   unknown.

A short quote (three words or fewer) is a scare quote unless a speech verb
attributes it to a speaker and it is not a term: "calling it “illogical”" and
"vowed to “cancel” it" are utterances; "a “gimmick”", a “productive” meeting and
a bare noun phrase ("cats are “cuties”") are terms. Capitalised words a cue
announces as a title (the book "One Hundred Years of Solitude", on "Meet the
Press") are never a quote of anyone: scare, no speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefing.analyze import lexicon as lx
from briefing.analyze.context import Context
from briefing.analyze.entities import People, capitalised, org_name
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
        """Grammatical subject of a speech verb, climbing from participles to their clause.

        A participle the parser hangs on the reported clause is the sayer's: in "the
        commissioner said the bloc accepted it, arguing it 'was a step'", "arguing"
        climbs past "accepted" (a clause "said" reports) to the commissioner.
        """
        v = verb
        if verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ == "VBG":
            clause = verb.head
            if clause.dep_ == "ccomp" and self._is_speech(clause.head) and not self._is_speech(clause):
                v = clause.head
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
            # A role's compound or owner is its employer, not the speaker: "another Ryan
            # spokesperson", "Ryan's spokeswoman"; only an apposition names its holder.
            role = tok.lower_ in lx.ROLE_WORDS
            for c in list(tok.children) + ([tok.head] if tok.dep_ == "appos" else []):
                if c.dep_ == "appos" or (c.dep_ == "compound" or c.i == tok.head.i) and not role:
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
        if low in lx.SHARE_NOUNS or tok.lemma_.lower() in lx.SHARE_NOUNS:
            group = self._group_of_share(tok)
            if group is not None:
                return self.resolve(group, loose)
        if (tok.pos_ == "PROPN" or capitalised(tok)) and tok.ent_type_ not in ("ORG", "GPE", "NORP"):
            key = self.people.person_by_name(text)
            if key is not None:
                person = self.people.persons[key]
                return Speaker(person.name, person.role, text, key)
        if tok.lemma_.lower() in lx.ORG_NOUNS | lx.MEDIA_NOUNS or tok.lower_ in lx.MEDIA_NOUNS or tok.ent_type_ in ("ORG", "GPE", "NORP"):
            return Speaker(self._org(tok, text), None, text)
        if low in lx.GROUP_NOUNS or tok.lemma_.lower() in lx.GROUP_NOUNS:
            return Speaker(text, None, text)
        if low in lx.ROLE_WORDS:
            return Speaker(None, text, text)  # a role nobody in the text holds
        if tok.pos_ == "PROPN" and _plausible_name(tok) or loose and tok.pos_ == "NOUN":
            return Speaker(text, None, text)
        return None

    def _group_of_share(self, tok):
        """The group a share speaks for: "Forty-one percent of respondents" -> respondents;
        a bare "31 percent" later in the sentence -> the group of the share before it."""
        sent = self.ctx.sents[self.ctx.sent_at(tok.idx)]
        shares = [t for t in self.ctx.tokens[sent.tok_start : tok.i + 1] if t.lower_ in lx.SHARE_NOUNS]
        for share in reversed(shares):
            of = next((c for c in share.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if group is not None and group.pos_ in ("NOUN", "PROPN"):
                return group
        return None

    def _org(self, tok, text: str) -> str:
        lemma = tok.lemma_.lower()
        if tok.ent_type_ in ("ORG", "GPE", "NORP"):
            ent = next((e for e in self.ctx.ents if e.start <= tok.i < e.end), None)
            return org_name(ent.text) if ent is not None else org_name(text)
        if lemma in lx.MEDIA_NOUNS:
            named = self._described_org(tok)
            if named:
                return named
        if lemma in ("company", "firm", "group") and len(text.split()) == 1:
            named = self._nearest_org_before(tok.idx)
            if named:
                return named
        if len(text.split()) == 1 and lemma in self._org_phrases:
            return org_name(self._org_phrases[lemma])
        return org_name(text)

    def _described_org(self, tok) -> str | None:
        """The organisation a description stands for ("the newspaper", "the influential
        US daily"): the last one named before it as a subject, else the last one named."""
        best = last = None
        for ent in self.ctx.ents:
            if ent.start >= tok.i:
                break
            if ent.label_ != "ORG" or self.ctx.in_quote(ent.start_char):
                continue
            last = ent
            if ent.root.dep_ in _SUBJ:
                best = ent
        found = best or last
        return org_name(found.text) if found is not None else None

    def _nearest_org_before(self, char: int) -> str | None:
        para = self.ctx.para_at(char)
        start = self.ctx.paras[para][0]
        best = None
        for ent in self.ctx.sdoc.char_span(start, char, alignment_mode="contract").ents if char > start else ():
            if ent.label_ == "ORG":
                best = org_name(ent.text)
        return best

    # --------------------------------------------------------------- quotes

    def _is_speech(self, tok, cue: bool = False) -> bool:
        """A speech verb; `cue`: right beside a quote, where "continued" and "went on" say it too."""
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") and (lemma in lx.SPEECH_VERBS or cue and lemma in lx.CUE_VERBS):
            return True
        return tok.lemma_ == "make" and any(c.lower_ == "clear" for c in tok.children)

    def trailing(self, q: QuoteSpan) -> Speaker | None:
        """'“...,” he said' and '“...,” said Jacob Stern, an economist'."""
        if q.close_mark is None:
            return None
        ctx = self.ctx
        para_end = ctx.paras[ctx.para_at(q.close_mark)][1]
        k = ctx.token_index(q.close_mark) + 1
        # "continued", "went on" say a quote only in a cue set off by its comma: '“...,” he continued'.
        cue = ctx.text[q.close_mark - 1] in ",!?" or ctx.text[q.close_mark + 1 : q.close_mark + 2] == ","
        for _ in range(10):
            if k >= len(ctx.tokens):
                return None
            t = ctx.tokens[k]
            if t.idx >= para_end or t.is_quote or t.text in ".;" or ctx.in_quote(t.idx):
                return None
            if self._is_speech(t, cue=cue):
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
            if self._is_speech(t, cue=True):
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
        para = ctx.para_at(q.open_mark)
        for h in heads[:3]:
            a = h.head
            for _ in range(8):
                if ctx.para_at(a.idx) != para:
                    break  # the parser ran two paragraphs together: their verbs are not this quote's
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

    def named_after(self, para: int) -> Speaker | None:
        """Who said the quote of paragraph `para`, as the next paragraph names them:
        "That was how Jeffrey Bewkes once described ...", "So said the minister"."""
        ctx = self.ctx
        nxt = next((i for i, s in enumerate(ctx.sents) if s.para == para + 1), None)
        if nxt is None:
            return None
        sent = ctx.sents[nxt]
        toks = ctx.tokens[sent.tok_start : sent.tok_end]
        if not toks or toks[0].lower_ not in ("that", "this", "those", "these", "so", "such"):
            return None
        for t in toks:
            if self._is_speech(t) and not ctx.in_quote(t.idx):
                found = self.resolve(self.subject_of(t))
                return found if found is not None and found.name else None
        return None

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


def _plausible_name(tok) -> bool:
    """A name nobody was found to bear is a speaker only if the tagger calls it a person or
    organisation and no word of it is a verb or an honorific alone ("Acme reacts", "Mr")."""
    if tok.ent_type_ not in ("PERSON", "ORG", "NORP", "GPE"):
        return False
    words = [t for t in tok.subtree if t.i <= tok.i and not t.is_punct and t.dep_ not in ("det", "poss", "case")]
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    return not all(t.lower_ in lx.HONORIFICS for t in words)


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


_SMALL_WORDS = frozenset("of the a an and in on for to at by with or from".split())


def _quote_tokens(ctx: Context, q: QuoteSpan) -> tuple[int, int]:
    return ctx.token_index(q.start), ctx.token_index(max(q.end - 1, q.start))


def _is_title(ctx: Context, q: QuoteSpan) -> bool:
    """Capitalised words that a cue announces as a title: the book "One Hundred Years of
    Solitude", a report titled "...", the "Turn the Tide" campaign, on "Meet the Press"."""
    words = ctx.text[q.start : q.end].strip(" ,.;:!?").split()
    if len(words) < 2 or not all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words):
        return False
    para_start, para_end = ctx.paras[ctx.para_at(q.open_mark)]
    outside = ctx.text[para_start : q.open_mark].split() + ctx.text[q.end : para_end].split()[1:]
    if outside and all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _SMALL_WORDS for w in outside):
        return False  # a headline in title case: its quotes are not titles by their capitals
    first, last = _quote_tokens(ctx, q)
    before = ctx.tokens[max(0, first - 4) : first]
    after = ctx.tokens[last + 1 : last + 3]
    words_near = [t for t in before + after if not t.is_punct]
    if any(t.lower_ in lx.TITLE_CUES or t.lemma_.lower() in lx.TITLE_CUES for t in words_near):
        return True
    prev = next((t for t in reversed(before) if not t.is_punct), None)
    return prev is not None and prev.lower_ == "on" and prev.head.i != prev.i and _speech_verb(prev.head)


def _speech_verb(tok) -> bool:
    """'said on "Meet the Press"': the preposition hangs on a speech verb."""
    return tok.lemma_.lower() in lx.SPEECH_VERBS


def _term(ctx: Context, q: QuoteSpan) -> bool:
    """Quoted words used as a term, not said: a bare noun phrase ("locker room" banter,
    cats are "cuties"), or words a determiner outside the marks takes (a “gimmick”)."""
    first, last = _quote_tokens(ctx, q)
    toks = [t for t in ctx.tokens[first : last + 1] if not t.is_punct and q.start <= t.idx < q.end]
    if not toks:
        return True
    heads = [t for t in toks if not (first <= t.head.i <= last) or t.head.i == t.i]
    if any(t.dep_ in ("compound", "amod", "nmod", "poss") for t in heads):
        return True
    if any(c.idx < q.open_mark and c.dep_ in ("det", "poss", "amod") for h in heads for c in h.children):
        return True
    return all(t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") for t in toks) and any(
        t.pos_ in ("NOUN", "PROPN") for t in toks
    )


def attribute(ctx: Context, speakers: Speakers) -> list[tuple[QuoteSpan, Attribution, bool]]:
    """(quote, attribution, scare) for every quote of the document, in order."""
    found: list[tuple[QuoteSpan, Attribution, bool]] = []
    for q in ctx.quotes:
        att = Attribution(None)
        if _is_title(ctx, q):
            found.append((q, att, True))
            continue
        for how, rule in (("trailing", speakers.trailing), ("leading", speakers.leading),
                          ("governed", speakers.governed), ("headline", speakers.headline)):
            sp = rule(q)
            if sp is not None:
                att = Attribution(sp, how)
                break
        direct = att.how == "leading" or att.how == "trailing" and _opens_clause(ctx, q)
        said = att.how in ("trailing", "leading", "governed") and att.speaker is not None and bool(
            att.speaker.name or att.speaker.role
        )
        short = _word_count(ctx.text[q.start : q.end]) <= 3
        scare = short and not direct and not _standalone(ctx, q) and not q.continued and not (said and not _term(ctx, q))
        found.append((q, att, scare))
    _carry_over(ctx, speakers, found)
    return found


def _carry_over(ctx: Context, speakers: Speakers, found) -> None:
    """Full quotes with no cue of their own take the speaker the context gives."""
    by_sent: dict[int, Speaker] = {}  # sentences holding attributed speech: the quote's and its cue's
    for q, att, scare in found:
        if att.speaker is not None and att.speaker.name and not scare:
            close = q.close_mark if q.close_mark is not None else q.end
            for s in range(ctx.sent_at(q.open_mark), ctx.sent_at(close + 1) + 1):
                by_sent.setdefault(s, att.speaker)
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
        if sp is None and _whole_paragraph(ctx, q):
            sp, how = speakers.named_after(para), "named after"
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


def _whole_paragraph(ctx: Context, q: QuoteSpan) -> bool:
    """The quote is all its paragraph holds."""
    start, end = ctx.paras[ctx.para_at(q.open_mark)]
    close = q.close_mark if q.close_mark is not None else q.end
    return not ctx.text[start : q.open_mark].strip() and not ctx.text[close + 1 : end].strip(" .,")
