"""Ordered approval chains: 县提出申请 → 市（地）初审 → 省级审定 → 报…备案.

Rule ``pg.processes.approval-chain.v1``: within one sentence, the obligations found by the
running-text rules whose trigger is an application or an approval step, in text order, form one
:class:`~policy_graph.model.Process` when there are at least two steps and one is an approval.
The process is named by what precedes the first step in the sentence (重点县退出) or by the measure.
"""

from __future__ import annotations

import bisect
import re

from ..model import Obligation, Process, ProcessStep
from .base import Context

RULE = "pg.processes.approval-chain.v1"
_ACTION = re.compile(r"提出申请|申请|初审|审核|审定|审批|验收|认定|备案|批准")


class ProcessExtractor:
    name = RULE
    requires = ("segment.sentences",)
    produces = ("Process",)

    def __call__(self, ctx: Context, obligations: list[Obligation]) -> list[Process]:
        text = ctx.text
        out: list[Process] = []
        candidates = sorted((o for o in obligations if o.role in ("approve", "duty")), key=lambda o: o.evidence.start)
        starts = [o.evidence.start for o in candidates]
        for s_start, s_end, section in ctx.sentences():
            steps: list[tuple[int, Obligation, str]] = []
            lo, hi = bisect.bisect_left(starts, s_start), bisect.bisect_left(starts, s_end)
            for o in candidates[lo:hi]:
                ev = o.evidence
                action = _ACTION.search(ev.quote)
                if action is None or (o.role == "duty" and "申请" not in action.group()):
                    continue
                steps.append((ev.start, o, action.group()))
            steps.sort(key=lambda x: (x[0], x[1].body.surface))
            if len(steps) < 2 or not any(o.role == "approve" for _, o, _ in steps):
                continue
            first = steps[0][1].evidence.start
            last = max(o.evidence.end for _, o, _ in steps)
            head = [re.sub(r"(?:由|经|先由|应由)$", "", h.strip()) for h in re.split(r"[，。；：]", text[s_start:first])]
            name = next((h for h in reversed(head) if len(h) >= 2), "") or (steps[0][1].measure or "")
            name = re.sub(r"^(?:[一二三四五六七八九十]+是|\d+\.|（[^）]*）)", "", name.strip())
            process_steps = tuple(
                ProcessStep(order=i + 1, body=o.body, action=action, role=o.role, evidence=o.evidence)
                for i, (_, o, action) in enumerate(steps)
            )
            out.append(Process(name=name, steps=process_steps,
                               evidence=ctx.evidence(first, last, RULE, section=section)))
        return out
