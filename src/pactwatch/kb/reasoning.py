"""Which commitments an attack engages, and why (see docs/kb.md, "The reasoning").

For each obligation of each treaty the attacked state is party to, the reasoning answers a fixed
series of questions, each a :class:`Step`: is the treaty, and this wording of the obligation, in
force on the date; is the state a party and taking part; is it protected; is the attacker excluded
or a fellow party; is the place inside the zone; is a request required and was one made under this
article; who among the other parties is bound towards the victim. Where the place is in dispute the
zone question is answered under each reading (the victim's claimed territory, internationally
recognised territory, delimited borders only); readings that disagree make the verdict
``contested``. With no place given the attack is read as one on the state's own territory (its
regions in ``states.yaml``) and the verdict says so.

A verdict that the text engages is then placed on the ladder practice adds: ``engaged by the
text`` (nobody invoked it), ``invoked`` (requests.yaml records an invocation of this article for
the victim), ``honoured`` / ``partly honoured`` / ``invoked, not honoured`` (what followed). An
attack by a party bound by a non-aggression pledge towards the victim is reported as ``breached``.
An assurance (the Budapest Memorandum's pledge to seek Security Council action) is reported as
``not engaged`` with the stage ``assurances only, no duty to defend``: it binds nobody to help.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from ..partial_date import shift_days
from .answering import answerers
from .model import FORCES_KINDS, KnowledgeBase, Obligation, Place, Request, Treaty, day_floor, in_period, overlaps

ENGAGED, CONTESTED, NOT_ENGAGED, BREACHED = "engaged", "contested", "not engaged", "breached"
VERDICT_ORDER = {ENGAGED: 0, CONTESTED: 1, BREACHED: 2, NOT_ENGAGED: 3}
BY_THE_TEXT = "engaged by the text"
ASSURANCES_ONLY = "assurances only, no duty to defend"  # the stage of an assurance's verdict
# what followed an invocation -> the verdict's stage; the best outcome of several invocations wins
STAGES = {"honoured": "honoured", "partly honoured": "partly honoured", "not honoured": "invoked, not honoured"}
OUTCOME_RANK = ["honoured", "partly honoured", "not honoured"]
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
    stage: str | None = None  # engaged by the text | invoked | honoured | partly honoured | invoked, not honoured
    bound: list[str] = field(default_factory=list)  # who owes the help
    not_bound: list[dict[str, str]] = field(default_factory=list)  # [{"party", "reason"}]
    invocations: list[dict[str, Any]] = field(default_factory=list)
    note: str | None = None  # what the verdict assumed (no place given)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Attack:
    attacked: str
    by: str | None
    where: str | None
    on: str  # YYYY-MM-DD
    # the attack is on the attacked state's armed forces, public vessels or aircraft at ``where``
    # (also said by a ``where`` of "forces at PLACE", or a place of kind vessel/base/forces of the
    # attacked state), not on its territory
    on_forces: bool = False


FORCES_PREFIXES = ("forces at ", "vessels at ", "aircraft at ", "forces of the attacked state at ")


def split_forces(where: str | None) -> tuple[bool, str | None]:
    """``"forces at Second Thomas Shoal"`` -> ``(True, "Second Thomas Shoal")``; other places unchanged."""
    if where is None:
        return False, None
    text = where.strip()
    for prefix in FORCES_PREFIXES:
        if text.lower().startswith(prefix) and text[len(prefix):].strip():
            return True, text[len(prefix):].strip()
    return False, text


@dataclass(frozen=True)
class Target:
    """What the attack hit: the place (for a vessel or base, the place it lies at) and whether it
    was the attacked state's forces there rather than its territory."""
    place: Place
    on_forces: bool
    what: Place  # the place as given (BRP Sierra Madre), for the wording


