"""Which commitments an attack engages, with the reasons, step by step.

For every treaty the attacked state is party to (or was or will be, so that analysts see why one does
not apply), each defence or consultation obligation gets a verdict: ``engaged``, ``contested`` or
``not engaged``. The steps ask: is the victim a party and participating on that date, is it protected,
is the attacker excluded or a fellow party, is the place inside the zone, is a request required and
was one made. Where the place is in dispute the zone question is answered under each reading
(the victim's claimed territory, internationally recognised territory, delimited borders only);
readings that disagree make the verdict ``contested``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..partial_date import shift_days
from .answering import answerers
from .model import KnowledgeBase, Obligation, Place, Request, Treaty, day_floor

ENGAGED, CONTESTED, NOT_ENGAGED = "engaged", "contested", "not engaged"
REQUEST_WINDOW_BEFORE = dt.timedelta(days=7)
REQUEST_WINDOW_AFTER = dt.timedelta(days=120)


@dataclass
class Step:
    question: str
    answer: str
    ok: bool | None  # True passes, False rules the obligation out, None leaves it open


@dataclass
class Reading:
    name: str
    inside: bool | None
    reason: str


@dataclass
class Verdict:
    treaty: str
    treaty_name: str
    obligation: str
    article: str
    kind: str
    paraphrase: str
    source: str
    verdict: str
    steps: list[Step] = field(default_factory=list)
    readings: list[Reading] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Attack:
    attacked: str
    by: str | None
    where: str | None
    on: str  # YYYY-MM-DD


def check_obligations(kb: KnowledgeBase, attack: Attack, requests: Iterable[Request] = ()) -> list[Verdict]:
    """Verdicts for every defence and consultation obligation of the attacked state's treaties.

    ``requests`` adds requests for assistance found elsewhere (e.g. in extracted events) to the ones
    the knowledge base records.
    """
    extra_requests = list(requests)
    verdicts: list[Verdict] = []
    for treaty in _treaties_of(kb, attack.attacked):
        for obligation in treaty.obligations:
            if obligation.kind in {"defence", "consultation"}:
                verdicts.append(_verdict(kb, treaty, obligation, attack, extra_requests))
    order = {ENGAGED: 0, CONTESTED: 1, NOT_ENGAGED: 2}
    return sorted(verdicts, key=lambda v: (order[v.verdict], v.treaty, v.obligation))


def _treaties_of(kb: KnowledgeBase, state: str) -> list[Treaty]:
    ids = {m.treaty for m in kb.memberships if m.member == state and m.layer == "legal"}
    return [kb.treaties[i] for i in sorted(ids)]


def _verdict(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack,
             extra_requests: list[Request]) -> Verdict:
    steps: list[Step] = []
    readings: list[Reading] = []
    steps.append(_membership_step(kb, treaty, attack))
    steps.append(_participation_step(kb, treaty, attack))
    steps.append(_protection_step(obligation, attack))
    if obligation.kind == "defence":
        steps.append(_attacker_step(kb, treaty, obligation, attack))
        if obligation.location_specific is not False:
            readings = _zone_readings(kb, treaty, attack)
            steps.append(_zone_step(readings))
    steps.append(_request_step(kb, treaty, obligation, attack, extra_requests))
    return Verdict(treaty.id, treaty.name, obligation.id, obligation.article, obligation.kind,
                   obligation.paraphrase, obligation.source, _decide(steps, readings), steps, readings)


def _decide(steps: list[Step], readings: list[Reading]) -> str:
    if any(s.ok is False for s in steps):
        return NOT_ENGAGED
    if any(s.ok is None for s in steps):
        return CONTESTED
    return ENGAGED


def _membership_step(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> Step:
    question = f"Is {attack.attacked} a party to {treaty.name} on {attack.on}?"
    status = kb.status_on(attack.attacked, treaty.id, attack.on)["legal"]
    if status is not None and status.status == "member":
        return Step(question, f"yes, a party since {status.start}", True)
    intervals = kb.intervals(treaty.id, attack.attacked, "legal")
    joined = [m for m in intervals if m.status == "member"]
    if status is not None:
        return Step(question, f"no: {status.status} since {status.start}", False)
    later = [m for m in joined if day_floor(m.start) > attack.on]
    if later:
        return Step(question, f"no: it becomes a party on {later[0].start}", False)
    ended = [m for m in joined if m.end is not None and m.end < attack.on]
    if ended:
        return Step(question, f"no: it left on {ended[-1].end}", False)
    return Step(question, "no", False)


def _participation_step(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> Step:
    question = f"Does {attack.attacked} take part in {treaty.name} on {attack.on}?"
    participation = kb.status_on(attack.attacked, treaty.id, attack.on)["participation"]
    if participation is None or participation.status == "active":
        return Step(question, "yes" + (f", active since {participation.start}" if participation else ""), True)
    return Step(question, f"{participation.status} since {participation.start}: the legal commitment stands, "
                          "but the member has stepped back from it", None)


def _protection_step(obligation: Obligation, attack: Attack) -> Step:
    question = f"Does {obligation.article or obligation.id} protect {attack.attacked}?"
    if obligation.protects == "all_members" or attack.attacked in obligation.protects:
        return Step(question, "yes", True)
    return Step(question, f"no: it protects {', '.join(obligation.protects)}", False)


def _attacker_step(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack) -> Step:
    if not attack.by:
        return Step("Who is the attacker?", "not given", True)
    question = f"Does an attack by {attack.by} engage it?"
    if kb.is_member(attack.by, treaty.id, attack.on):
        if obligation.covers_attacks_by_members is True:
            return Step(question, f"{attack.by} is a fellow party, and the obligation covers that", True)
        if obligation.covers_attacks_by_members is False:
            return Step(question, f"no: {attack.by} is a fellow party", False)
        return Step(question, f"{attack.by} is a fellow party; the treaty does not say", None)
    adversaries = obligation.adversary_specific
    if isinstance(adversaries, tuple):
        if attack.by in adversaries:
            return Step(question, f"yes: the obligation is aimed at {', '.join(adversaries)}", True)
        return Step(question, f"no: the obligation is aimed only at {', '.join(adversaries)}", False)
    if adversaries is True:
        return Step(question, "the obligation is adversary-specific and the adversary is not recorded", None)
    return Step(question, f"yes: {attack.by} is not a party and the obligation is not adversary-specific", True)


def _zone_step(readings: list[Reading]) -> Step:
    question = "Is the place inside the zone the obligation covers?"
    answers = {r.inside for r in readings}
    if answers == {True}:
        return Step(question, "yes, under every reading", True)
    if answers == {False}:
        return Step(question, "no: " + readings[0].reason, False)
    if answers == {None}:
        return Step(question, "unknown: " + readings[0].reason, None)
    return Step(question, "readings disagree: " + "; ".join(f"{r.name}: {_yes_no(r.inside)}" for r in readings), None)


def _yes_no(value: bool | None) -> str:
    return {True: "inside", False: "outside", None: "undetermined"}[value]


def _zone_readings(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> list[Reading]:
    place = _resolve_place(kb, attack)
    if place is None:
        return [Reading("all readings", None, f"the place {attack.where!r} is not in the knowledge base "
                                                "(add it to places.yaml)")]
    if treaty.scope.kind == "regions":
        in_region = bool(set(place.regions) & set(treaty.scope.regions))
        own = place.state == attack.attacked
        reason = (f"{place.name} is {'in' if in_region else 'outside'} the treaty area "
                  f"({', '.join(treaty.scope.regions)}); {place.name}'s tags: {', '.join(place.regions) or 'none'}")
        if not own:
            reason += f"; and it is not {attack.attacked}'s territory"
        return [Reading("treaty area", in_region and own, reason)]
    return _territorial_readings(kb, place, attack)


def _resolve_place(kb: KnowledgeBase, attack: Attack) -> Place | None:
    if attack.where:
        return kb.place(attack.where)
    # no place given: the victim's own territory, undisputed
    return Place(attack.attacked, (), attack.attacked, None, None, (), "")


def _territorial_readings(kb: KnowledgeBase, place: Place, attack: Attack) -> list[Reading]:
    victim = attack.attacked
    territory = kb.territories.get(place.territory) if place.territory else None
    border = kb.territories.get(place.border) if place.border else None
    recognised = place.state == victim
    readings = [Reading("internationally recognised territory", recognised,
                        f"{place.name} is recognised as {place.state}'s territory")]
    claimed = recognised
    reason = f"{place.name} lies in {place.state}'s recognised territory"
    if territory is not None:
        controller = territory.controller_on(attack.on)
        claimed = victim in territory.claimed_by or controller == victim or territory.recognised_as == victim
        reason = (f"{place.name} lies in {territory.name}, recognised as {territory.recognised_as}, claimed by "
                  f"{', '.join(territory.claimed_by) or 'nobody else'}, controlled by {controller or 'unknown'} on {attack.on}")
    readings.insert(0, Reading("territory the victim claims or holds", claimed, reason))
    if border is not None and border.delimited is not True:
        readings.append(Reading(
            "delimited borders only", False,
            f"{place.name} lies on the {border.name}, which is not delimited "
            f"({'partially' if border.delimited == 'partial' else 'not'} settled bilaterally): on this reading "
            "the zone ends at a border settled between the neighbours, so it does not reach here"))
    elif border is not None:
        readings.append(Reading("delimited borders only", recognised, f"the {border.name} is delimited"))
    return readings


def _request_step(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack,
                  extra_requests: list[Request]) -> Step:
    question = "Is a request for help required, and was one made?"
    if not obligation.request_required:
        return Step(question, "no request is required", True)
    day = dt.date.fromisoformat(attack.on)
    # at the calendar's edges the window stops at its first or last day rather than overflowing
    start = (shift_days(day, -REQUEST_WINDOW_BEFORE.days) or dt.date.min).isoformat()
    end = (shift_days(day, REQUEST_WINDOW_AFTER.days) or dt.date.max).isoformat()
    addressees = answerers(kb, treaty, attack.attacked, attack.on)  # a request to any of them counts
    found = [r for r in [*kb.requests, *extra_requests]
             if r.requester == attack.attacked and r.addressee in addressees and _within(r.date, start, end)]
    if found:
        first = min(found, key=lambda r: r.date)
        return Step(question, f"required; made: {first.requester} to {first.addressee} on {first.date}"
                              + (f" ({first.what})" if first.what else ""), True)
    return Step(question, "required; no request is recorded within "
                          f"{REQUEST_WINDOW_BEFORE.days} days before to {REQUEST_WINDOW_AFTER.days} days after", None)


def _within(date: str, start: str, end: str) -> bool:
    """Whether a date, at its own precision ("2022-09"), falls in the window [start, end]."""
    n = len(date)
    return start[:n] <= date <= end[:n]
