"""The one place that filters, applies and logs the edits stages propose."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from cleaner.budget import OVER_BUDGET, Budget, OverBudget
from cleaner.config import Config
from cleaner.edits import Edit, Rule, apply_edits
from cleaner.language import LANGUAGES_KEY, Block, all_english, language_shares
from cleaner.lexicon import Lexicon
from cleaner.markdown import Span, keep_structure, merge
from cleaner.offsets import OffsetMap
from cleaner.protect import cuts_protected, fixed_spans, protected_spans, touches_protected
from cleaner.records import RECORD_KEY, cleaned_record
from cleaner.result import AppliedEdit, Finding, LineIndex, Result, Step, context_of
from cleaner.stages import default_stages
from cleaner.stages.base import Document, Stage

BARE_LF_RE = re.compile(r"(?<!\r)\n")
#: Passes over the text at most; the second runs only when the first changed something.
MAX_PASSES = 3
#: ``Result.metadata`` key for a text that is not all English: each detected language's share of it.
#: A blank line: what separates the paragraphs a later pass re-examines.
BLANK_LINE_RE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
#: A paragraph longer than this (a whole document on one line) is re-examined only around each change ...
LONG_PARAGRAPH = 20_000
#: ... this many characters on either side, out to the next full stop or line break within as many more.
AROUND = 2_000
#: Where a long paragraph is cut: after a full stop that ends a sentence, or after a line break.
SENTENCE_GAPS = (". ", "\n")
#: How proposals are ordered for triage: by where they start, then end.
SPAN = attrgetter("start", "end")


@dataclass(frozen=True, slots=True)
class _Proposal:
    """A finding captured in original coordinates when it was proposed."""

    edit: Edit
    start: int
    end: int
    text: str


def _fuse(old: list[tuple[Step, ...]], new: tuple[Step, ...]) -> tuple[Step, ...]:
    return tuple(step for steps in old for step in steps) + new


class Cleaner:
    """A configured pipeline; build it once and call ``clean`` on many texts.

    >>> cleaner = Cleaner(Config(ignore=("P",)))
    >>> cleaner.clean("It works.Really.").text
    'It works.Really.'

    A stage may hold a resource (the grammar stage's LanguageTool server): ``close()``
    releases it, and ``with Cleaner(...) as cleaner:`` closes on the way out.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        stages: Sequence[Stage] | None = None,
        base_dir: Path | None = None,
        incremental: bool = True,
    ) -> None:
        self.config = config or Config()
        self.incremental = incremental  # False: every pass re-examines the whole text (to test against)
        self.base_dir = base_dir
        self._custom_stages = stages is not None  # worker processes must get them; default stages they rebuild
        self.stages: list[Stage] = list(stages) if stages is not None else default_stages(self.config)
        self.lexicon = Lexicon(self.config.protected_words(base_dir))
        self.enabled = frozenset(
            rule.code for stage in self.stages for rule in stage.rules if self.config.is_selected(rule.code, rule.default)
        )
        self.token_repairs = frozenset(code for stage in self.stages for code in stage.repairs_protected_tokens)
        # The stages with a rule to run, in order: the others are not asked on any text.
        self._active = [stage for stage in self.stages if any(rule.code in self.enabled for rule in stage.rules)]
        if self.enabled:
            # Open the word tables now (on a machine's first run, build them: seconds), outside any stage's budget.
            self.lexicon.is_word("the")

    @property
    def rules(self) -> list[Rule]:
        return [rule for stage in self.stages for rule in stage.rules]

    @property
    def skipped(self) -> dict[str, str]:
        """Stages that were asked for but could not run, with the reason for each."""
        return {stage.name: reason for stage in self.stages if (reason := stage.skipped)}

    def close(self) -> None:
        """Release what the stages hold; safe to call more than once."""
        for stage in self.stages:
            stage.close()

    def __enter__(self) -> Cleaner:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def clean(self, text: str, *, markdown: bool = False) -> Result:
        """Run every stage over ``text`` and return the clean text with its change log.

        The stages run again while a pass still changes the text (at most
        ``MAX_PASSES``): one repair can expose another (a removed header uncovers an
        ``Advertisement`` line), and cleaning twice must equal cleaning once. On clean
        text this costs nothing: the first pass changes nothing and is the last. A later
        pass re-examines only the paragraphs that hold an edit of the pass before (its
        ``Document.focus``), with the statistics of the whole text, so its work follows
        the damage rather than the length. Each stage works within its budget on the
        text (``Config.stage_seconds``, ``Config.stage_memory_mb``), and all of them within
        the document's (``Config.document_seconds``); one that spends its budget is dropped
        from this text, reported as an ``X101`` finding.
        """
        offsets: OffsetMap[tuple[Step, ...]] = OffsetMap(len(text))
        current = text
        findings: dict[tuple[str, int, int, str | None], _Proposal] = {}
        metadata: dict[str, Any] = {}
        budget = Budget(self.config.stage_seconds, self.config.stage_memory_mb, document_seconds=self.config.document_seconds)
        stopped: set[str] = set()  # stages that spent their budget on this text: no later pass runs them
        blocks: list[Block] | None = None  # the language gate's verdict on the last text it saw
        focus: tuple[Span, ...] | None = None  # the whole text, on the first pass
        languages: dict[str, str | None] = {}  # the language of each block met: most come back unchanged
        enabled = self.enabled
        for _ in range(MAX_PASSES):
            before = current
            earlier = [piece.record for piece in offsets.pieces if piece.record is not None]
            # Syntax and directives, found on the text this pass starts from (a pass may blank
            # a line, which changes what is syntax) and kept in original coordinates: they are
            # never edited, so each stage gets them mapped into its text.
            fixed = offsets.map_spans(fixed_spans(current, markdown))
            masked = [offsets.to_current(start, end) for start, end in fixed]
            doc: Document | None = None
            for number, stage in enumerate(self._active, 1):
                if stage.name in stopped:
                    continue
                if doc is None or doc.text is not current:
                    # A new text gets a new Document; an unchanged one keeps what stages computed on it.
                    edited = tuple(offsets.replaced_spans())
                    doc = Document(
                        current,
                        markdown,
                        self.config,
                        self.lexicon,
                        self.enabled,
                        edited,
                        tuple(masked),
                        metadata,
                        focus,
                        budget=budget,
                        languages=languages,
                    )
                view = doc.english_view() if stage.english_only else doc
                blocks = doc.blocks or blocks
                budget.start(stage.name, len(current), later=sum(s.name not in stopped for s in self._active[number:]))
                try:
                    proposed = [e for e in budget.metered(stage.propose(view)) if e.rule in enabled]
                except OverBudget as exc:
                    stopped.add(exc.stage)
                    if self.config.is_selected(OVER_BUDGET.code, OVER_BUDGET.default):
                        skipped = Edit(0, 0, None, OVER_BUDGET.code, 1.0, f"{exc.stage} skipped on this text: {exc.reason}")
                        findings[OVER_BUDGET.code, 0, 0, exc.stage] = _Proposal(skipped, 0, 0, "")
                    continue
                finally:
                    budget.stop()
                if proposed and (doc.focus is not None or view.foreign):
                    proposed = [e for e in proposed if doc.in_focus(e.start, e.end) and not view.in_foreign(e.start, e.end)]
                if not proposed:
                    continue
                proposed.sort(key=SPAN)
                accepted = self._triage(current, proposed, offsets, findings, masked, markdown)
                if not accepted:
                    continue
                current = apply_edits(current, accepted)
                offsets.apply(
                    [(e.start, e.end, e.replacement or "", (Step(e.rule, e.confidence, e.message),)) for e in accepted],
                    _fuse,
                )
                masked = [offsets.to_current(start, end) for start, end in fixed]
                if focus is not None:
                    focus = _shifted(focus, accepted)
                for edit in accepted:
                    if edit.metadata:
                        _merge_metadata(metadata, edit.metadata)
            if current == before:
                break
            if self.incremental:
                known = {id(record) for record in earlier}  # ``earlier`` keeps them alive: no id is reused
                changed = [(p.cur_start, p.cur_end) for p in offsets.pieces if p.record is not None and id(p.record) not in known]
                focus = paragraphs_around(current, changed)
        if not markdown and "U107" in self.enabled and _uses_crlf(text):
            current = _restore_crlf(current, offsets)
        if blocks and not all_english(blocks):
            metadata = {**metadata, LANGUAGES_KEY: language_shares(blocks)}
        return _result(text, current, offsets, list(findings.values()), metadata)

    def clean_many(self, texts: Iterable[str], *, jobs: int | None = 1, markdown: bool = False) -> Iterator[Result]:
        """Clean many texts, yielding one ``Result`` per text in input order, as they come.

        ``jobs=1`` cleans in this process; ``jobs=N`` uses N worker processes (``None``
        or ``0``: one per core), each with its own copy of this cleaner, through the
        same ordered pool as the command line. Input is read only a few chunks ahead,
        so a generator of millions of texts streams through in bounded memory. With
        ``jobs > 1`` on a platform that spawns processes (macOS, Windows), call it
        under ``if __name__ == "__main__":``.

        >>> cleaner = Cleaner()
        >>> [r.text for r in cleaner.clean_many(["Hello&amp;bye.", "Ukraine.The end."], jobs=2)]
        ['Hello&bye.', 'Ukraine. The end.']
        """
        from cleaner.parallel import clean_in_worker, default_jobs, parallel_map  # parallel imports this module

        jobs = jobs or default_jobs()
        if jobs <= 1:
            return (self.clean(text, markdown=markdown) for text in texts)
        return parallel_map(
            partial(clean_in_worker, markdown=markdown),
            texts,
            config=self.config,
            base_dir=self.base_dir,
            stages=self.stages if self._custom_stages else None,
            jobs=jobs,
        )

    def clean_records(
        self,
        records: Iterable[Mapping[str, Any]],
        text_field: str = "text",
        *,
        log_field: str | None = RECORD_KEY,
        edits: bool = False,
        jobs: int | None = 1,
        markdown: bool = False,
    ) -> Iterator[dict[str, Any]]:
        """Clean the ``text_field`` of each record (a JSONL corpus, rows of a table), in order.

        Yields a copy of each record with the clean text in ``text_field`` and, in
        ``log_field``, the record format every integration shares (``records.change_record``:
        the rule codes and the metadata; the compact edits too when ``edits``). A ``None``
        text is passed through untouched (change record ``None``); a missing field is a
        ``KeyError``. Streams like ``clean_many``.

        >>> rows = [{"id": 1, "text": "Kirby&nbsp;said."}, {"id": 2, "text": None}]
        >>> list(Cleaner().clean_records(rows))  # doctest: +NORMALIZE_WHITESPACE
        [{'id': 1, 'text': 'Kirby said.', 'cleaner': {'changed': True, 'rules': ['U102'], 'findings': [], 'metadata': {}}},
         {'id': 2, 'text': None, 'cleaner': None}]
        """
        pending: deque[Mapping[str, Any]] = deque()

        def texts() -> Iterator[str | None]:
            for record in records:
                pending.append(record)
                yield record[text_field]

        for result in self.clean_optional(texts(), jobs=jobs, markdown=markdown):
            yield cleaned_record(pending.popleft(), text_field, result, log_field=log_field, edits=edits)

    def clean_optional(
        self, values: Iterable[str | None], *, jobs: int | None = 1, markdown: bool = False
    ) -> Iterator[Result | None]:
        """``clean_many`` over columns with missing values: ``None`` in, ``None`` out, in order.

        >>> [r and r.text for r in Cleaner().clean_optional(["a&amp;b", None])]
        ['a&b', None]
        """
        present: deque[bool] = deque()

        def texts() -> Iterator[str]:
            for number, value in enumerate(values):
                if value is not None and not isinstance(value, str):
                    raise TypeError(f"item {number}: expected a string or None, got {type(value).__name__}")
                present.append(value is not None)
                if value is not None:
                    yield value

        for result in self.clean_many(texts(), jobs=jobs, markdown=markdown):
            while not present.popleft():
                yield None
            yield result
        yield from (None for _ in present)  # missing values after the last text

    def _triage(
        self,
        text: str,
        proposed: list[Edit],
        offsets: OffsetMap[Any],
        findings: dict[tuple[str, int, int, str | None], _Proposal],
        masked: list[Span],
        markdown: bool,
    ) -> list[Edit]:
        """Split proposals into edits to apply now and findings to report; drop edits of protected text."""
        addresses = protected_spans(text)
        protected = merge(addresses + masked) if masked else addresses
        accepted: list[Edit] = []
        for edit in proposed:
            reach = masked if edit.rule in self.token_repairs else protected
            if touches_protected(edit.start, edit.end, reach) and not _removes_whole(edit, addresses, masked):
                continue
            if edit.replacement == text[edit.start : edit.end]:
                continue
            if edit.replacement is None or edit.confidence < self.config.threshold or self.config.is_report_only(edit.rule):
                start, end = offsets.to_original(edit.start, edit.end)
                findings.setdefault(
                    (edit.rule, start, end, edit.replacement), _Proposal(edit, start, end, text[edit.start : edit.end])
                )
                continue
            if accepted and accepted[-1].overlaps(edit):
                if edit.confidence > accepted[-1].confidence:
                    accepted[-1] = edit
                continue
            accepted.append(edit)
        return keep_structure(text, accepted) if markdown else accepted


