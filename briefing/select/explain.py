"""`briefing build --explain`: why each item was chosen, in plain text."""

from __future__ import annotations

from briefing.model import Briefing, Item


def explain_text(briefing: Briefing) -> str:
    lines = [f"{briefing.title} — {briefing.audience} — why these items", ""]
    for note in ([briefing.event_summary] if briefing.event_summary else []) + briefing.notes:
        lines.append(f"note: {note}")
    if briefing.events:
        for e in briefing.events:
            tag = "main" if e.main else ("background" if _older(briefing, e.id) else "")
            lines.append(f"event {e.id}: {e.label} sources {_cite(e.sources)} {tag}".rstrip())
        lines.append("")
    if briefing.key_points:
        lines.append("Key points (most corroborated, highest scores, each topic's best first):")
        in_sections = {i.id for i in briefing.all_items()}
        for item in briefing.key_points:  # one kept out of the sections is explained here
            lines += [f"  {item.id}  {_cite(item.sources)}  {_short(item.text)}"] if item.id in in_sections \
                else _item_lines(item)
        lines.append("")
    for section in briefing.sections:
        lines.append(f"[{section.topic}] {section.title}: {len(section.items)} item(s), "
                     f"{sum(len(i.text.split()) for i in section.items)} words")
        for item in section.items:
            lines += _item_lines(item)
        lines.append("")
    for c in briefing.conflicts:
        lines.append(f"conflict {c.id} ({c.kind}) [{c.topic or '-'}] {c.measure}: "
                     + " vs ".join(f"{_short(v.text, 60)} {_cite(v.sources)}" for v in c.versions))
    for t in briefing.trends:
        lines.append(f"trend {t.id} [{t.topic or '-'}] {t.summary}")
    return "\n".join(lines).rstrip() + "\n"


def _item_lines(item: Item) -> list[str]:
    parts = " ".join(f"{k}={v:+.2f}" for k, v in item.score_parts.items() if v)
    who = f" ({item.speaker})" if item.speaker else ""
    flags = " background" if item.background else ""
    out = [f"  {item.id} score {item.score:.2f}{flags} {item.kind}{who} {_cite(item.sources)}",
           f"      {_short(item.text)}",
           f"      parts: {parts or '-'}",
           f"      terms: {', '.join(item.matched_terms) or '- (similar to the topic description)'}"]
    out += [f"      source {e.source} states it ({e.why}): {_short(e.text, 80)}" for e in item.evidence[1:]]
    out += [f"      source {e.source} not cited ({e.why}): {_short(e.text, 80)}" for e in item.unaligned]
    return out


def _older(briefing: Briefing, event_id: str) -> bool:
    return any(i.background for i in briefing.all_items() if i.event == event_id)


def _cite(numbers: list[int]) -> str:
    return "[" + ", ".join(str(n) for n in numbers) + "]"


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