def target(kb: KnowledgeBase, attack: Attack) -> Target | None:
    """The place attacked and whether the attack is on forces; None when the place is unknown."""
    on_forces, name = split_forces(attack.where)
    place = kb.place(name) if name else None
    if place is None:
        return None
    host = kb.place(place.at) if place.at else None
    if place.kind in FORCES_KINDS and place.forces_of == attack.attacked:
        on_forces = True
    return Target(host or place, on_forces or attack.on_forces, place)


def check_obligations(kb: KnowledgeBase, attack: Attack, requests: Iterable[Request] = ()) -> list[Verdict]:
    """Verdicts for every defence and consultation obligation of the attacked state's treaties, and
    for every non-aggression pledge the attack breaches.

    ``requests`` adds requests for assistance found elsewhere (e.g. in extracted events) to the ones
    the knowledge base records.
    """
    extra_requests = list(requests)
    note = place_note(kb, attack)
    verdicts: list[Verdict] = []
    for treaty in _treaties_of(kb, attack.attacked):
        for obligation in _wordings_on(treaty, attack.on):
            if obligation.kind in {"defence", "consultation"}:
                verdict = _verdict(kb, treaty, obligation, attack, extra_requests)
            elif obligation.kind == "non_aggression":
                verdict = _breach(kb, treaty, obligation, attack)
            elif obligation.kind == "assurance":
                verdict = _assurance(kb, treaty, obligation, attack)
            else:
                verdict = None
            if verdict is not None:
                verdict.note = " ".join(n for n in (verdict.note, note) if n) or None
                verdicts.append(verdict)
    return sorted(verdicts, key=lambda v: (VERDICT_ORDER[v.verdict], v.treaty, v.obligation))


def place_note(kb: KnowledgeBase, attack: Attack) -> str | None:
    """What the verdicts assume about the place when none was given (None when one was)."""
    if attack.where:
        return _given_place_note(kb, attack)
    state = kb.states.get(attack.attacked)
    if state is None:
        return (f"No place was given, and the knowledge base does not record {attack.attacked}'s territory: "
                "zone questions stay open. Give a place to settle them.")
    return (f"No place was given: the attack is read as one on {state.name}'s own territory "
            f"(regions: {', '.join(state.regions) or 'none'}). An attack elsewhere (overseas territory, "
            "forces abroad, disputed areas) may be answered differently: give the place.")


def _given_place_note(kb: KnowledgeBase, attack: Attack) -> str | None:
    """Where the place given was read as forces abroad, or found in the gazetteer, say so."""
    t = target(kb, attack)
    if t is None:
        return None
    notes = []
    if t.on_forces:
        at = f"{t.what.name} at {t.place.name}" if t.what is not t.place else t.place.name
        notes.append(f"Read as an attack on {attack.attacked}'s armed forces, public vessels or aircraft at {at}, "
                     "not on its territory: only clauses that cover forces there count.")
    if t.place.gazetteer:
        coords = f" ({t.place.latitude:.4f}, {t.place.longitude:.4f})" if t.place.latitude is not None else ""
        notes.append(f"{t.place.name}{coords} is not curated: {t.place.note} Source: {t.place.source}.")
    return " ".join(notes) or None


def _treaties_of(kb: KnowledgeBase, state: str) -> list[Treaty]:
    ids = {m.treaty for m in kb.memberships if m.member == state and m.layer == "legal"}
    return [kb.treaties[i] for i in sorted(ids)]


def _period(treaty: Treaty, obligation: Obligation) -> tuple[str | None, str | None]:
    return obligation.in_force or treaty.in_force, obligation.until or treaty.terminated


def _wordings_on(treaty: Treaty, on: str) -> list[Obligation]:
    """The obligations as worded on the day: of an article rewritten over time (CST Art. 4 before
    and after the 2010 Protocol) the wording in force, else the one nearest in time (the first
    before the treaty binds, the last after it ends), so the verdict can say why it does not bind.
    Wordings of one article are listed in treaties.yaml in time order."""
    groups: dict[tuple[str, str], list[Obligation]] = {}
    for o in treaty.obligations:
        groups.setdefault((o.article or o.id, o.kind), []).append(o)
    chosen = []
    for wordings in groups.values():
        current = [o for o in wordings if in_period(on, *_period(treaty, o))]
        if current:
            chosen += current
        else:
            starts = [_period(treaty, o)[0] for o in wordings]
            not_yet = all(start is not None and day_floor(start) > on for start in starts)
            chosen.append(wordings[0] if not_yet else wordings[-1])
    return chosen