def paragraphs_around(text: str, spans: list[Span]) -> tuple[Span, ...]:
    r"""The paragraphs that hold or touch each span, with the blank lines around them, merged.

    A span at a paragraph's edge (a removed line) takes the paragraph on its other side
    too, since the two now meet. Of a paragraph longer than ``LONG_PARAGRAPH`` only the
    sentences around the span are taken (``_sentences_around``): a document on one line
    would otherwise be re-examined whole for each pass.

    >>> text = "One.\n\nTwo is here.\n\nThree."
    >>> [text[s:e] for s, e in paragraphs_around(text, [(8, 10)])]
    ['\n\nTwo is here.\n\n']
    >>> [text[s:e] for s, e in paragraphs_around(text, [(6, 6), (25, 26)])]
    ['One.\n\nTwo is here.\n\nThree.']
    """
    separators = [m.span() for m in BLANK_LINE_RE.finditer(text)]
    ends = [end for _, end in separators]
    starts = [start for start, _ in separators]
    out: list[Span] = []
    for start, end in spans:
        before = bisect_right(ends, start - 1) - 1  # the last blank line that ends before the span
        after = bisect_left(starts, end + 1)  # the first blank line that starts after it
        low = separators[before][0] if before >= 0 else 0
        high = separators[after][1] if after < len(separators) else len(text)
        out.append((low, high) if high - low <= LONG_PARAGRAPH else _sentences_around(text, low, high, start, end))
    out.sort()
    merged: list[Span] = []
    for start, end in out:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _sentences_around(text: str, low: int, high: int, start: int, end: int) -> Span:
    """The part of the paragraph ``text[low:high]`` that reaches ``AROUND`` characters past each side of
    ``text[start:end]``, cut at a sentence gap within ``AROUND`` more (the paragraph's edge where there is none).

    >>> text = "A. " * 2_000 + "Kirbysaid so. " + "B. " * 2_000
    >>> low, high = _sentences_around(text, 0, len(text), 6_000, 6_009)
    >>> 3_000 < low < 4_000 < 8_000 < high < 9_000, text[low - 2 : low], text[high - 1 : high + 1]
    (True, '. ', '. ')
    """
    reach = max(low, start - AROUND)
    cuts = [found + len(gap) for gap in SENTENCE_GAPS if (found := text.rfind(gap, max(low, reach - AROUND), reach)) != -1]
    reach_end = min(high, end + AROUND)
    ends = [found + 1 for gap in SENTENCE_GAPS if (found := text.find(gap, reach_end, min(high, reach_end + AROUND))) != -1]
    return max(cuts, default=low), min(ends, default=high)


