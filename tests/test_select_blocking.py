"""Select without comparing every pair: each shortcut gives what comparing every pair gives.

Select compares sentences, figures, role holders and sources through
blocking and indexes so that a large corpus costs about its size, not its
square (timing is left to benchmarks/scale.py). Each test builds small random
inputs, computes the answer the plain way (every pair, every item), and
checks the fast path gives the same answer; where blocking is approximate
by design (words used by very many sentences), it checks that nothing is
invented and that near-copies are still found.
"""

from __future__ import annotations

import itertools
import os
import random
import re
from types import SimpleNamespace

import numpy as np
import pytest

from briefing import lsh
from briefing.select import SourceFeatures, _syndication
from briefing.select import conflicts as cf
from briefing.select.candidates import ENDS_SENTENCE, Candidate, _ends_sentence, overlapping
from briefing.model import Clause
from briefing.select.claims import LOOSE, claim_of, compare
from briefing.select.events import _Closeness
from briefing.select.figures import Measure
from briefing.select.merge import SAME, Group, merge
from briefing.select.rank import MIN_SCORE, MMR_LAMBDA, REDUNDANT, _mmr
from briefing.select.similar import (LSH_BANDS, LSH_WINDOW, NEAREST, RARE_PAIR_DF, PAIR_BONUS, PAIR_BONUS_MAX,
                                     blocked_pairs, similarity, word_pairs)
from briefing.select.text import NameFinder, Vectorizer, dot, fold, scaled_dot
from briefing.select.topics import _contains
from select_support import document

SEEDS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds")
VOCAB = [f"w{k}" for k in range(50)]


def _cand(n: int, source: str, words: list[str], event: str | None = "e1", text: str = "") -> Candidate:
    return Candidate(id=f"{source}#{n}", source_id=source, doc=0, start=0, end=0, text=text or " ".join(words),
                     order=n, words=words, all_words=words, event=event)


