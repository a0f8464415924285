"""From files read to the files written: aligned sections, ids, dates, and the report a lawyer reads.

Nothing is ever overwritten and nothing is published: the revision is written as a draft, so the
legal team reviews it with ``notices check`` and ``notices serve --preview`` first. Where the
languages' sections cannot be matched one to one, the unmatched ones keep ids of their own that
``notices check`` then points at, and the report names them: never a silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from .dates import DatedLine, dated_lines, event_of, find_dates
from .ids import slug, unique_ids
from .outline import Outline, Section, escape_text
from .sources import ImportProblem, Source

NOTICE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Plan:
    """What ``notices import`` will write, and what it read and could not place."""

    notice: str
    effective: date
    authoritative: str
    folder: Path
    files: dict[Path, str] = field(default_factory=dict)
    history: list[DatedLine] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)


def _latin(text: str) -> bool:
    return bool(re.search(r"[A-Za-z]", re.sub(r"[^\w]", "", text)))


def _previous_ids(notice_dir: Path, authoritative: str) -> dict[str, str]:
    """heading slug -> id in the latest earlier revision, so a re-import keeps the ids it had."""
    revisions = sorted(p for p in notice_dir.glob("[0-9]*-*-*") if p.is_dir())
    if not revisions:
        return {}
    text_file = revisions[-1] / f"{authoritative}.md"
    try:
        text = text_file.read_text(encoding="utf-8-sig")
    except OSError:
        return {}
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^##\s+(.*?)\s*\{#([a-z0-9-]+)\}\s*$", line)
        if m:
            out[slug(m.group(1))] = m.group(2)
    return out


def _align(main: Outline, other: Outline) -> tuple[list[Section | None], list[Section]]:
    """``other``'s section for each of ``main``'s, by number when both are numbered, else by order."""
    if main.numbered and other.numbered:
        by_number = {s.number: s for s in other.sections}
        return [by_number.pop(s.number, None) for s in main.sections], list(by_number.values())
    if len(main.sections) == len(other.sections):
        return list(other.sections), []
    n = min(len(main.sections), len(other.sections))
    matched: list[Section | None] = [*other.sections[:n], *([None] * (len(main.sections) - n))]
    return matched, list(other.sections[n:])


def _effective_from_text(outline: Outline) -> tuple[date | None, str]:
    """The date the text says it takes effect, else its latest revision or establishment date."""
    lines = [(0, outline.title), *((0, p) for p in outline.preamble)]
    lines += [(0, line) for s in outline.sections for line in s.body]
    # "Changes to this policy take effect from …", not "our company name changed, effective …"
    about_notice = re.compile(r"polic|notice|statement|\bchanges\b|ポリシー|方針|chính sách|นโยบาย", re.IGNORECASE)
    effective = [d for d in dated_lines(lines) if d.event == "effective" and about_notice.search(d.text)]
    if effective:
        return effective[-1].when, f"the text says it takes effect: “{_around_date(effective[-1].text)}”"
    if outline.history:
        latest = outline.history[-1]
        return latest.when, f"the latest date in its history: “{latest.text}”"
    return None, ""


def _around_date(text: str, width: int = 90) -> str:
    """The part of a long sentence that carries its date, for the report."""
    m = re.search(r"\d{4}", text)
    if len(text) <= width or not m:
        return text[:width]
    start = max(0, min(m.start() - width // 2, len(text) - width))
    return ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")


def _markdown(outline: Outline, ids: list[str], matched: list[Section | None], extra: list[Section]) -> str:
    parts = [f"# {escape_text(outline.title, block=False) or 'Untitled'}\n"]
    if outline.preamble:
        parts.append("\n".join(outline.preamble).strip() + "\n")
    for section_id, section in zip(ids, matched, strict=True):
        if section is None:
            continue
        parts.append(f"## {escape_text(section.heading, block=False)} {{#{section_id}}}\n")
        if section.body:
            parts.append("\n".join(section.body).strip() + "\n")
    for n, section in enumerate(extra, start=1):
        parts.append(f"## {escape_text(section.heading, block=False)} {{#unmatched-{n}}}\n")
        if section.body:
            parts.append("\n".join(section.body).strip() + "\n")
    return "\n".join(parts)


def plan_import(
    content_dir: Path,
    notice: str,
    sources: list[Source],
    *,
    authoritative: str,
    effective: date | None,
    project_locales: tuple[str, ...],
) -> Plan:
    """Decide every file to write; raise :class:`ImportProblem` for what the user must settle first."""
    first = sources[0].path
    if not NOTICE_ID.match(notice):
        raise ImportProblem(
            first, f"'{notice}' cannot be a notice's name", "use lower-case letters, digits and hyphens, e.g. privacy"
        )
    for source in sources:
        if project_locales and source.locale not in project_locales:
            raise ImportProblem(
                source.path,
                f"'{source.locale}' is not one of this site's languages ({', '.join(project_locales)})",
                "name the file after one of them (en.docx, ja.html …), or add the language to mkdocs.yml first",
            )
    by_locale = {s.locale: s for s in sources}
    if authoritative not in by_locale:
        raise ImportProblem(
            first,
            f"no file in the authoritative language '{authoritative}'",
            "give its file too, or --authoritative LL",
        )
    main = by_locale[authoritative]
    if not main.outline.sections:
        raise ImportProblem(
            main.path,
            "no sections found: no numbered lines (1., 第1条, Điều 1, ข้อ 1) and no headings",
            "put each section's heading on a line of its own, or save the file as Word with heading styles",
        )
    notes: list[str] = []
    if effective is None:
        effective, why = _effective_from_text(main.outline)
        if effective is None:
            raise ImportProblem(main.path, "the text states no date it takes effect", "give it: --effective YYYY-MM-DD")
        notes.append(f"effective date {effective.isoformat()} read from {main.path.name}: {why}")
    folder = content_dir / notice / effective.isoformat()
    if folder.exists():
        raise ImportProblem(
            folder,
            "this revision folder already exists; notices import never overwrites",
            "choose another --effective date, or move the folder away",
        )
    # ids from the authoritative headings; an English file names them when those are not in Latin letters
    headings = [s.heading for s in main.outline.sections]
    english = by_locale.get("en")
    aligned = {ll: _align(main.outline, s.outline) for ll, s in by_locale.items() if ll != authoritative}
    if not all(_latin(h) for h in headings) and english is not None and authoritative != "en":
        en_matched = aligned["en"][0]
        headings = [e.heading if e is not None else h for h, e in zip(headings, en_matched, strict=True)]
        notes.append("section ids taken from the English headings")
    elif not all(_latin(h) for h in headings):
        notes.append("section ids transliterated from the headings (give an English file to name them in English)")
    ids = unique_ids(headings)
    previous = _previous_ids(content_dir / notice, authoritative)
    kept = [previous.get(slug(s.heading)) for s in main.outline.sections]
    if any(kept):
        used = {k for k in kept if k}
        ids = [k or (i if i not in used else f"{i}-new") for k, i in zip(kept, ids, strict=True)]
        notes.append(f"{sum(1 for k in kept if k)} section id(s) kept from the previous revision")
    plan = Plan(notice, effective, authoritative, folder, ids=ids, notes=notes)
    plan.files[folder / f"{authoritative}.md"] = _markdown(main.outline, ids, list(main.outline.sections), [])
    for locale, (matched, extra) in aligned.items():
        source = by_locale[locale]
        plan.files[folder / f"{locale}.md"] = _markdown(source.outline, ids, matched, extra)
        missing = [i for i, m in zip(ids, matched, strict=True) if m is None]
        if missing:
            plan.unmatched.append(f"{source.path.name}: no section matches {', '.join(missing)}")
        for n, section in enumerate(extra, start=1):
            plan.unmatched.append(
                f"{source.path.name}:{section.line}: “{section.heading}” matches no section of "
                f"{main.path.name}; written as {{#unmatched-{n}}}"
            )
    absent = [ll for ll in project_locales if ll not in by_locale]
    if absent:
        files = ", ".join(f"{ll}.md" for ll in absent)
        notes.append(
            f"no file for {', '.join(absent)}: notices check will ask for {files} (translate them, or import them too)"
        )
    plan.history = [d for d in main.outline.history if d.when < effective]
    plan.files[folder / "revision.yml"] = _revision_yml(plan, sources)
    if not (content_dir / notice / "notice.yml").exists():
        plan.files[content_dir / notice / "notice.yml"] = _notice_yml(plan, sources)
    return plan


def _revision_yml(plan: Plan, sources: list[Source]) -> str:
    names = ", ".join(s.path.name for s in sources)
    data = {"effective": plan.effective, "material": False, "draft": True}
    return (
        f"# Imported by notices import from {names}. A draft: read it, then set material and publish.\n"
        + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    )


def _notice_yml(plan: Plan, sources: list[Source]) -> str:
    data: dict[str, object] = {
        "authoritative": plan.authoritative,
        "notice_period_days": 30,
        "nav_title": {s.locale: s.outline.title for s in sources if s.outline.title},
    }
    if plan.history:
        data["history"] = [{"date": d.when, "event": d.event, "text": d.text} for d in plan.history]
    head = "# Imported by notices import. notice_period_days: how many days before a material change takes effect.\n"
    if plan.history:
        head += "# history: earlier versions the text itself records; their text is not kept here.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_plan(plan: Plan) -> list[Path]:
    """Write every file, each created new (``x`` mode): a file that appeared meanwhile is never replaced."""
    written: list[Path] = []
    for path, text in plan.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        written.append(path)
    return written


def report(plan: Plan, sources: list[Source], written: list[Path], root: Path) -> list[str]:
    """The lines ``notices import`` prints: what it found, left out, read and wrote, and what to do next."""

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(root))
        except ValueError:
            return str(path)

    lines = [f"notices import: {plan.notice}, effective {plan.effective.isoformat()} (a draft)"]
    for s in sources:
        kind = "numbered sections" if s.outline.numbered else "sections"
        lines.append(f"  {s.path.name} ({s.locale}): “{s.outline.title}”, {len(s.outline.sections)} {kind}")
        for first, last, why in s.outline.dropped:
            where = f"line {first}" if first == last else f"lines {first}–{last}"
            lines.append(f"    left out {where}: {why}")
        for name, count in sorted(s.removed.items()):
            lines.append(f"    left out {count} <{name}> element(s)")
    for note in plan.notes:
        lines.append(f"  {note}")
    if plan.history:
        lines.append("  history before this site (in notice.yml, text not kept here):")
        lines += [f"    {d.when.isoformat()} {d.event}: “{d.text}”" for d in plan.history]
    for problem in plan.unmatched:
        lines.append(f"  not matched: {problem}")
    lines.append("  wrote:")
    lines += [f"    {rel(p)}" for p in written]
    lines.append("  next: notices check, then notices serve --preview to read it as visitors will")
    return lines


__all__ = ["ImportProblem", "Plan", "event_of", "find_dates", "plan_import", "report", "write_plan"]