def _shifted(focus: tuple[Span, ...], edits: list[Edit]) -> tuple[Span, ...]:
    """Focus spans carried through sorted edits that each lie inside one of them."""
    out = []
    delta = k = 0
    for start, end in focus:
        moved_start = start + delta
        while k < len(edits) and edits[k].end <= end:
            delta += len(edits[k].replacement or "") - (edits[k].end - edits[k].start)
            k += 1
        out.append((moved_start, end + delta))
    return tuple(out)


def _removes_whole(edit: Edit, addresses: list[Span], masked: list[Span]) -> bool:
    """A removal that keeps what it removed (boilerplate into metadata) may take URLs and addresses whole.

    Syntax and code stay out of reach, and no address may be cut in two.
    """
    return (
        edit.replacement == ""
        and bool(edit.metadata)
        and not touches_protected(edit.start, edit.end, masked)
        and not cuts_protected(edit.start, edit.end, addresses)
    )


def _merge_metadata(metadata: dict[str, Any], new: dict[str, Any]) -> None:
    for key, value in new.items():
        if key not in metadata:
            metadata[key] = list(value) if isinstance(value, list) else value
            continue
        old = metadata[key]
        merged = old if isinstance(old, list) else [old]
        merged.extend(value if isinstance(value, list) else [value])
        metadata[key] = merged