def _random_cands(rng: random.Random, count: int, sources: int, vocab=VOCAB, rewrites: float = 0.3) -> list[Candidate]:
    weights = [1 / (k + 1) for k in range(len(vocab))]  # a few common words, many rare ones
    out = []
    for n in range(count):
        words = rng.choices(vocab, weights, k=rng.randint(3, 12))
        if out and rng.random() < rewrites:  # some rewrites of an earlier sentence
            base = rng.choice(out).words
            words = base[:] if rng.random() < 0.5 else base[: len(base) // 2] + words[: len(words) // 2]
        out.append(_cand(n, f"s{rng.randrange(sources)}", words))
    return out


def _brute(cands: list[Candidate]):
    """Cosine and paraphrase score of every pair from different sources, by definition."""
    texts = [c.words for c in cands]
    vectors = Vectorizer(texts).sparse(texts)
    pairs = [word_pairs(c.words) for c in cands]
    df = {}
    for ps in pairs:
        for p in ps:
            df[p] = df.get(p, 0) + 1
    rare = [{p for p in ps if df[p] <= RARE_PAIR_DF} for ps in pairs]
    cos, para = {}, {}
    for i, j in itertools.combinations(range(len(cands)), 2):
        if cands[i].source_id == cands[j].source_id:
            continue
        cos[i, j] = dot(vectors[i], vectors[j])
        shared = len(rare[i] & rare[j])
        para[i, j] = cos[i, j] + (min(PAIR_BONUS_MAX, PAIR_BONUS * shared) if shared else 0.0)
    return cos, para


# ------------------------------------------------------------------ sentence pairs


@pytest.mark.parametrize("seed", range(6))
def test_small_corpus_gives_every_pair_above_the_threshold(seed):
    rng = random.Random(seed)
    cands = _random_cands(rng, 60, sources=7)  # 60 sentences: every word is under the posting cap
    sim = similarity(cands, keep=0.3)
    cos, para = _brute(cands)
    want = {(i, j): p for (i, j), p in para.items() if p >= 0.3}
    got = {(i, j): p for i in range(len(cands)) for j, p in sim.related(i).items() if i < j}
    assert want and got == want  # same pairs, same scores to the bit
    for i, c in enumerate(cands):
        others = sorted((v for (a, b), v in cos.items() if i in (a, b) and v > 0), reverse=True)
        assert sim.nearest[i] == others[:NEAREST]
        assert sim.others[i] == sum(1 for o in cands if o.source_id != c.source_id)
    for (i, j), v in list(cos.items())[:200]:
        assert sim.cosine(i, j) == v == sim.cosine(j, i)


@pytest.mark.parametrize("seed", range(4))
def test_merge_groups_as_a_scan_of_every_candidate_does(seed):
    """Partners come from related pairs only; the result is the plain greedy grouping over every
    pair of related sentences whose claims align (clauses drawn at random, so actions align too)."""
    rng = random.Random(seed)
    cands = _random_cands(rng, 60, sources=6, rewrites=0.5)
    for c in cands:
        c.event = rng.choice(["e1", "e1", "e2"])
        c.clauses = [Clause(actor=rng.choice(["", "Bank", "board"]), verb=rng.choice(["cut", "lower", "hold", "say"]),
                            object=rng.choice(["rate", "bond", ""]), main=True)]
    quality = {c.id: rng.choice([0.2, 0.5, 0.5, 0.8]) for c in cands}
    claims = [claim_of(c, c.text) for c in cands]
    sim = similarity(cands, keep=LOOSE)
    _, para = _brute(cands)
    score = lambda i, j: para.get((min(i, j), max(i, j)), 0.0)  # noqa: E731
    taken, want = set(), []
    for seed_c in sorted(cands, key=lambda c: (-quality[c.id], c.id)):  # the plain greedy grouping
        s = cands.index(seed_c)
        if s in taken:
            continue
        before = set(taken)
        taken.add(s)
        members = [s]
        sources = sorted({c.source_id for c in cands if c.source_id != seed_c.source_id and c.event == seed_c.event})
        for sid in sources:
            pool = [j for j, c in enumerate(cands) if c.source_id == sid and j not in taken and c.event == seed_c.event
                    and score(s, j) >= LOOSE and compare(claims[s], claims[j], sim.cosine(s, j)).same]
            best = max(pool, key=lambda j: (score(s, j), -j), default=None)
            if best is not None:
                members.append(best)
                taken.add(best)
        for sid in sources:  # a sentence an earlier group took is cited too, from a source not yet in
            if any(cands[m].source_id == sid for m in members):
                continue
            pool = [j for j in before if cands[j].source_id == sid and cands[j].event == seed_c.event
                    and score(s, j) >= LOOSE and compare(claims[s], claims[j], sim.cosine(s, j)).same]
            best = max(pool, key=lambda j: (score(s, j), -j), default=None)
            if best is not None:
                members.append(best)
        want.append(sorted(members))
    got = [sorted(cands.index(m) for m in g.members) for g in merge(cands, sim, quality, claims)]
    assert any(len(m) > 1 for m in want) and got == want


def test_blocked_pairs_cover_every_pair_with_a_word_in_common_on_a_small_corpus():
    rng = random.Random(11)
    words = [set(rng.sample(VOCAB, rng.randint(1, 6))) for _ in range(40)]
    group = [k % 5 for k in range(40)]
    found = {tuple(p) for p in blocked_pairs(words, group).tolist()}
    brute = {(i, j) for i, j in itertools.combinations(range(40), 2) if group[i] != group[j] and words[i] & words[j]}
    assert found == brute


def test_common_words_propose_no_pair_alone_but_near_copies_are_still_found():
    """Beyond the cap, a shared common word proposes nothing; copies meet through LSH, in bounded numbers."""
    rng = random.Random(5)
    common = [f"c{k}" for k in range(8)]
    cands = [_cand(n, f"s{n}", common[:6] + [f"v{n % 3}"]) for n in range(120)]  # one fact, 120 sources
    cands += [_cand(200 + n, f"t{n}", rng.sample(common, 3) + [f"x{n}", f"y{n}"]) for n in range(80)]
    sim = similarity(cands, keep=0.3)
    _, para = _brute(cands)
    for i in range(len(cands)):
        for j, p in sim.related(i).items():
            assert p == para[min(i, j), max(i, j)] >= 0.3  # nothing invented
    copies = range(120)
    assert all(any(j in copies and p >= SAME for j, p in sim.related(i).items()) for i in copies)
    partners = [len([j for j in sim.related(i) if j in copies]) for i in copies]
    assert max(partners) <= 2 * LSH_WINDOW * LSH_BANDS < 119  # bounded, not every other copy
    assert sum(partners) / len(partners) >= 10  # but each copy meets many of them across bands


def test_bucket_pairs_keep_every_pair_of_small_buckets_and_bound_large_ones():
    rng = random.Random(2)
    sets = [set(rng.sample(range(30), 5)) for _ in range(60)] + [set(range(100, 106))] * 200 + [set()]
    signature = lsh.signatures(sets, 64)
    everything = lsh._pairs_from(signature, 16, 4, {len(sets) - 1})
    wide = {tuple(p) for p in lsh.bucket_pairs(signature, 16, 4, window=len(sets)).tolist()}
    assert wide == everything
    narrow = lsh.bucket_pairs(signature, 16, 4, window=2)
    assert {tuple(p) for p in narrow.tolist()} <= everything
    assert all(i < j for i, j in narrow.tolist()) and len(sets) - 1 not in narrow
    copies = narrow[np.isin(narrow, range(60, 260)).all(axis=1)]
    partners = np.bincount(copies.ravel(), minlength=len(sets))[60:260]
    assert len(copies) <= 200 * 2 * 16 < 200 * 199 // 2  # bounded by the window, not the square
    assert partners.max() <= 2 * 2 * 16 and partners.min() >= 16


# ----------------------------------------------------------------- events


def test_event_closeness_matches_the_dense_formula_and_links_every_close_source():
    rng = random.Random(8)
    cands = _random_cands(rng, 40, sources=10, vocab=[f"w{k}" for k in range(200)], rewrites=0.3)
    for c in cands:
        c.clauses = [Clause(actor="", verb=rng.choice(["cut", "hold"]), object=rng.choice(["rate", "bond"]), main=True)]
    claims = [claim_of(c, c.text) for c in cands]
    sim = similarity(cands, keep=0.3)
    _, para = _brute(cands)
    ids = sorted({c.source_id for c in cands})
    docs = [SimpleNamespace(source=SimpleNamespace(id=s)) for s in ids]
    closeness = _Closeness(docs, cands, sim, claims, {})
    rows = {s: [i for i, c in enumerate(cands) if c.source_id == s] for s in ids}

    def dense(sid, others):
        weight = 0
        for i in rows[sid]:
            verdicts = [compare(claims[i], claims[j], sim.cosine(i, j)) for o in others for j in rows[o]
                        if para.get((min(i, j), max(i, j)), 0.0) >= 0.3]
            anchors = {v.anchor for v in verdicts if v.same}
            weight += 2 if anchors & {"quote", "figure", "copy"} else 1 if anchors else 0
            weight -= 2 if any(v.conflict for v in verdicts) else 0
        return float(max(weight, 0))

    for sid in ids:
        others = [o for o in ids if o != sid]
        members = []
        pool = closeness.pool(members)
        for o in rng.sample(others, len(others)):  # a pool growing as sources join it
            members.append(o)
            assert closeness(sid, pool) == dense(sid, members)
        linked = closeness.linked(sid)
        assert all(o in linked for o in others if dense(sid, [o]) > 0)
    assert any(dense(s, [o]) > 0 for s in ids for o in ids if s != o)


# -------------------------------------------------------------- figure conflicts


def _mentions(rng: random.Random, count: int) -> list[cf.Mention]:
    out = []
    for n in range(count):
        kind = rng.choice(["share", "share", "money", "count"])
        of = rng.choice(["gdp", "", "ally"]) if kind != "money" else ""
        unit = rng.choice(["%", "pp"]) if kind == "share" else rng.choice(["USD", "EUR", None])
        cand = _cand(n // 2, f"s{rng.randrange(6)}", [], event=rng.choice(["e1", "e1", "e2"]))
        cand.id = f"c{n // 2}-{cand.source_id}"
        measure = Measure(kind, of, unit, rng.choice([None, None, 2030, 2035]))
        out.append(cf.Mention(cand, measure, float(rng.choice([2, 2, 3, 5, 20, 22])), rng.choice([None, None, "about",
                              "more than", "up to"]), "x", "", None, scope=cand.event))
    return out


def _brute_clusters(mentions, linkable):
    parent = list(range(len(mentions)))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    def block(m):
        return m.measure.kind, m.measure.of, m.measure.unit if m.measure.kind == "share" else None, m.cand.event

    per_cand = {}  # a sentence's mentions in one block: several values of one measure pair only when they agree
    for m in mentions:
        per_cand[m.cand.id, block(m)] = per_cand.get((m.cand.id, block(m)), 0) + 1
    for i, j in itertools.combinations(range(len(mentions)), 2):
        a, b = mentions[i], mentions[j]
        single = per_cand[a.cand.id, block(a)] == 1 and per_cand[b.cand.id, block(b)] == 1
        same_block = block(a) == block(b)
        if same_block and (single or cf.agree(a, b)) and linkable(a, b) and cf.comparable(a, b, ALIGNED):
            parent[find(i)] = find(j)
    clusters = {}
    for i in range(len(mentions)):
        clusters.setdefault(find(i), []).append(i)
    return [c for c in clusters.values() if len({mentions[i].cand.source_id for i in c}) > 1]


def ALIGNED(a, b):  # noqa: N802 - a fixed, arbitrary alignment of claims for the comparison
    return sum(map(ord, a.cand.id + b.cand.id)) % 3 != 0


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("small", [True, False])
def test_figure_clusters_blocked_match_every_pair(seed, small, monkeypatch):
    """Small blocks are compared pair by pair; large ones along related sentences only."""
    rng = random.Random(seed)
    mentions = _mentions(rng, 70)
    ids = sorted({m.cand.id for m in mentions})
    index = {c: k for k, c in enumerate(ids)}
    source = {m.cand.id: m.cand.source_id for m in mentions}
    scores = {}
    for a, b in itertools.combinations(ids, 2):
        scores[a, b] = scores[b, a] = rng.choice([0.0, 0.1, 0.3, 0.5, 0.9])
    related = [{index[b]: scores[a, b] for b in ids if b != a and source[b] != source[a] and scores[a, b] >= 0.3}
               for a in ids]
    if not small:
        monkeypatch.setattr(cf, "ALL_PAIRS", 0)
    got = cf.figure_clusters(mentions, SimpleNamespace(related=related.__getitem__), index, ALIGNED, 0.3)
    linkable = (lambda a, b: True) if small else (lambda a, b: scores.get((a.cand.id, b.cand.id), 1.0) >= 0.3)
    want = _brute_clusters(mentions, linkable)
    assert want and sorted(sorted(mentions.index(m) for m in c) for c in got) == sorted(sorted(c) for c in want)


def _disagree_by_sources(cluster):
    by_source = {}
    for m in cluster:
        by_source.setdefault(m.cand.source_id, []).append(m)
    return any(not any(cf.agree(a, b) for a in by_source[s] for b in by_source[t])
               for s, t in itertools.combinations(by_source, 2))


@pytest.mark.parametrize("seed", range(40))
def test_disagree_by_readings_matches_every_pair_of_sources(seed):
    rng = random.Random(seed)
    mentions = _mentions(rng, rng.randrange(1, 40))
    kind = mentions[0].measure.kind  # a cluster holds one kind of figure
    cluster = [m for m in mentions if m.measure.kind == kind]
    assert cf._disagree(cluster) == _disagree_by_sources(cluster)


@pytest.mark.parametrize("seed", range(6))
def test_versions_group_readings_as_a_scan_of_every_version_does(seed):
    rng = random.Random(seed)
    cluster = _mentions(rng, 60)
    for m in cluster:
        m.value = rng.choice([2.0, 2.0 + 1e-12, 2.5, 3.0, 3.0 * (1 + 1e-10), 20.0, 22.0, 25.0])
    number = {f"s{k}": k + 1 for k in range(6)}
    made = []
    for m in sorted(cluster, key=lambda m: (m.value, number[m.cand.source_id])):
        home = next((v for rep, v in made if cf.agree(rep, m)), None)
        if home is None:
            made.append((m, cf.ConflictVersion(text=m.shown, sources=[number[m.cand.source_id]],
                                               context=m.cand.text)))
        elif number[m.cand.source_id] not in home.sources:
            home.sources.append(number[m.cand.source_id])
    assert cf.versions_of(cluster, number) == [v for _, v in made]


# ----------------------------------------------------------------- role holders

PLACES = ["ukrain", "ukrainian", "austria", "australia", "fr", "franc", "french", "poland", "polish", "us"]


def _roles(seed: int) -> list[cf.RoleMention]:
    rng = random.Random(seed)
    out = []
    for n in range(60):
        words = [w.capitalize() for w in rng.sample(PLACES, 2)] + ["said"]
        person = rng.choice(["Ann Lee", "Bo Park", "Cy Diaz", "Lee"])
        cand = _cand(n, f"s{n % 5}", [], text=" ".join(words) + " Minister " + person + " " + rng.choice(PLACES))
        explicit = rng.random() < 0.5
        quals = rng.sample(PLACES, rng.randint(1, 2)) if explicit or rng.random() < 0.5 else []
        out.append(cf.RoleMention(cand, rng.choice(["defenc minist", "financ minist"]), "Minister",
                                  person, quals, explicit))
    return out


def _brute_roles(mentions):
    def same_place(a, b):
        return a == b or len(os.path.commonprefix([a, b])) >= 6

    def same_role(a, b):
        return a.role == b.role and (a.explicit or b.explicit) and any(
            same_place(x, y) for x in a.qualifiers for y in b.qualifiers)

    known = {q for m in mentions if m.explicit for q in m.qualifiers}
    for m in mentions:  # one titled person per sentence here; only places before the name count
        if not m.explicit and not m.qualifiers:
            caps = {fold(w) for w in re.findall(r"\w+", m.cand.text[:m.cand.text.find(m.person)]) if w[:1].isupper()}
            m.qualifiers = sorted(c for c in caps if any(same_place(c, k) for k in known))
    clusters = []
    for m in mentions:
        home = next((c for c in clusters if any(same_role(m, o) for o in c)), None)
        if home is None:
            clusters.append([m])
        else:
            home.append(m)
    return [c for c in clusters if len(cf._people(c)) > 1]


@pytest.mark.parametrize("seed", range(6))
def test_role_clusters_match_comparing_with_every_earlier_mention(seed):
    got = [[m.cand.id for m in c] for c in cf.role_disagreements(_roles(seed))]
    want = [[m.cand.id for m in c] for c in _brute_roles(_roles(seed))]
    assert want and got == want


def test_place_key_is_same_place():
    words = PLACES + ["ukraine", "austrian", "frances", "francis", "pol", "usa", ""]
    for a, b in itertools.product(words, repeat=2):
        assert cf.same_place(a, b) == (a == b or len(os.path.commonprefix([a, b])) >= 6), (a, b)


# ------------------------------------------------------------------------ MMR


def _naive_mmr(pool, already, budget, max_items, cosine, words):
    pool = sorted(pool, key=lambda g: (-g.score, g.best.id))
    chosen, used = [], 0

    def overlap(g):
        return max((cosine(g, c) for c in already + chosen), default=0.0)

    while pool and len(chosen) < max_items:
        g = max(pool, key=lambda g: MMR_LAMBDA * g.score - (1 - MMR_LAMBDA) * overlap(g))
        pool.remove(g)
        if g.score < MIN_SCORE:
            break
        if overlap(g) >= REDUNDANT or used + words(g) > budget:
            continue
        chosen.append(g)
        used += words(g)
    return chosen


@pytest.mark.parametrize("seed", range(10))
def test_lazy_mmr_picks_what_a_full_scan_picks(seed):
    rng = random.Random(seed)
    groups = [Group(members=[], best=_cand(n, "s", []), score=rng.choice([0.1, 0.25, 0.4, 0.4, 0.6, 0.8]))
              for n in range(40)]
    size = {id(g): rng.choice([5, 12, 30, 60]) for g in groups}
    pairs = {}
    for a, b in itertools.combinations(groups, 2):
        pairs[id(a), id(b)] = pairs[id(b), id(a)] = rng.choice([0.0, 0.0, 0.2, 0.45, 0.5, 0.9])
    ctx = SimpleNamespace(cosine=lambda a, b: pairs[id(a), id(b)])
    for budget, max_items in ((10**9, 40), (120, 6), (40, 3), (0, 5)):
        already = rng.sample(groups, rng.randint(0, 3))
        pool = [g for g in groups if g not in already]
        words = lambda g: size[id(g)]  # noqa: E731
        assert _mmr(pool, already, budget, max_items, ctx, words) == _naive_mmr(
            pool, already, budget, max_items, ctx.cosine, words)


# --------------------------------------------------------------- sources


def _seed_texts() -> list[str]:
    return [open(os.path.join(SEEDS, f), encoding="utf-8").read() for f in sorted(os.listdir(SEEDS))
            if f.endswith(".txt")]


def test_syndication_finds_the_copies_comparing_every_pair_finds():
    texts = _seed_texts()
    rng = random.Random(4)
    extra = []
    for k, text in enumerate(texts):
        lines = text.splitlines()
        extra.append("\n".join(lines[: len(lines) * 2 // 3]))  # an excerpt: contained in the original
        words = text.split()
        extra.append(" ".join(w if rng.random() > 0.08 else "edited" for w in words))  # a lightly edited copy
        extra.append(" ".join(rng.sample(words, len(words))))  # the same words, no shared phrases
    docs = [document(f"d{k}", t) for k, t in enumerate(texts + extra)]

    def shingles(text):
        toks = [w.lower() for w in re.findall(r"[^\W_](?:[^\W_]|['’.](?=[^\W_]))*", text)]
        return {tuple(toks[i:i + 5]) for i in range(max(0, len(toks) - 4))}

    sh = {d.source.id: shingles(d.text) for d in docs}
    rep = {}
    ids = [d.source.id for d in docs]
    for i, a in enumerate(ids):
        rep.setdefault(a, a)
        for b in ids[i + 1:]:
            if b not in rep and len(sh[a] & sh[b]) / (min(len(sh[a]), len(sh[b])) or 1) >= 0.5:
                rep[b] = rep[a]
    assert sum(1 for a, b in rep.items() if a != b) >= 2 * len(texts)
    assert _syndication(docs, SourceFeatures(docs).shingles()) == rep


def test_name_finder_finds_what_searching_every_text_finds():
    texts = _seed_texts() + ["U.S. officials met.", "(NATO) and NATO's", "", "Le Monde, le monde"]
    finder = NameFinder(texts)
    phrases = ["NATO", "U.S.", "Mark Rutte", "Le Monde", "monde", "Secretary General", "NATO's", "of the",
               "Pentagon", "€", "5%", "Hague Summit"]
    phrases += [m.group(0) for m in re.finditer(r"[A-Z][\w.’']+(?: [A-Z][\w.’']+)?", texts[1])][:40]
    for phrase in phrases:
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        assert finder.naming(phrase) == {i for i, t in enumerate(texts) if pattern.search(t)}, phrase


def test_overlapping_matches_a_scan_of_every_item():
    rng = random.Random(9)
    items = [SimpleNamespace(start=s, end=s + rng.randint(1, 80)) for s in (rng.randrange(1000) for _ in range(60))]
    cuts = sorted(rng.sample(range(-50, 1100), 41))
    spans = [(a, b + rng.randint(0, 1)) for a, b in zip(cuts, cuts[1:])]  # in document order, may touch
    for ordered in (items, sorted(items, key=lambda it: it.start)):
        got = overlapping(spans, ordered)
        assert got == [[it for it in ordered if it.start < end and it.end > start] for start, end in spans]
        assert sum(map(len, got)) > len(spans)


def test_phrase_search_finds_what_checking_every_position_finds():
    rng = random.Random(12)
    for _ in range(3000):
        words = [rng.choice("abc") for _ in range(rng.randint(0, 9))]
        seq = tuple(rng.choice("abc") for _ in range(rng.randint(1, 4)))
        plain = any(tuple(words[i:i + len(seq)]) == seq for i in range(len(words) - len(seq) + 1))
        assert _contains(words, seq) == plain, (words, seq)


def test_sentence_end_read_from_the_end_matches_the_pattern():
    rng = random.Random(13)
    marks = "ab .!?…”\"’»)]\n"
    for _ in range(20000):
        text = "".join(rng.choice(marks) for _ in range(rng.randint(0, 6)))
        assert _ends_sentence(text) == bool(ENDS_SENTENCE.search(text)), repr(text)


def test_topic_similarity_without_building_the_vector_is_the_same_sum():
    rng = random.Random(14)
    texts = [rng.choices(VOCAB, k=rng.randint(0, 15)) for _ in range(200)]
    vec = Vectorizer(texts)
    topics = vec.sparse(texts[:5])
    for t in texts:
        weights, norm = vec.weights(t)
        assert [scaled_dot(weights, norm, topic) for topic in topics] == [dot(vec.vector(t), topic) for topic in topics]
