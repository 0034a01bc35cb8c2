"""Tell article lines from page chrome, line by line, and say why.

Three kinds of evidence, all general (no event words):
- vocabulary and shape of a single line (cookie and login prompts, share
  buttons, bylines, photo credits, phone numbers, translator credits...);
- position: everything above the headline is page header, everything after
  the last paragraph is page footer, a comment header opens a comment thread
  that runs to the end, a "Read more" label opens a run of link titles;
- repetition: short lines that recur across different sources are site chrome.
Kept lines are headline, standfirst, subheading or paragraph (Block.kind).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from briefing.ingest.dates import DATE_ONLY, has_full_date
from briefing.model import Block, Line

KEPT_KINDS = ("headline", "standfirst", "subheading", "paragraph")
REPEATED_WORDS = 15  # a line repeated across sources is chrome only up to this long
I = re.IGNORECASE

QUOTES = "\"“”„«»‘’‚‹›"
QUOTE_CHARS = re.compile(r"[\"“”„«»]")
SENTENCE_END = re.compile(r"[.!?…][\"“”’'»)\]]*$")
NARRATIVE = re.compile(r"\b(was|were|had|said|says|told|according to|has been|have been|announced)\b", I)
YOU = re.compile(r"\b(you|your|yours|you're|you've)\b", I)
WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")
NAME = r"(?:(?:Dr|Prof|Mr|Mrs|Ms|Sir|Dame)\.?\s+)?[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'.-]*|van|von|de|der|da|di|del|la|le|bin|al|el))*\s+[A-Z][\w’'-]+"
NAME_ONLY = re.compile(rf"^{NAME}$")
BULLET = re.compile(r"^[\s•·*\-–—>|]+")


@dataclass
class Verdict:
    kept: bool
    kind: str
    reason: str


@functools.lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """The words of a line. Cached: cleaning asks about each line about eight times."""
    return tuple(WORD.findall(text))


@functools.lru_cache(maxsize=16384)
def sentence_like(s: str) -> bool:
    """A line that reads as prose: enough words and a sentence end, or very long."""
    n = len(words(s))
    return (n >= 4 and bool(SENTENCE_END.search(s))) or n >= 25


def has_quotes(s: str) -> bool:
    return bool(QUOTE_CHARS.search(s))


# --------------------------------------------------------------- line rules
# Each rule: (kind, pattern, max words, needs_ui_context). A rule with
# needs_ui_context fires only when the line addresses the reader ("you",
# an imperative) or does not narrate (no said/was/were...), so news text that
# mentions a password or a newsletter is kept.


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(alternatives), I)


# An agency credit closing a line, "REUTERS/Yves Herman", "(AFP/Getty Images)": capitals are
# significant here (case-insensitive, "rise and/or fall" read as a credit and the line was lost),
# and the credit must end the line with no full stop, so "the EU/NATO summit ended" and "... the EU/NATO." stay.
_AGENCY_CREDIT = r"(?-i:\b[A-Z]{2,}/[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}\)?$)"

RULES: list[tuple[str, re.Pattern[str], int, bool]] = [
    ("copyright", _rx(r"^(©|\(c\)\s|copyright\b)", r"\ball rights reserved\b", r"\bmay not be (published|reproduced|redistributed|copied)\b",
                      r"©\s*\w"), 50, False),
    ("cookie banner", _rx(r"\bcookies?\b.*\b(use|accept|consent|settings|polic|preferences|device|browser|experience|partners)",
                          r"^(accept|reject|decline|allow|refuse)( all| cookies| all cookies)?$",
                          r"^manage (preferences|cookies|settings|consent|options)$",
                          r"\bprivacy (policy|notice|settings|statement)\b", r"\bterms (of (use|service)|and conditions)\b",
                          r"\b(gdpr|personali[sz]ed (ads|advertising))\b"), 60, False),
    ("account prompt", _rx(r"\bpass(word|code)s?\b", r"\blog ?in\b|\blogin\b|\bsign[ -]?(in|up|out)\b|\bregist(er|ered|ration)\b",
                           r"\busername\b|\bverification\b|\bmy account\b|\b(your|an|free) account\b",
                           r"\b(receive|send|resend|enter|get) (a |the |new |your )?(new )?code\b"), 45, True),
    ("newsletter", _rx(r"\bnewsletters?\b", r"\bsubscri(be|ption|ber)s?\b", r"\binbox\b", r"\b(type|enter) your e-?mail\b",
                       r"\be-?mail address\b"), 45, True),
    ("site prompt", _rx(r"\b(our|this) (website|site|app|page|newsroom|staff|standards|journalism|content|podcasts?|feed)\b",
                        r"\bdownload (the|our) app\b", r"\b(this|the) (story|article) (has|was) (not )?been\b",
                        r"\bopens (in )?(a )?new (tab|window)\b", r"\blicensing rights\b", r"\bloading\.\.\.$|^loading…?$"), 40, False),
    ("advert", _rx(r"^(advertisement|advertising|advert|ad|ads|sponsored|sponsored content|promoted|paid content|partner content)$",
                   r"^(story|article) continues (below|after)", r"^(continue reading|scroll to continue)"), 8, False),
    ("comment", _rx(r"^.{1,40}\b(says|said|wrote|writes):$", r"^(reply|report|like|flag|edit|delete|quote)$"), 8, False),
    ("reply form", _rx(r"\b(leave|post|add|write|submit|cancel) (a |your )?(reply|comment|response)\b",
                       r"\bplease enter your\b", r"\brequired fields\b", r"\bwill not be published\b",
                       r"\bsave my name\b", r"^(name|e-?mail|website|comment)\s*\*?$", r"\bincorrect e-?mail\b"), 25, False),
    ("translator credit", _rx(r"^translat", r"\btranslated (by|from|with)\b", r"\btranslation (by|service|from)\b",
                              r"\b(version|translation) by\b", r"\b(unofficial|machine|automatic) translation\b",
                              r"\bonly the \w+ (text|version) is (authentic|binding)\b"), 25, False),
    ("wire credit", _rx(r"^\(?\s*(additional |with )?(reporting|writing|editing|edited|compiled|produced|research|graphics|fact-checking) by\b",
                        r"\bcontributed (to )?(this )?(report|reporting|story|article)\b", r"\b(writers?|correspondents?|reporters?) .{0,60}\bcontributed\b"), 40, False),
    ("photo credit", _rx(r"\b(photo|photograph|picture|image|illustration|video)s?\s*(by\b|:|credit|©)",
                         _AGENCY_CREDIT, r"\((?:[A-Z]+ )?photo\b", r"\b(getty|shutterstock|alamy) images?\b",
                         r"\bfile photo\b", r"^(credit|source|photo|image|pictured):", r"\bvia getty\b"), 45, False),
    ("tags", _rx(r"^(tags|topics|filed under|categories|category|keywords|suggested topics|related topics|more about|explore more on these topics)\b\s*:?",
                 ), 20, False),
    ("related links", _rx(r"^(read|see) (also|more|next|the full)\b", r"^also read\b", r"^related( articles?| stories| content| coverage| news| posts?| reading)?\s*[:|]?$",
                          r"^related\s*[:|]", r"^(more|latest) (on|from|stories|news) ", r"^(most|more) (read|popular|viewed|shared)\b",
                          r"^(you may|you might) (also )?like\b", r"^(recommended|trending|editor'?s picks|top stories|further reading|in other news|more stories|latest news)\b\s*:?$",
                          r"^(explore|discover) more\b"), 20, False),
    ("media", _rx(r"^(watch|listen|video|audio|gallery|podcast|play)\b\s*[:|]", r"^\d{1,2}:\d{2}(:\d{2})?$",
                  r"^listen to this (article|story)\b", r"^\d+\s*min(ute)?s?\s*(listen|watch)\b"), 15, False),
    ("navigation", _rx(r"^(skip|jump|go|back) to\b", r"^(menu|search|search for:?|home|close|open menu|sections|more|main menu|navigation|breaking news|live updates?|live)$"), 6, False),
    # An e-mail address: one character before the @ finds the same lines as a whole word run, far faster.
    ("contact", _rx(r"[\w.+-]@[\w-]+\.[\w.]+", r"^(media|press) (contacts?|enquiries|inquiries|office)\b",
                    r"^contacts? (for|to) (the )?(media|press|journalists)\b",
                    r"^(contact|contacts)\s*:?$", r"^(tel|phone|fax|mobile|whatsapp)\.?\s*[:+\d]"), 25, False),
    ("dateline", _rx(r"^(published|updated|last updated|last update|last modified|first published|posted|modified|date)\b\s*(on|:|at)?\s*.{0,40}\d",
                     r"\b\d+\s+(seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago\b", r"^\d+\s*(min|mins|minute|minutes)\s+read$",
                     r"^(reading|listening|read) time\b"), 15, False),
    ("byline", _rx(rf"^(by|written by|words by|reported by|author:?|text:?)\s+{NAME}", r"^by\s+[A-Z]",
                   r"^(from|source|published by|issued by|authors?):\s+[A-Z]"), 15, False),
    ("author bio", _rx(r"^about the (author|writer|contributor)s?\b", r"\bfollow (him|her|them) on\b"), 80, False),
]

# Kinds whose vocabulary also occurs in reported speech: a quoted line is not them.
QUOTE_SENSITIVE = {"account prompt", "newsletter", "site prompt", "contact"}
# A phone number after "call ... on/at" or a "hotline:"-style label, followed by an end of
# phrase (so "call for 300 more troops" is not one).
PHONE = re.compile(
    r"(?:\b(?:call|dial|text|ring|contact|phone|reach)\b(?:\W+\w+){0,5}?\W+(?:on|at)?\s*"
    r"|\b(?:hotline|helpline|help line|tel|telephone|phone|fax|mobile|whatsapp|line|numbers?|office)\b\s*(?:is|on|no\.?)?\s*:?\s*)"
    r"(?P<number>\+?\(?\d[\d\s()-]{1,}\d)(?=\s*(?:[,.;)(]|$|quoting|or\b|and\b|for\b|to\b|from\b))",
    I,
)
YEAR_ONLY = re.compile(r"^(19|20)\d{2}$")


def phone_number(body: str) -> bool:
    return any(not YEAR_ONLY.match(m.group("number").strip()) for m in PHONE.finditer(body))


SHARE_WORDS = set(
    "share shares tweet facebook twitter x linkedin whatsapp email e mail print copy link pinterest reddit telegram messenger "
    "this article page story post save bookmark gift comment comments flipboard bluesky threads instagram youtube tiktok sms "
    "opens in new window tab click to on follow us and like likes reply replies restack restacks repost reposts retweet "
    "google news subscribe rss".split()
)
SHARE_CORE = set("share tweet facebook twitter linkedin whatsapp pinterest reddit telegram print save bookmark instagram retweet like likes restacks reposts rss".split())
UI_VERBS = re.compile(
    r"^(click|tap|enter (your|the|a|an)|send|resend|submit|subscribe|sign (in|up|out)|log (in|out)|download|share|follow (us|me)|"
    r"register|type (your|here)|select|choose|accept|reject|manage|print|reply|cancel|load more|show more|hide|skip|"
    r"join (us|now|the)|learn more|find out more|view (all|more)|get the app|continue reading)\b", I)
UI_AFTER_SENTENCE = re.compile(r"[.?!]\s+" + UI_VERBS.pattern[1:], I)  # "... story. Click here"
LANGUAGES = set(
    "english français francais french deutsch german español espanol spanish italiano italian português portugues portuguese "
    "nederlands dutch polski polish русский українська العربية 中文 日本語 한국어 türkçe turkish ελληνικά svenska dansk norsk suomi "
    "čeština magyar română български hrvatski slovenščina slovenčina eesti latviešu lietuvių gaeilge català "
    "en fr de es it pt nl pl ru uk ar zh ja ko tr el sv da no fi cs hu ro bg hr sl sk et lv lt ga ca".split()
)
LANGUAGE_LABEL = re.compile(r"^(language|languages|select language|choose (your )?language|language selection|edition|read in)\b", I)
COMMENT_HEADER = re.compile(
    r"^(\d+\s+)?(comments?|responses?|replies|reactions?)(\s*\(\d+\))?\s*:?$|^\d+\s+(comments?|responses?|thoughts?|replies) (on|to)\b"
    r"|^(join|start) the (discussion|conversation)\b|^discussion about this\b|^(show|view|load|read|hide|see) (all )?(\d+ )?comments?\b"
    r"|^(leave|post|add|write|submit) a (reply|comment|response)\b|^comments are closed\b|^conversation$",
    I,
)
BIO_CUES = re.compile(
    r"\b(founder|editor|reporter|correspondent|journalist|writer|writes|columnist|contributor|covers|specialis|specializ|"
    r"newsletter|twitter|holds a degree|has appeared|is the author|blogger|freelance|researcher|podcast)\w*|@\w{2,}", I)
BREADCRUMB = re.compile(r"\s[›»>/|]\s")
BRACKET_DATE = re.compile(r"[\[(][^\])]{0,40}\d{1,2}[^\])]{0,20}\d{4}[\])]")
CAPTION_WORDS = re.compile(r"\b(photos?|photograph\w*|pictures?|images?|pictured|illustration|gallery|family photo)\b", I)


def line_rule(s: str) -> tuple[str, str] | None:
    """The chrome kind a single stripped line shows by itself, with the reason."""
    body = BULLET.sub("", s).strip()
    if DATE_ONLY.match(body):
        return ("dateline", "only a date, time or place and date")
    if not re.search(r"[^\W\d_]", body):
        return ("separator", "no words, only symbols or numbers")
    tokens = [t.lower() for t in words(body)]
    n = len(tokens)
    quoted = has_quotes(body)
    narrative = bool(NARRATIVE.search(body))
    addresses_reader = bool(YOU.search(body) or UI_VERBS.match(body) or UI_AFTER_SENTENCE.search(body))
    if BRACKET_DATE.search(body) and n <= 20 and not SENTENCE_END.search(body):
        return ("caption", "short line with a bracketed place and date (photo caption)")
    if _is_language_picker(body, tokens):
        return ("language picker", "a list of languages")
    if COMMENT_HEADER.match(body):
        return ("comment header", "comment count or comment section header")
    for kind, pattern, max_words, needs_ui in RULES:
        if n > max_words or not pattern.search(body):
            continue
        if quoted and kind in QUOTE_SENSITIVE:
            continue
        if needs_ui and not (addresses_reader or not narrative):
            continue
        return (kind, f"{kind} vocabulary")
    if n <= 45 and not quoted and phone_number(body):
        return ("contact", "a phone number to call (hotline, press office)")
    if tokens and n <= 14 and all(t in SHARE_WORDS or t.isdigit() for t in tokens) and SHARE_CORE & set(tokens):
        return ("share buttons", "only share/social button words")
    if n <= 20 and not quoted and (UI_VERBS.match(body) or UI_AFTER_SENTENCE.search(body)):
        return ("interface", "an instruction to the reader (click, enter, follow...)")
    if n <= 20 and not SENTENCE_END.search(body) and CAPTION_WORDS.search(body) and not quoted:
        return ("caption", "short line about a photo or image")
    segments = re.split(r"\s[›»>/|•]\s", body)
    if len(segments) >= 2 and has_full_date(body) and all(len(seg.split()) <= 5 for seg in segments):
        return ("dateline", "date with other page metadata between separators")
    if len(BREADCRUMB.findall(body)) >= 2 and all(len(seg.split()) <= 4 for seg in re.split(r"\s[›»>/|]\s", body)):
        return ("navigation", "breadcrumb or menu links")
    if body.startswith(("(", "[")) and body.endswith((")", "]")) and n <= 40 and not quoted:
        return ("editorial note", "a note wholly in brackets")
    return None


def _is_language_picker(body: str, tokens: list[str]) -> bool:
    if LANGUAGE_LABEL.match(body) and len(tokens) <= 12:
        rest = [t for t in tokens if t not in {"language", "languages", "select", "choose", "your", "selection", "edition", "read", "in"}]
        return bool(rest) and sum(t in LANGUAGES for t in rest) >= max(1, len(rest) // 2)
    return len(tokens) >= 2 and len(tokens) <= 20 and sum(t in LANGUAGES for t in tokens) >= 0.8 * len(tokens) and not sentence_like(body) and (
        sum(len(t) > 2 for t in tokens if t in LANGUAGES) >= 2 or re.search(r"[|/·•]", body) is not None
    )


# ----------------------------------------------------------------- document


def classify(
    lines: list[str],
    hints: dict[int, str] | None = None,
    repeated: frozenset[str] | set[str] = frozenset(),
    skip: int = 0,
) -> list[Line]:
    """Judge every line; `skip` leading lines are front matter, `repeated` holds
    short lines found in other sources too."""
    hints = hints or {}
    n = len(lines)
    text = [line.strip() for line in lines]
    verdict: list[Verdict | None] = [None] * n
    for i in range(n):
        if i < skip:
            verdict[i] = Verdict(False, "front matter", "metadata block at the top")
        elif not text[i]:
            verdict[i] = Verdict(False, "blank", "empty line")
        elif hints.get(i) in ("headline", "standfirst"):
            verdict[i] = Verdict(True, hints[i], "marked so by the file format's styles")
        else:
            rule = line_rule(text[i])
            if rule:
                verdict[i] = Verdict(False, rule[0], rule[1])
            elif _norm(text[i]) in repeated and len(words(text[i])) <= REPEATED_WORDS:
                verdict[i] = Verdict(False, "repeated", "short line repeated across sources (site chrome)")
    _mark_bios(text, verdict)
    _mark_captions(text, verdict)
    first, last = _body_bounds(text, verdict)
    _mark_comments(text, verdict, first)
    first, last = _body_bounds(text, verdict)
    if first is not None:
        _mark_top(text, verdict, first, hints)
        for i in range(last + 1, n):
            if verdict[i] is None:
                verdict[i] = Verdict(False, "page footer", "after the last paragraph of the article")
    _mark_related_runs(text, verdict)
    _mark_middle(text, verdict, hints)
    return [Line(number=i + 1, text=lines[i], kept=v.kept, kind=v.kind, reason=v.reason) for i, v in enumerate(verdict)]


def _norm(s: str) -> str:
    return " ".join(words(s.lower()))


def _next(verdict: list, text: list[str], i: int, step: int) -> int | None:
    j = i + step
    while 0 <= j < len(text):
        if text[j]:
            return j
        j += step
    return None


def _body_bounds(text: list[str], verdict: list) -> tuple[int | None, int]:
    """First and last line that read as article prose and are not chrome."""
    prose = [i for i, s in enumerate(text) if s and verdict[i] is None and sentence_like(s)]
    if not prose:
        return None, len(text) - 1
    return prose[0], prose[-1]


def _mark_bios(text: list[str], verdict: list) -> None:
    """'Jane Doe is a reporter who covers ...' late in the text, and the bare name above it."""
    n = len(text)
    for i, s in enumerate(text):
        if verdict[i] is not None or has_quotes(s):
            continue
        m = re.match(rf"^({NAME})\s+(is|was|has been|writes|covers|reports)\b", s)
        if not m or not BIO_CUES.search(s) or len(words(s)) > 80:
            continue
        name = m.group(1).strip()
        in_byline = any(v is not None and v.kind in ("byline", "dateline") and name in text[k] for k, v in enumerate(verdict))
        if i < n * 0.5 and not in_byline and not _name_line_near(text, i, name):
            continue
        verdict[i] = Verdict(False, "author bio", "sentence about the author (role, beat, social handle)")
        j = _next(verdict, text, i, -1)
        if j is not None and verdict[j] is None and text[j] == m.group(1).strip():
            verdict[j] = Verdict(False, "byline", "author name above the author bio")


# A caption tells what a picture shows, in the present: "Elon Musk ... speaks at the Milken
# Institute Global Conference ... on May 6, 2024."
CAPTION_VERBS = re.compile(r"\b(speaks|stands|arrives|attends|gestures|looks on|walks|poses|waves|holds|delivers|"
                           r"is seen|are seen|listens|talks|addresses|leaves|departs|sits|shakes hands|smiles|"
                           r"reacts|wades|rides|carry|carries|inspects|visits|prepares)\b")


def _mark_captions(text: list[str], verdict: list) -> None:
    """The line just above a photo credit, when it reads as a caption (a picture described in
    the present, or dated): kept, it reads as the article's opening and its date as the
    article's date."""
    for i, v in enumerate(verdict):
        if v is None or v.kind != "photo credit":
            continue
        j = _next(verdict, text, i, -1)
        if j is None or verdict[j] is not None or has_quotes(text[j]) or len(words(text[j])) > 60:
            continue
        if CAPTION_VERBS.search(text[j]) or has_full_date(text[j]):
            # its own kind: a file photo's date is the picture's, so it must not date the article
            verdict[j] = Verdict(False, "picture caption", "the line above a photo credit, describing the picture")


