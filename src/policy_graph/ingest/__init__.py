"""Stage 1, ingest: bytes → decoded sources → documents → works with a reconciled canonical text.

Entry point: :func:`load`. The steps, each in its own module:

1. :mod:`.decode` — bytes → text (BOM, UTF-8, GB18030, UTF-16), or a one-line Problem.
2. :mod:`.split` — text → pieces (documents inside compilations), after line cleaning
   (:mod:`.clean`) and OCR reflow (:mod:`.reflow`), with footnote and page-break repair; all on
   offset-mapped text (:mod:`.mapped`).
3. :mod:`.works` — pieces → groups of witnesses of one work (title key first, then content),
   kind, issuers, ids.
4. :mod:`.reconcile` — witnesses → canonical text: alignment by content (:mod:`.align`),
   collation and vote (:mod:`.collate`), variants and flags (:mod:`.flags`).

Every canonical character keeps its source file and offset, so ``Work.locate`` can map any quote
back to the characters and bytes it came from. The work is linear in the input: titles are
grouped with a dictionary, and text is only compared inside a work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Flag, IngestResult, Problem, SourceFile, Work
from ..numbering import section_ids
from ..runtime import paused_gc
from .decode import ByteOffsets, read_source
from .flags import text_flags, year_substitution, years_in
from .reconcile import make_witness, origin_chunks, reconcile, vote_date
from .split import Piece, norm_title, split_source
from .works import cited_numbers, group_pieces, issuers_of, kind_of, witness_id, work_id

SUFFIXES = (".txt", ".md")


def expand_sources(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """Files to read: folders give their ``*.txt``/``*.md`` files (dangling links included, so they
    are reported), sorted; a missing path is a Problem. Shared by every build path."""
    files: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            try:
                found = sorted(
                    x for x in p.iterdir() if (x.is_file() or x.is_symlink()) and x.suffix.lower() in SUFFIXES
                )
            except OSError as e:
                problems.append(Problem(str(p), "error", f"cannot list folder: {e.strerror or e}"))
                continue
            if not found:
                problems.append(Problem(str(p), "warning", "folder has no .txt or .md files"))
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(Problem(str(p), "error", "no such file or folder"))
    return files, problems


def load(paths: Sequence[Path]) -> IngestResult:
    """Read files and folders (folders: their ``*.txt`` / ``*.md`` files, sorted), decode them,
    split compilations into documents, group copies of the same work and reconcile them.

    Never raises for a bad file: it becomes a :class:`~policy_graph.model.Problem` and the rest
    of the batch goes on.
    """
    with paused_gc():  # millions of small acyclic objects: see policy_graph.runtime
        return _load(paths)


def _load(paths: Sequence[Path]) -> IngestResult:
    files, problems = expand_sources(paths)
    sources: list[SourceFile] = []
    offsets: dict[str, ByteOffsets] = {}
    pieces: list[Piece] = []
    distrusted_sources: dict[str, str] = {}
    seen_names: set[str] = set()
    for f in files:
        name = f.name
        if name in seen_names:  # two folders with the same file name: keep names unique
            name = f"{f.parent.name}_{f.name}"
        got = read_source(f, name=name)
        if isinstance(got, Problem):
            problems.append(got)
            continue
        src, offs = got
        seen_names.add(src.name)
        try:
            found = split_source(src.text, src.name)
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the batch
            problems.append(Problem(src.path, "error", f"could not split into documents: {e!r}"))
            continue
        if not found:
            problems.append(Problem(src.path, "warning", "no document found"))
            continue
        sources.append(src)
        offsets[src.name] = offs
        reason = year_substitution(src.text)
        if reason:
            distrusted_sources[src.name] = reason
        pieces.extend(found)
    works = _build_works(pieces, distrusted_sources, offsets)
    return IngestResult(sources=tuple(sources), works=tuple(works), problems=tuple(problems))


def _build_works(
    pieces: list[Piece], distrusted_sources: dict[str, str], offsets: dict[str, ByteOffsets]
) -> list[Work]:
    numbers = cited_numbers(pieces)
    works: list[Work] = []
    used_ids: set[str] = set()
    for group in group_pieces(pieces):
        wit_ids = [witness_id(p) for p in group]
        # a piece of a year-substituted file is distrusted only if it states years at all
        distrusted = {
            k for k, p in enumerate(group)
            if p.source in distrusted_sources and years_in("\n".join(x.text for x in p.head + p.body))
        }
        canon = reconcile(group, wit_ids, distrusted)
        witnesses = []
        for k, (p, wid) in enumerate(zip(group, wit_ids)):
            flags: list[Flag] = []
            if k in distrusted:
                flags.append(Flag("year-substitution", distrusted_sources[p.source]))
            flags.extend(Flag("merged-units", r) for r in p.repairs)
            flags.extend(canon.witness_flags.get(wid, []))
            if len(group) == 1:  # nothing to outvote a corruption with: flag it, keep the text
                sids = section_ids([x.text for x in p.body])
                for para, sid in zip(p.body, sids):
                    flags.extend(text_flags(para.text, sid))
            witnesses.append(make_witness(p, wid, flags, canon.witness_sections.get(wid, [])))
        first = group[0]
        kind = kind_of(first)
        date = vote_date([(p.date, k not in distrusted) for k, p in enumerate(group)])
        title = max(
            [p.title for k, p in enumerate(group) if k not in distrusted] or [first.title],
            key=lambda t: (sum(1 for p in group if p.title == t), -len(t)),
        )
        wid = work_id(date, kind, title)
        salt = 0
        while wid in used_ids:
            salt += 1
            wid = work_id(date, kind, title, salt)
        used_ids.add(wid)
        text = canon.text
        works.append(
            Work(
                id=wid,
                title=title.strip(),
                kind=kind,
                text=text.text,
                date=date,
                doc_number=next((p.doc_number for p in group if p.doc_number), None) or numbers.get(norm_title(title)),
                issuers=issuers_of(first, kind),
                witnesses=tuple(witnesses),
                variants=tuple(canon.variants),
                origin=origin_chunks(text, group, wit_ids),
                byte_offsets={s: offsets[s] for s in sorted({p.source for p in group})},  # type: ignore[misc]
                notes=tuple(dict.fromkeys(n for p in group for n in p.footnotes)),
            )
        )
    return works