def _verdict(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack,
             extra_requests: list[Request]) -> Verdict:
    steps: list[Step] = [_in_force_step(treaty, obligation, attack)]
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
    bound, not_bound = _bound(kb, treaty, obligation, attack)
    steps.append(_bound_step(attack, bound, not_bound))
    verdict = Verdict(treaty.id, treaty.name, obligation.id, obligation.article, obligation.kind,
                      obligation.paraphrase, obligation.source, _decide(steps), steps, readings)
    if verdict.verdict != NOT_ENGAGED:
        verdict.bound, verdict.not_bound = bound, not_bound
        invocations = _invocations(kb, treaty, obligation, attack)
        verdict.invocations = [_invocation_dict(r) for r in invocations]
        verdict.stage = _stage(invocations)
    return verdict


def _decide(steps: list[Step]) -> str:
    if any(s.ok is False for s in steps):
        return NOT_ENGAGED
    if any(s.ok is None for s in steps):
        return CONTESTED
    return ENGAGED


# --- time --------------------------------------------------------------------------------------

def _in_force_step(treaty: Treaty, obligation: Obligation, attack: Attack) -> Step:
    """The treaty binds on the day, and so does this wording of the obligation."""
    label = obligation.article or obligation.id
    question = f"Is {treaty.name} in force, and {label} as worded here, on {attack.on}?"
    signed = f" (signed {treaty.signed})" if treaty.signed else ""
    if treaty.in_force is None:
        return Step(question, f"entry into force not recorded{signed}", None)
    start, end = _period(treaty, obligation)
    if start and day_floor(start) > attack.on:
        what = f"{label} in this wording" if obligation.in_force else "it"
        return Step(question, f"no: {what} binds from {start}{signed if not obligation.in_force else ''}", False)
    if not in_period(attack.on, start, end):
        what = f"{label} in this wording" if obligation.until else "the treaty"
        return Step(question, f"no: {what} stopped binding after {end}", False)
    since = f"in force since {treaty.in_force}"
    if obligation.in_force or obligation.until:
        since += f"; this wording of {label} binds from {start}" + (f" until {end}" if end else "")
    return Step(question, "yes, " + since, True)