def _name_line_near(text: list[str], i: int, name: str) -> bool:
    j = i - 1
    while j >= 0 and not text[j]:
        j -= 1
    return j >= 0 and text[j] == name.strip()


def _mark_comments(text: list[str], verdict: list, first: int | None) -> None:
    """A comment header after the article opens a thread that runs to the end."""
    if first is None:
        return
    start = next(
        (i for i in range(first + 1, len(text)) if verdict[i] is not None and verdict[i].kind in ("comment header", "reply form")),
        None,
    )
    if start is None:
        return
    for i in range(start, len(text)):
        v = verdict[i]
        if v is not None and v.kind in ("blank", "reply form", "comment header"):
            continue
        if v is not None and not v.kept and v.kind not in ("page header", "page footer"):
            continue  # already chrome of a named kind (share buttons, copyright...)
        else:
            verdict[i] = Verdict(False, "comment", "reader comment thread (after the comment header)")


def _mark_top(text: list[str], verdict: list, first: int, hints: dict[int, str]) -> None:
    """Above the first paragraph: pick headline (and standfirst); the rest is page header."""
    if any(h == "headline" for h in hints.values()):
        headline = next(i for i in sorted(hints) if hints[i] == "headline")
    else:
        candidates = [i for i in range(first) if verdict[i] is None and _headline_shaped(text[i])]
        headline = candidates[-1] if candidates else None
        if len(candidates) >= 2 and _next(verdict, text, candidates[-2], 1) == candidates[-1]:
            headline = candidates[-2]
    if headline is not None:
        if verdict[headline] is None:
            verdict[headline] = Verdict(True, "headline", "headline-shaped line above the article")
        j = _next(verdict, text, headline, 1)
        standfirst_shaped = 5 <= len(words(text[j] if j is not None else "")) <= 35 and not _byline_shaped(text[j])
        if j is not None and not hints and verdict[j] is None and standfirst_shaped and (j < first or not has_quotes(text[j])):
            verdict[j] = Verdict(True, "standfirst", "summary line right under the headline")
    for i in range(first):
        if verdict[i] is None:
            kind = "byline" if _byline_shaped(text[i]) else "page header"
            verdict[i] = Verdict(False, kind, "above the article, not its headline")