def _uses_crlf(text: str) -> bool:
    r"""Whether every line of ``text`` ends in CRLF: a Windows file's convention, not damage.

    >>> _uses_crlf("a\r\nb\r\n"), _uses_crlf("a\r\nb\n"), _uses_crlf("a\r\nb\rc"), _uses_crlf("a")
    (True, False, False, False)
    """
    crlf = text.count("\r\n")
    return crlf > 0 and crlf == text.count("\n") == text.count("\r")


def _restore_crlf(current: str, offsets: OffsetMap[tuple[Step, ...]]) -> str:
    r"""Every bare ``\n`` back to ``\r\n``, logged as U107.

    U107 gives the stages one line ending to read; a text that used CRLF throughout gets
    its own back. Where a line break was CRLF in the original, the two edits cancel out
    and the change log leaves them out, so a clean Windows file comes back unchanged.
    """
    step = (Step("U107", 1.0, "restore the text's CRLF line ending"),)
    edits = [(m.start(), m.end(), "\r\n", step) for m in BARE_LF_RE.finditer(current)]
    if not edits:
        return current
    offsets.apply(edits, _fuse)
    return BARE_LF_RE.sub("\r\n", current)


def _result(
    original: str, text: str, offsets: OffsetMap[tuple[Step, ...]], proposals: list[_Proposal], metadata: dict[str, Any]
) -> Result:
    lines = LineIndex(original)
    edits: list[AppliedEdit] = []
    for piece in offsets.pieces:
        if piece.record is None or original[piece.orig_start : piece.orig_end] == text[piece.cur_start : piece.cur_end]:
            continue  # copied text, or edits that cancelled out (a CRLF made LF for the stages, then restored)
        steps = piece.record
        line, col = lines.line_col(piece.orig_start)
        edits.append(
            AppliedEdit(
                rule=steps[-1].rule,
                confidence=min(step.confidence for step in steps),
                message="; ".join(step.message for step in steps if step.message),
                start=piece.orig_start,
                end=piece.orig_end,
                line=line,
                col=col,
                before=original[piece.orig_start : piece.orig_end],
                after=text[piece.cur_start : piece.cur_end],
                clean_start=piece.cur_start,
                clean_end=piece.cur_end,
                context=context_of(original, piece.orig_start, piece.orig_end),
                steps=steps if len(steps) > 1 else (),
            )
        )
    findings = []
    for proposal in proposals:
        line, col = lines.line_col(proposal.start)
        edit = proposal.edit
        findings.append(
            Finding(
                rule=edit.rule,
                confidence=edit.confidence,
                message=edit.message,
                start=proposal.start,
                end=proposal.end,
                line=line,
                col=col,
                text=proposal.text,
                suggestion=edit.replacement,
                context=context_of(original, proposal.start, proposal.end),
            )
        )
    return Result(original, text, edits, findings, metadata)


@lru_cache(maxsize=8)
def _shared_cleaner(config: Config) -> Cleaner:
    return Cleaner(config)


def clean(text: str, config: Config | None = None, *, markdown: bool = False) -> Result:
    """Clean one text with a shared ``Cleaner`` for ``config`` (built on first use).

    >>> clean("Caf\u00e9s&amp;bars  open.").text
    'Cafés&bars open.'
    """
    return _shared_cleaner(config or Config()).clean(text, markdown=markdown)


def clean_records(
    records: Iterable[Mapping[str, Any]],
    text_field: str = "text",
    config: Config | None = None,
    *,
    log_field: str | None = RECORD_KEY,
    edits: bool = False,
    jobs: int | None = 1,
    markdown: bool = False,
) -> Iterator[dict[str, Any]]:
    """``Cleaner.clean_records`` with the shared ``Cleaner`` for ``config``.

    >>> [r["body"] for r in clean_records([{"body": "Ukraine.The end."}], text_field="body")]
    ['Ukraine. The end.']
    """
    return _shared_cleaner(config or Config()).clean_records(
        records, text_field, log_field=log_field, edits=edits, jobs=jobs, markdown=markdown
    )