def _membership_step(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> Step:
    question = f"Is {attack.attacked} a party to {treaty.name} on {attack.on}?"
    status = kb.status_on(attack.attacked, treaty.id, attack.on)["legal"]
    if status is not None and status.status == "member":
        signed = f" (signed {status.signed})" if status.signed and status.signed != status.start else ""
        return Step(question, f"yes, bound since {status.start}{signed}", True)
    intervals = kb.intervals(treaty.id, attack.attacked, "legal")
    joined = [m for m in intervals if m.status == "member"]
    if status is not None:
        return Step(question, f"no: {status.status} since {status.start}", False)
    later = [m for m in joined if day_floor(m.start) > attack.on]
    if later:
        signed = f" (signed {later[0].signed})" if later[0].signed else ""
        return Step(question, f"no: it is bound from {later[0].start}{signed}", False)
    ended = [m for m in joined if m.end is not None and day_floor(m.end) < attack.on]
    if ended:
        return Step(question, f"no: it left on {ended[-1].end}", False)
    return Step(question, "no", False)


def _participation_step(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> Step:
    question = f"Does {attack.attacked} take part in {treaty.name} on {attack.on}?"
    participation = kb.status_on(attack.attacked, treaty.id, attack.on)["participation"]
    if participation is None or participation.status == "active":
        return Step(question, "yes" + (f", active since {participation.start}" if participation else ""), True)
    legal = kb.status_on(attack.attacked, treaty.id, attack.on)["legal"]
    if legal is None or legal.status != "member":  # a state that has left takes no part and owes nothing
        return Step(question, f"no: {participation.status} since {participation.start}", False)
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


# --- the zone ----------------------------------------------------------------------------------

def _zone_step(readings: list[Reading]) -> Step:
    question = "Is the place inside the zone the obligation covers?"
    answers = {r.inside for r in readings}
    if answers == {True}:
        return Step(question, "yes, under every reading: " + readings[0].reason, True)
    if answers == {False}:
        return Step(question, "no: " + readings[0].reason, False)
    if answers == {None}:
        return Step(question, "unknown: " + readings[0].reason, None)
    return Step(question, "readings disagree: " + "; ".join(f"{r.name}: {_yes_no(r.inside)}" for r in readings), None)


def _yes_no(value: bool | None) -> str:
    return {True: "inside", False: "outside", None: "undetermined"}[value]


def _zone_readings(kb: KnowledgeBase, treaty: Treaty, attack: Attack) -> list[Reading]:
    if not attack.where and attack.attacked not in kb.states and treaty.scope.kind == "regions":
        return [Reading("all readings", None, f"no place was given and the knowledge base does not record "
                                              f"{attack.attacked}'s territory (add it to states.yaml)")]
    if attack.where:
        t = target(kb, attack)
        if t is None:
            return [Reading("all readings", None, f"the place {attack.where!r} is not in the knowledge base "
                                                    "nor in the gazetteer (add it to places.yaml)")]
        if t.on_forces:
            return _forces_readings(kb, treaty, t, attack)
        place = t.place
    else:
        place = _resolve_place(kb, attack)
    if treaty.scope.kind == "regions":
        tags = place.regions_on(attack.on)
        in_region = bool(set(tags) & set(treaty.scope.regions))
        own = place.state == attack.attacked
        reason = (f"{place.name} is {'in' if in_region else 'outside'} the treaty area "
                  f"({', '.join(treaty.scope.regions)}); {place.name}'s tags on {attack.on}: {', '.join(tags) or 'none'}")
        if place.dated_regions:
            reason += "; " + "; ".join(f"{d.value} from {d.start or 'always'}" + (f" to {d.end}" if d.end else "")
                                       for d in place.dated_regions)
        if not own:
            reason += f"; and it is not {attack.attacked}'s territory"
        return [Reading("treaty area", in_region and own, reason)]
    return _territorial_readings(kb, place, attack)


def _resolve_place(kb: KnowledgeBase, attack: Attack) -> Place:
    # no place given: the victim's own territory, undisputed, with the regions states.yaml records
    state = kb.states.get(attack.attacked)
    name = f"{state.name} (own territory, no place given)" if state else f"{attack.attacked}'s own territory"
    return Place(name, (), attack.attacked, None, None, state.regions if state else (),
                 state.source if state else "")


def _territorial_readings(kb: KnowledgeBase, place: Place, attack: Attack) -> list[Reading]:
    victim = attack.attacked
    territory = kb.territories.get(place.territory) if place.territory else None
    border = kb.territories.get(place.border) if place.border else None
    recognised = place.state == victim
    readings = [Reading("internationally recognised territory", recognised,
                        f"{place.name} is recognised as {place.state}'s territory" if place.state else
                        f"{place.name} is no state's internationally recognised territory")]
    claims = [c for c in (*(territory.claims if territory else ()), *place.claims) if c.covers(attack.on)]
    claimed = recognised or any(c.holder == victim for c in claims)
    reason = f"{place.name} lies in {place.state}'s recognised territory"
    if territory is not None:
        controller = territory.controller_on(attack.on)
        claimed = (claimed or victim in territory.claimed_by or controller == victim
                   or territory.recognised_as == victim)
        reason = (f"{place.name} lies in {territory.name}, recognised as {territory.recognised_as or 'no state'}, "
                  f"claimed by {', '.join(territory.claimed_by) or 'nobody else'}, controlled by "
                  f"{controller or 'unknown'} on {attack.on}")
    readings.insert(0, Reading("territory the victim claims or holds", claimed, reason))
    attacker_claims = [c for c in claims if attack.by and c.by == attack.by]
    if attacker_claims:
        c = attacker_claims[-1]
        whose = "its own" if c.holder == c.by else f"{c.holder}'s"
        readings.append(Reading(
            f"the attacker's claim ({attack.by})", c.holder == victim,
            f"{attack.by} holds {place.name} to be {whose} territory" + (f" ({c.what})" if c.what else "")
            + (f" since {c.start}" if c.start else "") + f" ({c.source})"
            + ("" if c.holder == victim else f": on this reading the attack is not on {victim}'s territory")))
    delimited = border.delimited_on(attack.on) if border is not None else None
    if border is not None and delimited is not True:
        readings.append(Reading(
            "delimited borders only", False,
            f"{place.name} lies on the {border.name}, which is not delimited there on {attack.on} "
            f"({'partially' if delimited == 'partial' else 'not'} settled bilaterally): on this reading "
            "the zone ends at a border settled between the neighbours, so it does not reach here"))
    elif border is not None:
        readings.append(Reading("delimited borders only", recognised, f"the {border.name} is delimited on {attack.on}"))
    return readings


def _forces_readings(kb: KnowledgeBase, treaty: Treaty, t: Target, attack: Attack) -> list[Reading]:
    """An attack on the attacked state's forces, public vessels or aircraft at a place: inside the
    zone where a clause recorded at the place, or else at an area whose ``forces_tag`` the place
    carries, covers them (NATO Art. 6(2) over the Mediterranean, MDT Art. IV-V in the South China
    Sea and the Pacific area), where they stand on a party's territory inside a
    treaty area (Art. 6(2): forces in or over the parties' territories), or on the attacked state's
    own territory covered by the treaty; outside otherwise."""
    place, victim = t.place, attack.attacked
    what = f"{victim}'s forces, public vessels or aircraft at {t.what.name}" + (
        f" ({place.name})" if t.what is not place else "")
    clauses = [c for c in (*t.what.forces_clauses, *(place.forces_clauses if t.what is not place else ()))
               if c.treaty == treaty.id]
    area = ""
    if not clauses:  # the clauses of an area the place lies in (its region tag), unless it has its own
        tagged = [(a, c) for a, c in kb.tag_forces_clauses(place.regions_on(attack.on)) if c.treaty == treaty.id]
        clauses = [c for _, c in tagged]
        area = f" as part of the {tagged[0][0].name}" if tagged else ""
    current = [c for c in clauses if c.covers(attack.on)]
    if current:
        c = current[-1]
        detail = (f" ({c.what})" if c.what else "") + area
        if c.covered is None:
            return [Reading("forces abroad", None, f"{what}: whether {c.article} reaches them there is open on "
                                                   f"{attack.on}{detail} ({c.source})")]
        return [Reading("forces abroad", True, f"{what}: {c.article} covers them there{detail} ({c.source})")]
    tags = place.regions_on(attack.on)
    if treaty.scope.kind == "regions":
        in_region = sorted(set(tags) & set(treaty.scope.regions))
        host = place.state
        if in_region and host is not None and kb.is_member(host, treaty.id, attack.on):
            return [Reading("forces abroad", True, f"{what}: on {host}'s territory inside the treaty area "
                                                   f"({', '.join(in_region)}), where the parties' forces are covered")]
        return [Reading("forces abroad", False, f"{what}: outside the treaty area ({', '.join(treaty.scope.regions)})"
                        + ("" if not in_region else f", on the territory of {host or 'no state'}, not a party")
                        + (f"; no clause for forces is recorded there" if not clauses else
                           "; the clauses recorded there do not hold on " + attack.on))]
    if place.state == victim and place.territory is None:
        return [Reading("forces abroad", True, f"{what}: on {victim}'s own territory, which {treaty.name} covers")]
    later = f" (recorded from {clauses[0].start})" if clauses else ""
    return [Reading("forces abroad", False,
                    f"{what}: {treaty.name} covers attacks on the parties' territory, and no clause of it is recorded "
                    f"to cover their forces there{later}")]


# --- requests, invocations and who is bound ------------------------------------------------------

def _window(on: str) -> tuple[str, str]:
    day = dt.date.fromisoformat(on)
    # at the calendar's edges the window stops at its first or last day rather than overflowing
    start = (shift_days(day, -REQUEST_WINDOW_BEFORE.days) or dt.date.min).isoformat()
    end = (shift_days(day, REQUEST_WINDOW_AFTER.days) or dt.date.max).isoformat()
    return start, end


def _request_step(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack,
                  extra_requests: list[Request]) -> Step:
    """A request under this article for the attacked state (by it, or by a party on its behalf),
    addressed to someone who may answer it. A request whose article is recorded counts only for
    that article; one found in the news (article unknown) counts for any. Another party's request
    about its own security (Poland's in 2025) does not engage the pledge towards the victim."""
    label = obligation.article or obligation.id
    question = f"Is a request required, and was one made under {label}?"
    if not obligation.request_required:
        return Step(question, "no request is required", True)
    start, end = _window(attack.on)
    near = [r for r in [*kb.requests, *extra_requests]
            if r.kind == "request" and r.on_behalf_of == attack.attacked and overlaps(r.date, start, end)
            and r.addressee in answerers(kb, treaty, r.requester, attack.on)
            and r.treaty in (None, treaty.id)]
    found = [r for r in near if r.article in (None, obligation.article)]
    if found:
        first = min(found, key=lambda r: day_floor(r.date))
        unknown = " (the article it invokes is not recorded)" if first.article is None else ""
        return Step(question, f"required; made: {first.requester} to {first.addressee} on {first.date}{unknown}"
                              + (f" ({first.what})" if first.what else ""), True)
    others = "; ".join(f"{r.requester}'s request of {r.date} invoked {r.article}, not {label}"
                       for r in near if r.article not in (None, obligation.article))
    who = f"{attack.attacked} (or a party for it) asks"
    return Step(question, f"required, and none under {label} is recorded within {REQUEST_WINDOW_BEFORE.days} days "
                          f"before to {REQUEST_WINDOW_AFTER.days} days after: it is engaged once {who}"
                          + (f" ({others})" if others else ""), False)


def _invocations(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack) -> list[Request]:
    """Recorded invocations of this article for the attacked state around the attack."""
    start, end = _window(attack.on)
    return sorted((r for r in kb.requests if r.treaty == treaty.id and r.article == obligation.article
                   and r.on_behalf_of == attack.attacked and overlaps(r.date, start, end)),
                  key=lambda r: day_floor(r.date))


def _invocation_dict(r: Request) -> dict[str, Any]:
    return {"by": r.requester, "for": r.on_behalf_of, "to": r.addressee, "date": r.date, "kind": r.kind,
            "article": r.article, "what": r.what, "outcome": r.outcome, "source": r.source,
            "outcome_source": r.outcome_source}


def _stage(invocations: list[Request]) -> str:
    if not invocations:
        return BY_THE_TEXT
    outcomes = [r.outcome for r in invocations if r.outcome in OUTCOME_RANK]
    if not outcomes:
        return "invoked"
    return STAGES[min(outcomes, key=OUTCOME_RANK.index)]


def _bound(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack) -> tuple[list[str], list[dict[str, str]]]:
    """Who owes the victim this obligation on the day, and who among the other parties does not, with why."""
    members = kb.members_on(treaty.id, attack.on)
    binders = members if obligation.binds == "all_members" else [p for p in obligation.binds if p in members]
    bound, not_bound = [], []
    for party in sorted(set(binders) - {attack.attacked}):
        suspension = next((s for s in kb.suspensions if s.applies(party, attack.attacked, obligation.id, attack.on)), None)
        if suspension is not None:
            not_bound.append({"party": party, "reason": f"{party} suspended its obligations towards {attack.attacked} "
                                                        f"on {suspension.start}" + (f" ({suspension.reason})" if suspension.reason else ""),
                              "source": suspension.source})
        else:
            bound.append(party)
    return bound, not_bound


def _bound_step(attack: Attack, bound: list[str], not_bound: list[dict[str, str]]) -> Step:
    question = f"Who is bound towards {attack.attacked}?"
    answer = ", ".join(bound) or "nobody"
    if not_bound:
        answer += "; not bound: " + "; ".join(n["reason"] for n in not_bound)
    return Step(question, answer, True if bound else False)


# --- non-aggression ----------------------------------------------------------------------------

def _breach(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack) -> Verdict | None:
    """An attack by a party bound by a non-aggression pledge towards the victim breaches it; for any
    other attack the pledge says nothing, so no verdict."""
    if not attack.by or treaty.binds_on(attack.on) is not True or not in_period(attack.on, *_period(treaty, obligation)):
        return None
    if not (kb.is_member(attack.by, treaty.id, attack.on) and kb.is_member(attack.attacked, treaty.id, attack.on)):
        return None
    if obligation.binds != "all_members" and attack.by not in obligation.binds:
        return None
    if obligation.protects != "all_members" and attack.attacked not in obligation.protects:
        return None
    label = obligation.article or obligation.id
    steps = [_in_force_step(treaty, obligation, attack),
             Step(f"Is {attack.by} bound by {label} towards {attack.attacked} on {attack.on}?",
                  f"yes: both are parties on {attack.on}", True),
             Step("Does the attack breach the pledge?",
                  f"yes: {attack.by} used force against a party it undertook not to attack", True)]
    return Verdict(treaty.id, treaty.name, obligation.id, obligation.article, obligation.kind,
                   obligation.paraphrase, obligation.source, BREACHED, steps, bound=[attack.by])


# --- assurances --------------------------------------------------------------------------------

def _assurance(kb: KnowledgeBase, treaty: Treaty, obligation: Obligation, attack: Attack) -> Verdict | None:
    """An assurance given to the attacked state (Budapest Memorandum para. 4: Russia, the UK and the
    US will seek Security Council action for Ukraine) owes it no defence: the verdict is ``not
    engaged`` with the stage ``assurances only, no duty to defend`` and a note saying what was
    assured, so the answer says so rather than staying silent. An assurance to someone else says
    nothing about this attack (no verdict)."""
    if obligation.protects != "all_members" and attack.attacked not in obligation.protects:
        return None
    label = obligation.article or obligation.id
    steps = [_in_force_step(treaty, obligation, attack), _membership_step(kb, treaty, attack)]
    givers = kb.members_on(treaty.id, attack.on) if obligation.binds == "all_members" else list(obligation.binds)
    givers = [g for g in givers if g != attack.attacked]
    applies = all(s.ok for s in steps)
    if applies:
        steps.append(Step(f"Does {label} oblige anyone to defend {attack.attacked}?",
                          f"no: {', '.join(givers)} gave {attack.attacked} an assurance, not a defence obligation "
                          f"({obligation.paraphrase.strip()})", False))
    verdict = Verdict(treaty.id, treaty.name, obligation.id, obligation.article, obligation.kind,
                      obligation.paraphrase, obligation.source, NOT_ENGAGED, steps)
    if applies:
        verdict.stage = ASSURANCES_ONLY
        verdict.note = (f"{treaty.name} gives assurances, not a defence obligation: none of {', '.join(givers)} "
                        f"undertook to defend {attack.attacked} ({label}: {obligation.paraphrase.strip()})")
    return verdict