def _headline_shaped(s: str) -> bool:
    n = len(words(s))
    return 3 <= n <= 30 and not YOU.search(s) and not s.endswith((".", ":", ",")) and not _byline_shaped(s)


def _byline_shaped(s: str) -> bool:
    """'Jane Doe', 'Jane Doe in Paris', 'Jane Doe and John Roe'."""
    return bool(NAME_ONLY.match(s) or re.match(rf"^{NAME}(,? (and|&) {NAME})?( in [A-Z][\w'’ -]+|, [A-Z][\w'’ -]+)?$", s)
                and len(words(s)) <= 8)


def _mark_related_runs(text: list[str], verdict: list) -> None:
    """After a 'Read more' / 'Related' label, link titles follow until prose resumes."""
    for i, v in enumerate(verdict):
        if v is None or v.kind != "related links" or not re.search(r"[:|]?$", text[i]) or len(words(text[i])) > 4:
            continue
        j = i + 1
        while j < len(text) and (not text[j] or (verdict[j] is None and not sentence_like(text[j]))):
            if text[j]:
                verdict[j] = Verdict(False, "related links", "link title under a 'read more' label")
            j += 1


def _mark_middle(text: list[str], verdict: list, hints: dict[int, str]) -> None:
    for i, s in enumerate(text):
        if verdict[i] is not None:
            continue
        if sentence_like(s):
            verdict[i] = Verdict(True, "paragraph", "article prose")
            continue
        after = _next(verdict, text, i, 1)
        before = _next(verdict, text, i, -1)
        next_prose = after is not None and (verdict[after] is None or verdict[after].kept) and sentence_like(text[after])
        if hints.get(i) == "subheading" or (next_prose and len(words(s)) <= 14 and len(s) <= 100):
            verdict[i] = Verdict(True, "subheading", "short line introducing the next paragraph")
        elif _chrome(verdict, before) and _chrome(verdict, after):
            verdict[i] = Verdict(False, "chrome run", "short line between two chrome lines")
        else:
            verdict[i] = Verdict(True, "paragraph", "kept: no chrome evidence")


def _chrome(verdict: list, i: int | None) -> bool:
    return i is not None and verdict[i] is not None and not verdict[i].kept


# ------------------------------------------------------------------- output

MD_MARK = re.compile(r"^#{1,6}\s+")


def assemble(lines: list[Line]) -> tuple[str, list[Block]]:
    """Kept lines become Document.text, one block per line, with Block offsets."""
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0
    for line in lines:
        if not line.kept:
            continue
        body = MD_MARK.sub("", line.text.strip())
        if not body:
            continue
        if parts:
            pos += 1
        blocks.append(Block(kind=line.kind, start=pos, end=pos + len(body)))
        parts.append(body)
        pos += len(body)
    return "\n".join(parts), blocks
