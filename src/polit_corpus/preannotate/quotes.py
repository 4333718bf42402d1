"""Quotations: the pipeline marks -> segments (segments.py) -> attribution (attribution.py,
indirect.py) -> speakers (speakers.py); this module runs it (_quotes) and keeps the public names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from .attribution import (
    _COLON_PARA,
    _attribution_rest,
    _continued_clause,
    _embedded,
    _mixed_clause,
    _near_cue,
    conjoined_half,
    stage_direction,
    transcript_label,
)
from .cues import (
    _NAMING,
    CAPWORD,
    PRONOUNS,
    _src_span,
)
from .indirect import _indirect
from .marks import looks_like_title
from .segments import _pair_marks, _Quote, _split_first_half
from .speakers import (
    _PERSON,
    PRONOUN_WORDS,
    _compatible,
    _named_source,
    _nearest_person,
    match_speaker,
    propose_speaker,
    proposed_entry,
)
from .text import _sentences

AUTO = "auto: machine-proposed, review it"
# The names the package imports from here (the stage modules hold the rest).
__all__ = ["AUTO", "CAPWORD", "PRONOUN_WORDS", "_quotes", "match_speaker", "propose_speaker",
           "proposed_entry"]

_THAT = re.compile(r"\bthat\b")


def _quotes(text: str, paras: list[tuple[int, int]], speakers: Mapping
            ) -> tuple[list[_Quote], list[tuple[int, str]]]:
    quotes: list[_Quote] = []
    stray_marks: list[tuple[int, str]] = []
    last_open: _Quote | None = None  # an open segment at the end of the previous paragraph

    def resolve_source(q: _Quote, src: tuple[int, int] | None) -> None:
        if src is None:
            return
        surface = text[src[0]:src[1]]
        if surface.lower() in PRONOUNS:
            prior = latest_before(q.start, lambda p: (p.speaker or p.source or p.speaker_from)
                                  and p is not q
                                  and _compatible(surface, _named_source(text, p)))
            named = _nearest_person(text, persons, src[0], surface)
            near_para = named is not None and named[0] >= paras[max(0, q.para - 1)][0]
            if named is not None and (prior is None or (near_para and named[0] > max(
                    prior.start, prior.source[0] if prior.source else prior.start))):
                q.antecedent = text[named[0]:named[1]]
                q.speaker, _ = match_speaker(q.antecedent, text, speakers)
                q.notes.append(f"pronoun {surface!r}: the nearest named person before it, "
                               f"{q.antecedent!r}")
            elif prior:
                q.speaker, q.speaker_from = prior.speaker, prior
                q.notes.append(f"pronoun {surface!r}: speaker of the preceding quotation")
            else:
                q.notes.append(f"pronoun {surface!r} with no earlier speaker; set the speaker")
            return
        sid, how = match_speaker(surface, text, speakers)
        q.speaker = sid
        q.notes.append(f"source {surface!r}: {how}")

    # The quotations found so far, by start, indexed lazily: the latest earlier one that meets a
    # condition is found by a backward scan from its place, not a pass over all of them.
    starts: list[tuple[int, int]] = []
    by_start: list[_Quote] = []
    indexed = 0

    def latest_before(at: int, ok, stop=None) -> _Quote | None:
        nonlocal indexed
        for p in quotes[indexed:]:
            k = bisect.bisect_right(starts, (p.start, indexed))
            starts.insert(k, (p.start, indexed))
            by_start.insert(k, p)
            indexed += 1
        for k in range(bisect.bisect_left(starts, (at, -1)) - 1, -1, -1):
            p = by_start[k]
            if stop is not None and stop(p):
                return None
            if ok(p):
                return p
        return None

    persons = [(m.start(), m.end()) for m in _PERSON.finditer(text)]
    _indirect(text, paras, quotes, speakers, resolve_source)
    for pi, (ps, pe) in enumerate(paras):
        pairs, stray = _pair_marks(text, ps, pe)
        stray_marks += stray
        sents: list[tuple[int, int]] | None = None
        clauses: list[_Quote] = []  # reported clauses holding quoted words (mixed quotations)
        prev_close: int | None = None
        opened_here: _Quote | None = None
        outer_of: dict[int, _Quote] = {}
        last_direct: _Quote | None = None  # the latest top-level direct quote of the paragraph
        for open_i, close_i, depth, open_w, close_w in pairs:
            start, end = open_i + open_w, close_i if close_i is not None else pe
            if end <= start:
                stray_marks += [(open_i, "other")] + ([(close_i, "other")] if close_i else [])
                continue
            q = _Quote(start, end, para=pi, open_end=close_i is None)
            content = text[start:end]
            if depth > 0:
                outer = next((o for o in reversed(quotes) if o.start <= start and end <= o.end
                              and o.para == pi and o.type != "indirect"), None)
                # Words quoted inside a quotation are part of its content: a fragment, however
                # long (the outer speaker is the one who says them).
                q.type = "fragment"
                q.nested_in = outer
                q.notes.append("quoted inside another quotation: fragment, speaker left to the "
                               "reviewer")
                quotes.append(q)
                continue
            at_para_start = open_i == ps
            if at_para_start and stage_direction(text, start, end):
                q.type = "fragment"
                q.notes.append("a bracketed stage direction inside quotation marks (a "
                               "transcript's “(CROSSTALK)”): not speech, fragment, speaker null")
                quotes.append(q)
                prev_close = close_i + close_w - 1 if close_i is not None else pe
                opened_here = last_open if close_i is None else opened_here
                continue
            label = (transcript_label(text, start, end) if at_para_start and (
                close_i is None or not text[close_i + close_w:pe].strip()) else None)
            if label is not None:
                # "WALLACE: ...": a transcript line; the label is its attribution (the steps
                # below that look for another one find nothing at a paragraph's first mark)
                q.start = start = label[2]
                q.notes.append("a transcript line: the speaker label before the colon is the "
                               "source, the quoted words start after it")
            inside = next((c for c in clauses if c.start <= start and end <= c.end), None)
            if inside is not None:
                q.type, q.speaker, q.speaker_from = "fragment", inside.speaker, inside
                q.notes.append("quoted words inside a reported clause (mixed quotation): "
                               "fragment, speaker of the clause")
                quotes.append(q)
                prev_close = close_i + close_w - 1 if close_i is not None else pe
                continue
            cue, src, clause, rest_start = (
                (label[1], label[0], None, None) if label is not None
                else _attribution_rest(text, ps, pe, open_i, close_i, prev_close, close_w))
            if cue is not None and rest_start is None and text[cue[0]:cue[1]] in _NAMING \
                    and cue[1] <= open_i:
                cue, src, clause = None, None, None  # "a group called “...”": a name
            if cue is not None and last_direct is not None and last_direct.cue == cue:
                # “A,” she said, “B.”: the cue between the halves belongs to the first one
                cue, src, clause, rest_start = None, None, None, None
            if cue is None and at_para_start and last_open is None and pi > 0:
                pps = max(paras[pi - 1][0], paras[pi - 1][1] - 300)
                m = _COLON_PARA.search(text, pps, paras[pi - 1][1])
                if m is not None:
                    cue, src = (m.start("cue"), m.end("cue")), _src_span(m, 0)
            closed = close_i is not None and not (last_open is not None and at_para_start)
            embedded = closed and _embedded(text, ps, open_i)
            # "X said that if A, “b ...”": the quoted words complete the clause after *that*
            that_lead = (closed and not embedded and cue is not None and rest_start is not None
                         and cue[1] <= rest_start <= open_i
                         and _THAT.search(text, cue[1], rest_start) is not None)
            if closed and (embedded or cue is None or that_lead):
                if sents is None:
                    sents = _sentences(text, ps, pe)
                mixed = (_mixed_clause(text, sents, open_i, close_i + close_w, cue, src,
                                       rest_start, content) if embedded or that_lead
                         else _continued_clause(text, sents, open_i, close_i + close_w))
                if mixed is None and cue is None:
                    near = _near_cue(text, sents, open_i, close_i + close_w)
                    if near is not None and last_direct is not None and last_direct.cue == near[1]:
                        near = None  # “A,” she said, “B.”: the cue belongs to the first half
                    if near is not None and (near[0] is None or not embedded):
                        # “...” right after the cue, or after a comma or colon: a direct quote
                        cue, src = near[1], near[2]
                    elif near is not None:
                        mixed = near
                if mixed is not None:
                    (cs, ce), mcue, msrc = mixed
                    iq = _Quote(cs, ce, type="indirect", cue=mcue, source=msrc, para=pi,
                                notes=["reported clause with quoted words inside (mixed "
                                       "quotation)"])
                    resolve_source(iq, msrc)
                    quotes.append(iq)
                    clauses.append(iq)
                    if iq.cue is not None and iq.cue[0] >= close_i + close_w:
                        last_direct = iq  # “B.” after “A” was wrong, she said: B is hers
                    q.type, q.speaker, q.speaker_from = "fragment", iq.speaker, iq
                    q.notes.append("quoted words inside a reported clause (mixed quotation): "
                                   "fragment, speaker of the clause")
                    quotes.append(q)
                    prev_close = close_i + close_w - 1
                    continue
                if embedded and cue is None and not conjoined_half(text, last_direct, open_i):
                    q.type = "fragment"
                    q.notes.append("quoted words inside the writer's own sentence with no cue: "
                                   "fragment, speaker null")
                    quotes.append(q)
                    prev_close = close_i + close_w - 1
                    continue
            if last_open is not None and at_para_start and label is None:
                q.continues = last_open
                q.speaker = last_open.speaker
                q.notes.append("continues the open quotation of the previous paragraph")
                if src is not None:
                    q.cue, q.source = cue, src
                    resolve_source(q, src)
            elif cue is not None:
                q.cue, q.source = cue, src
                resolve_source(q, src)
            elif (split := _split_first_half(last_direct, open_i)) is not None:
                q.speaker, q.speaker_from = split.speaker, split
                q.notes.append("second half of a split quotation: speaker of the first half, "
                               "whose cue and source stand between them")
            elif len(content.split()) <= 4 and not at_para_start:
                q.type = "fragment"
                q.notes.append("short quoted phrase with no attribution: fragment, speaker null")
            elif looks_like_title(content) and (not at_para_start or (
                    close_i is not None and not text[close_i + close_w:pe].strip(" .")
                    and len(content.split()) <= 8)):
                # a title, or a quoted heading standing alone as its paragraph
                q.type = "fragment"
                q.notes.append("quoted words in title case with no attribution: a title, "
                               "fragment, speaker null")
            else:
                prior = latest_before(start, lambda p: p.type == "direct",
                                      stop=lambda p, pi=pi: p.para < pi - 2)
                if prior is not None and (prior.speaker is not None or prior.source is not None):
                    q.speaker, q.speaker_from = prior.speaker, prior
                    q.notes.append("no attribution: speaker from the preceding quotation")
                else:
                    q.notes.append("no attribution found: set the speaker from context")
            quotes.append(q)
            if q.type == "direct":
                last_direct = q
            outer_of[open_i] = q
            if clause is not None:
                iq = _Quote(clause[0], clause[1], type="indirect", speaker=q.speaker, cue=cue,
                            source=src, para=pi,
                            notes=["clause between the cue and the colon of a direct quote"])
                quotes.append(iq)
            prev_close = close_i + close_w - 1 if close_i is not None else pe
            if close_i is None:
                opened_here = q
        last_open = opened_here
    held = [(q.start, q.end) for q in quotes if not q.before_marks]
    if len(held) < len(quotes):
        starts_ = sorted(held)
        ends_max = []
        for _, e in starts_:
            ends_max.append(max(e, ends_max[-1]) if ends_max else e)

        def overlapped(q: _Quote) -> bool:
            k = bisect.bisect_left(starts_, (q.end, -1))  # spans that start before q ends
            return k > 0 and ends_max[k - 1] > q.start

        dropped = {id(q) for q in quotes if q.before_marks and overlapped(q)}
        quotes = [q for q in quotes if id(q) not in dropped]
    quotes.sort(key=lambda q: (q.start, -q.end))
    return quotes, stray_marks
