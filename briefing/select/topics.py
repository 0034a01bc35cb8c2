"""Assigning candidates to the user's topics.

A topic is matched two ways: its terms (folded word sequences, so "drone"
matches "drones" and "counter-drone"; short capitalised terms such as "US"
match case-sensitively so they never match the pronoun "us") and TF-IDF
similarity to its description, examples and terms. Exclusions veto a topic.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from briefing.config import Topic
from briefing.select.candidates import Candidate
from briefing.select.text import Vectorizer, content_tokens, scaled_dot, tokens

MIN_TERMS_SCORE = 0.25  # at least one matched term of ordinary weight
MIN_SIMILARITY = 0.22  # or this close to the topic's description and examples


@dataclass
class Term:
    text: str
    seq: tuple[str, ...]  # folded words
    pattern: re.Pattern | None  # case-sensitive match for acronyms and short names


@dataclass
class TopicMatch:
    topic: str
    score: float
    terms: list[str] = field(default_factory=list)
    similarity: float = 0.0


def compile_terms(phrases: list[str]) -> list[Term]:
    out = []
    for phrase in phrases:
        phrase = phrase.strip()
        if not phrase:
            continue
        seq = tuple(tokens(phrase))
        exact = any(c.isupper() for c in phrase) and len(phrase.replace(".", "")) <= 5
        pattern = (re.compile(r"(?<![\w.])" + re.escape(phrase) + r"(?:s|’s|'s)?(?![\w])")
                   if exact else None)
        if seq or pattern:
            out.append(Term(phrase, seq, pattern))
    return out


def term_in(term: Term, cand: Candidate) -> bool:
    if term.pattern is not None:
        return bool(term.pattern.search(cand.text))
    return _contains(cand.all_words, term.seq) or _contains(cand.lemmas, term.seq)


def _contains(words: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    if not n:
        return False
    first, rest, last = seq[0], list(seq[1:]), len(words) - n
    i = -1
    while True:  # jump from one occurrence of the first word to the next (list.index runs in C)
        try:
            i = words.index(first, i + 1)
        except ValueError:
            return False
        if i > last:
            return False
        if words[i + 1:i + n] == rest:
            return True


def assign_topics(cands: list[Candidate], topics: list[Topic]) -> dict[str, list[TopicMatch]]:
    """Every candidate's matching topics, best first (empty list: no topic)."""
    compiled = [(t, compile_terms(t.terms), compile_terms(t.exclude)) for t in topics]
    profiles = [content_tokens(" ".join([t.name, t.description, *t.examples, *t.terms])) for t in topics]
    vec = Vectorizer([c.words for c in cands] + profiles)
    topic_vecs = vec.sparse(profiles)
    firsts = {t.seq[0] for _, terms, exclude in compiled for t in (*terms, *exclude) if t.pattern is None}
    holders: dict[str, list[int]] = {}  # first word of a term -> candidates using it (word or lemma)
    for ci, c in enumerate(cands):
        for w in firsts.intersection(c.all_words).union(firsts.intersection(c.lemmas)):
            holders.setdefault(w, []).append(ci)
    hits = {(ti, term.text): _holding(term, cands, holders)
            for ti, (_, terms, _) in enumerate(compiled) for term in terms}
    n = max(1, len(cands))
    share = {key: len(found) / n for key, found in hits.items()}  # once, not once per candidate
    held: dict[int, dict[int, list[Term]]] = {}  # candidate -> topic -> its terms, in the topic's order
    for ti, (_, terms, _) in enumerate(compiled):
        for t in terms:
            for ci in hits[(ti, t.text)]:
                held.setdefault(ci, {}).setdefault(ti, []).append(t)
    excluded = {(ci, ti) for ti, (_, _, exclude) in enumerate(compiled) for x in exclude
                for ci in _holding(x, cands, holders)}
    result: dict[str, list[TopicMatch]] = {}
    topic_words = {w for p in profiles for w in p}
    for ci, cand in enumerate(cands):
        # No word of any topic: every similarity is 0.0, and the weights are not worth making.
        apart = topic_words.isdisjoint(cand.words)
        mine = held.get(ci, {})
        if apart and not mine:
            result[cand.id] = []  # no term and no similarity: no topic
            continue
        weights, norm = ({}, 1.0) if apart else vec.weights(cand.words)
        matches = []
        for ti, (topic, terms, exclude) in enumerate(compiled):
            if (ci, ti) in excluded:
                continue
            matched = mine.get(ti)
            weight = sum(_term_weight(t, share[(ti, t.text)]) for t in _distinct(matched)) if matched else 0
            term_score = 1 - math.exp(-weight)
            sim = 0.0 if apart else scaled_dot(weights, norm, topic_vecs[ti])
            if term_score >= MIN_TERMS_SCORE or sim >= MIN_SIMILARITY:
                matches.append(TopicMatch(topic.id, round(term_score + sim, 4),
                                          [t.text for t in matched or ()], round(sim, 4)))
        result[cand.id] = sorted(matches, key=lambda m: -m.score)
    return result


def _holding(term: Term, cands: list[Candidate], holders: dict[str, list[int]]) -> set[int]:
    """Indices of the candidates holding a term; only those using its first word (or its text) are checked."""
    if term.pattern is not None:
        return {ci for ci, c in enumerate(cands) if term.text in c.text and term_in(term, c)}
    return {ci for ci in holders.get(term.seq[0], ()) if term_in(term, cands[ci])}


def _term_weight(term: Term, share: float) -> float:
    """Longer phrases say more; a term found in most sentences says less."""
    length = max(1, len(term.seq))
    return (1.0 + 0.5 * (length - 1)) * (1.0 - 0.6 * min(1.0, share * 3))


def _distinct(terms: list[Term]) -> list[Term]:
    """Drop a term that is part of a longer matched one ("air defence" in "air defence systems")."""
    keep: list[Term] = []
    for t in terms:
        if t.seq and any(k.seq == t.seq for k in keep):
            continue  # "defence"/"defense" spellings fold to one term
        inside = any(o is not t and len(o.seq) > len(t.seq) and _contains(list(o.seq), t.seq) for o in terms)
        if not inside:
            keep.append(t)
    return keep
