// Alliance view: members and their status over time (legal membership and participation),
// obligations, the requests-and-responses ledger, and the obligation check.
import { api, DATE_RE } from "./api.js";
import { h, s, clear, extLink } from "./dom.js";
import { ActorNotFound, actorProblem, resolveActors } from "./actors.js";
import { actorInput, articleHref, dateInput, empty, field, placeholder, typeBadge, flags } from "./widgets.js";

export const title = "Alliances";

const today = () => new Date().toISOString().slice(0, 10);

export async function render(root, params, ctx) {
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Alliances"),
    h("p", { class: "lede" }, "Who is in, frozen or out, what the treaty obliges, which requests for help the news reports and what followed, and whether an attack engages the treaty.")));
  const pickerSlot = h("div", { class: "filters" });
  const body = h("div", { class: "alliance-body" });
  root.append(pickerSlot, body);
  pickerSlot.append(placeholder("Loading alliances…"));

  const list = await api("alliances");
  if (!ctx.isCurrent()) return;
  const wanted = (params.id || "").toLowerCase();
  const current = (wanted && list.find((t) => t.id.toLowerCase() === wanted || (t.organisation || "").toLowerCase() === wanted)) || null;
  const select = h("select", { testid: "alliance-select", name: "id", "aria-label": "Alliance" },
    h("option", { value: "", selected: !current }, "— choose an alliance —"),
    list.map((t) => h("option", { value: t.id, selected: current && t.id === current.id },
      `${t.organisation ? t.organisation + " — " : ""}${t.name} (${(t.members || []).length} members)`)));
  const onInput = dateInput("on", params.on, "alliance-on");
  const pick = h("form", { class: "inline-form", testid: "alliance-form" },
    field("Alliance", select), field("Status on", onInput, "default: today"),
    h("button", { type: "submit", class: "primary" }, "Show"));
  pick.addEventListener("submit", (ev) => { ev.preventDefault(); ctx.navigate("alliance", { id: select.value, on: onInput.value }); });
  select.addEventListener("change", () => ctx.navigate("alliance", { id: select.value, on: onInput.value }));
  clear(pickerSlot).append(pick);

  if (!current) {
    if (params.id) body.append(empty(`No alliance “${params.id}” in the knowledge base.`));
    body.append(h("ul", { class: "alliance-cards", testid: "alliance-list" }, list.map((t) => h("li", {},
      h("a", { href: ctx.hashFor("alliance", { id: t.id }) }, h("strong", {}, t.organisation || t.id), " ", t.name),
      h("div", { class: "muted small" }, (t.members || []).join(", "))))));
    if (!list.length) body.append(empty("The knowledge base has no treaties."));
    return;
  }

  const on = params.on && DATE_RE.test(params.on) ? params.on : today();
  body.append(placeholder(`Loading ${current.organisation || current.name}…`));
  const detail = await api("alliances/" + encodeURIComponent(current.id), { on: params.on && DATE_RE.test(params.on) ? params.on : "" });
  if (!ctx.isCurrent()) return;
  clear(body);
  const treaty = detail.treaty || detail;
  const obligations = detail.obligations || treaty.obligations || [];
  const members = normMembers(detail);
  const orgKey = treaty.organisation || current.organisation || treaty.id || current.id;

  body.append(
    h("section", { class: "card treaty", testid: "treaty" },
      h("h2", {}, treaty.name || current.name),
      h("p", { class: "small" },
        [treaty.organisation ? ["Organisation ", h("strong", {}, treaty.organisation), " · "] : null,
          treaty.kind ? treaty.kind + " · " : "", treaty.signed ? "signed " + treaty.signed + " · " : "",
          treaty.in_force ? "in force " + treaty.in_force + " · " : "", treaty.source ? extLink(treaty.source, "source") : null]),
      treaty.scope && treaty.scope.paraphrase ? h("p", { class: "small" }, h("strong", {}, "Scope: "), treaty.scope.paraphrase,
        treaty.scope.source ? [" ", extLink(treaty.scope.source, "source")] : null) : null),
    membersSection(members, on, treaty),
    obligationsSection(obligations));

  const ledgerBox = h("section", { class: "card", testid: "ledger" }, h("h2", {}, "Requests and responses"), placeholder("Loading the ledger…"));
  const checkBox = checkSection(ctx, params, current, treaty);
  body.append(checkBox, ledgerBox);
  loadLedger(ledgerBox, ctx, orgKey);
}

// --- members ------------------------------------------------------------------------------

/** Accepts {members: [{member, legal:[...], participation:[...]}]}, {members:[{member, intervals}]},
 *  {history: {ARM: [interval, ...]}} or {memberships: [interval]}: the contract does not fix the shape. */
export function normMembers(d) {
  const out = new Map();
  const row = (key) => {
    if (!out.has(key)) out.set(key, { key, name: null, legal: [], participation: [] });
    return out.get(key);
  };
  const add = (key, iv, layer) => {
    if (!key || !iv || typeof iv !== "object") return;
    const l = iv.layer || layer || "legal";
    const r = row(key);
    (l === "participation" ? r.participation : r.legal).push(iv);
  };
  if (Array.isArray(d.members)) {
    for (const m of d.members) {
      if (typeof m === "string") { row(m); continue; }
      const key = m.member || m.key || m.actor || m.id;
      if (!key) continue;
      const r = row(key);
      r.name = m.name || r.name;
      for (const layer of ["legal", "participation"]) {
        const v = m[layer];
        if (Array.isArray(v)) v.forEach((iv) => add(key, iv, layer));
        else if (v && typeof v === "object" && !Array.isArray(v)) {
          if (Array.isArray(v.intervals)) v.intervals.forEach((iv) => add(key, iv, layer));
          else if (v.status) add(key, v, layer);
        }
      }
      for (const k of ["intervals", "history", "statuses", "memberships"]) if (Array.isArray(m[k])) m[k].forEach((iv) => add(key, iv));
    }
  }
  if (d.history && typeof d.history === "object" && !Array.isArray(d.history)) {
    for (const [key, ivs] of Object.entries(d.history)) (ivs || []).forEach((iv) => add(key, iv));
  }
  if (Array.isArray(d.memberships)) d.memberships.forEach((iv) => add(iv.member, iv));
  for (const r of out.values()) {
    const dedupe = (ivs) => [...new Map(ivs.map((iv) => [iv.status + "|" + iv.start + "|" + iv.end, iv])).values()]
      .sort((x, y) => (floorDay(x.start) < floorDay(y.start) ? -1 : 1));
    r.legal = dedupe(r.legal);
    r.participation = dedupe(r.participation);
  }
  return [...out.values()];
}

function floorDay(d) {
  if (!d) return "0000-01-01";
  return d.length === 4 ? d + "-01-01" : d.length === 7 ? d + "-01" : d;
}
function ceilDay(d) {
  if (!d) return "9999-12-31";
  if (d.length === 4) return d + "-12-31";
  if (d.length === 7) {
    const [y, m] = d.split("-").map(Number);
    return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  }
  return d;
}
const covers = (iv, on) => floorDay(iv.start) <= on && ceilDay(iv.end) >= on;
const statusOn = (ivs, on) => ivs.find((iv) => covers(iv, on)) || null;

function membersSection(members, on, treaty) {
  const sec = h("section", { class: "card", testid: "members" }, h("h2", {}, "Members and status over time"));
  if (!members.length) { sec.append(empty("The knowledge base records no members for this treaty.")); return sec; }
  const firstStart = (m) => floorDay((m.legal[0] || m.participation[0] || {}).start);
  members.sort((x, y) => (firstStart(x) < firstStart(y) ? -1 : firstStart(x) > firstStart(y) ? 1 : x.key < y.key ? -1 : 1));
  sec.append(timeline(members, on, treaty), legendStatus(), statusTable(members, on));
  return sec;
}

const STATUS_CLASS = (layer, status) => `st-${layer}-${String(status || "unknown").replace(/[^a-z_]/gi, "")}`;

function timeline(members, on, treaty) {
  const all = members.flatMap((m) => [...m.legal, ...m.participation]);
  const starts = all.map((iv) => floorDay(iv.start)).concat(treaty.signed ? [floorDay(treaty.signed)] : []);
  const t0 = new Date(starts.sort()[0] + "T00:00:00Z");
  const endCandidates = all.map((iv) => (iv.end ? ceilDay(iv.end) : today())).concat([today(), on]);
  const t1 = new Date(endCandidates.sort().slice(-1)[0] + "T00:00:00Z");
  t1.setUTCMonth(t1.getUTCMonth() + 6);
  const W = 1120, rowH = 24, M = { top: 36, left: 70, right: 16, bottom: 8 };
  const H = M.top + members.length * rowH + M.bottom;
  const pw = W - M.left - M.right;
  const x = (iso) => M.left + ((new Date(iso + "T00:00:00Z") - t0) / (t1 - t0)) * pw;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart timeline", role: "img",
    "aria-label": "Membership (thin bar) and participation (thick bar) of each member over time", testid: "member-timeline" });
  const y0 = t0.getUTCFullYear(), y1 = t1.getUTCFullYear();
  const step = Math.max(1, Math.ceil((y1 - y0) / 14));
  for (let y = Math.ceil(y0 / step) * step; y <= y1; y += step) {
    const xx = x(`${y}-01-01`);
    if (xx < M.left) continue;
    svg.append(s("line", { x1: xx, x2: xx, y1: 16, y2: H - M.bottom, class: "grid" }),
      s("text", { x: xx, y: 12, class: "axis-label", "text-anchor": "middle" }, String(y)));
  }
  members.forEach((m, i) => {
    const y = M.top + i * rowH;
    const g = s("g", { class: "tl-row", testid: "timeline-row", dataset: { member: m.key } },
      s("text", { x: M.left - 8, y: y + 15, class: "tl-label", "text-anchor": "end" }, m.key));
    for (const iv of m.legal) {
      const a = x(floorDay(iv.start)), b = x(iv.end ? ceilDay(iv.end) : today());
      g.append(s("rect", { x: a, y: y + 2, width: Math.max(2, b - a), height: 5, rx: 1, class: ["tl-legal", STATUS_CLASS("legal", iv.status)], testid: "legal-bar" },
        s("title", {}, `${m.key} legal: ${iv.status} ${iv.start} – ${iv.end || "now"}${iv.note ? "\n" + iv.note : ""}`)));
    }
    for (const iv of m.participation) {
      const a = x(floorDay(iv.start)), b = x(iv.end ? ceilDay(iv.end) : today());
      g.append(s("rect", { x: a, y: y + 9, width: Math.max(2, b - a), height: 11, rx: 2, class: ["tl-part", STATUS_CLASS("participation", iv.status)], testid: "participation-bar", dataset: { status: iv.status, start: iv.start } },
        s("title", {}, `${m.key} participation: ${iv.status} ${iv.start} – ${iv.end || "now"}${iv.note ? "\n" + iv.note : ""}`)));
    }
    if (!m.participation.length) {
      // No separate participation record: the legal membership is all the KB says.
      for (const iv of m.legal.filter((l) => l.status === "member")) {
        const a = x(floorDay(iv.start)), b = x(iv.end ? ceilDay(iv.end) : today());
        g.append(s("rect", { x: a, y: y + 9, width: Math.max(2, b - a), height: 11, rx: 2, class: "tl-part st-participation-implied" },
          s("title", {}, `${m.key}: member ${iv.start} – ${iv.end || "now"}; no separate participation record`)));
      }
    }
    svg.append(g);
  });
  const xo = x(on);
  svg.append(s("line", { x1: xo, x2: xo, y1: M.top - 6, y2: H - M.bottom, class: "on-line" }),
    s("text", { x: xo - 3, y: M.top - 6, class: "axis-label on-label", "text-anchor": "end" }, "status on " + on));
  return h("div", { class: "chart-box" }, svg);
}

function legendStatus() {
  const item = (cls, text) => h("span", { class: "legend-item" }, h("span", { class: ["swatch", cls] }), text);
  return h("div", { class: "legend", testid: "status-legend" },
    item("st-legal-member thin", "legal member"), item("st-legal-withdrawn thin", "withdrawn / expelled (legal)"),
    item("st-participation-active", "active"), item("st-participation-frozen", "frozen"),
    item("st-participation-suspended", "suspended"), item("st-participation-withdrawn", "withdrawn"),
    item("st-participation-implied", "member (no participation record)"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch on" }), "status date"));
}

function describe(ivs, on) {
  const cur = statusOn(ivs, on);
  if (cur) return { status: cur.status, text: `${cur.status} since ${cur.start}${cur.end ? " (until " + cur.end + ")" : ""}`, iv: cur };
  const past = ivs.filter((iv) => ceilDay(iv.end) < on).slice(-1)[0];
  if (past) return { status: "none", text: `not in force (last: ${past.status} ${past.start} – ${past.end})`, iv: past };
  const future = ivs.find((iv) => floorDay(iv.start) > on);
  if (future) return { status: "none", text: `not yet (${future.status} from ${future.start})`, iv: future };
  return { status: "none", text: "—", iv: null };
}

function statusTable(members, on) {
  return h("table", { class: "data status-table", testid: "status-table" },
    h("caption", {}, `Status on ${on}`),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Member"), h("th", { scope: "col" }, "Legal"), h("th", { scope: "col" }, "Participation"), h("th", { scope: "col" }, "Note"))),
    h("tbody", {}, members.map((m) => {
      const legal = describe(m.legal, on);
      const part = m.participation.length ? describe(m.participation, on) : { status: "none", text: "not recorded separately", iv: null };
      const note = (part.iv && part.iv.note) || (legal.iv && legal.iv.note) || "";
      const src = (part.iv && part.iv.source) || (legal.iv && legal.iv.source);
      return h("tr", { testid: "member-status-" + m.key, dataset: { member: m.key, legal: legal.status, participation: part.status } },
        h("th", { scope: "row" }, m.key),
        h("td", {}, h("span", { class: ["pill", STATUS_CLASS("legal", legal.status)] }, legal.text)),
        h("td", { testid: "participation-" + m.key }, h("span", { class: ["pill", STATUS_CLASS("participation", part.status)] }, part.text)),
        h("td", { class: "small" }, note, src ? [" ", extLink(src, "source")] : null));
    })));
}

// --- obligations ---------------------------------------------------------------------------

function obligationsSection(obligations) {
  const sec = h("section", { class: "card", testid: "obligations" }, h("h2", {}, "Obligations"));
  if (!obligations.length) { sec.append(empty("No obligations recorded.")); return sec; }
  const who = (v) => (Array.isArray(v) ? v.join(", ") : v === "all_members" ? "all members" : v || "—");
  sec.append(h("table", { class: "data obligations" },
    h("colgroup", {}, h("col", { style: { width: "90px" } }), h("col", { style: { width: "120px" } }), h("col", {}), h("col", { style: { width: "230px" } })),
    h("thead", {}, h("tr", {}, ["Article", "Kind", "Paraphrase", "Conditions"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, obligations.map((o) => h("tr", { testid: "obligation", dataset: { id: o.id } },
      h("td", { class: "nowrap" }, o.article || o.id), h("td", {}, h("span", { class: "pill kind-" + o.kind }, o.kind)),
      h("td", {}, o.paraphrase || "", o.source ? [" ", extLink(o.source, "source")] : null),
      h("td", { class: "small" }, h("ul", { class: "plain" },
        h("li", {}, "binds: " + who(o.binds)), h("li", {}, "protects: " + who(o.protects)),
        o.request_required !== undefined ? h("li", {}, o.request_required ? "help on request" : "no request needed") : null,
        o.location_specific !== undefined ? h("li", {}, o.location_specific ? "only within the scope" : "anywhere") : null,
        o.adversary_specific ? h("li", {}, "aimed at: " + who(o.adversary_specific)) : null,
        o.covers_attacks_by_members !== undefined ? h("li", {}, o.covers_attacks_by_members ? "covers attacks by members" : "not attacks by members") : null)))))));
  return sec;
}

// --- obligation check -----------------------------------------------------------------------

function checkSection(ctx, params, current, treaty) {
  const out = h("div", { class: "verdicts", testid: "verdicts", "aria-live": "polite" });
  const form = h("form", { class: "filters", testid: "obligation-form" },
    field("Attacked", actorInput("attacked", params.attacked, "ob-attacked", "ARM or Armenia")),
    field("By", actorInput("by", params.by, "ob-by", "AZE or Azerbaijan")),
    field("Where", h("input", { name: "where", value: params.where || "", placeholder: "e.g. Jermuk (blank: own territory)", testid: "ob-where" })),
    field("On", dateInput("date", params.date, "ob-on")),
    h("button", { type: "submit", class: "primary", testid: "ob-submit" }, "Check obligations"));
  const sec = h("section", { class: "card", testid: "obligation-check" }, h("h2", {}, "Obligation check"),
    h("p", { class: "small muted" }, "Does an attack engage the attacked state’s treaties? Each defence and consultation obligation gets a verdict with its steps and, where the zone is disputed, the readings."),
    form, out);
  const run = async (q) => {
    clear(out);
    if (!q.attacked) { out.append(empty("Enter the attacked state (e.g. ARM or Armenia).")); return; }
    if (!DATE_RE.test(q.date)) { out.append(empty("Enter the date of the attack.")); return; }
    let keys;
    try {
      keys = await resolveActors(ctx, [{ name: "attacked", label: "Attacked", text: q.attacked }, { name: "by", label: "By", text: q.by }]);
    } catch (e) {
      if (!(e instanceof ActorNotFound)) throw e;
      out.append(actorProblem(e, (name, key) => { form.elements[name].value = key; form.requestSubmit(); }));
      return;
    }
    if (!ctx.isCurrent()) return;
    form.elements.attacked.value = keys.attacked;
    form.elements.by.value = keys.by;
    ctx.replaceParams("alliance", { id: params.id, on: params.on, ...q, ...keys });
    out.append(placeholder("Checking…"));
    const verdicts = await api("obligations", { attacked: keys.attacked, by: keys.by, where: q.where, on: q.date });
    if (!ctx.isCurrent()) return;
    clear(out);
    const attacked = keys.attacked;
    if (!verdicts.length) { out.append(empty(`${attacked} has no defence or consultation obligations in force on ${q.date}.`)); return; }
    // what the verdicts assumed (no place given: the state's own territory), as the API says it
    if (verdicts[0].note) out.append(h("p", { class: "small note", testid: "obligation-note" }, verdicts[0].note));
    const mine = (v) => v.treaty === treaty.id || v.treaty === current.id;
    const ours = verdicts.filter(mine), others = verdicts.filter((v) => !mine(v));
    if (ours.length) out.append(h("h3", {}, treaty.name || current.name), ...ours.map((v) => verdictCard(v)));
    else out.append(empty(`${treaty.organisation || treaty.name} does not oblige anyone toward ${attacked} on ${q.date}.`));
    if (others.length) out.append(h("h3", {}, `Other treaties of ${attacked}`), ...others.map((v) => verdictCard(v)));
  };
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const q = { attacked: f.attacked.value.trim(), by: f.by.value.trim(), where: f.where.value.trim(), date: f.date.value };
    ctx.replaceParams("alliance", { id: params.id, on: params.on, ...q });
    run(q).catch(ctx.showError);
  });
  if (params.attacked && params.date) {
    run({ attacked: params.attacked, by: params.by || "", where: params.where || "", date: params.date }).catch(ctx.showError);
  }
  return sec;
}

const OK_ICON = (ok) => (ok === true ? "✓" : ok === false ? "✗" : "?");

function verdictCard(v) {
  return h("article", { class: ["verdict", "verdict-" + String(v.verdict).replace(/\s+/g, "-")], testid: "verdict", dataset: { treaty: v.treaty, obligation: v.obligation, verdict: v.verdict } },
    h("header", {},
      h("span", { class: "verdict-value", testid: "verdict-value" }, v.verdict),
      h("strong", {}, " ", v.treaty_name || v.treaty, ", ", v.article || v.obligation), " ",
      h("span", { class: "pill kind-" + v.kind }, v.kind),
      v.stage ? h("span", { class: "pill stage", testid: "verdict-stage" }, v.stage) : null),
    v.bound && (v.bound.length || (v.not_bound || []).length) ? h("p", { class: "small", testid: "verdict-bound" },
      "Bound: " + (v.bound.join(", ") || "nobody"),
      ...(v.not_bound || []).map((n) => h("span", {}, " · not bound: " + n.reason))) : null,
    h("ol", { class: "steps", testid: "verdict-steps" }, (v.steps || []).map((st) => h("li", { class: "step ok-" + String(st.ok) },
      h("span", { class: "ok-icon", "aria-label": st.ok === true ? "passes" : st.ok === false ? "fails" : "open" }, OK_ICON(st.ok)), " ",
      h("span", { class: "q" }, st.question), " ", h("span", { class: "a" }, st.answer)))),
    v.readings && v.readings.length ? h("table", { class: "data readings", testid: "verdict-readings" },
      h("caption", {}, "Readings of the zone"),
      h("tbody", {}, v.readings.map((r) => h("tr", {},
        h("th", { scope: "row" }, r.name),
        h("td", { class: "inside-" + String(r.inside) }, r.inside === true ? "inside" : r.inside === false ? "outside" : "unclear"),
        h("td", { class: "small" }, r.reason))))) : null,
    h("details", { class: "small" }, h("summary", {}, "Paraphrase"), h("p", {}, v.paraphrase || ""), v.source ? extLink(v.source, "source") : null));
}

// --- ledger ---------------------------------------------------------------------------------

async function loadLedger(box, ctx, alliance) {
  let entries;
  try {
    entries = await api("ledger", { alliance });
  } catch (e) {
    clear(box).append(h("h2", {}, "Requests and responses"), empty("Could not load the ledger: " + e.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(box).append(h("h2", {}, `Requests and responses (${entries.length})`),
    h("p", { class: "small muted" }, "Requests for help to the alliance or its members found in the stored articles, and the events that followed within the window."));
  if (!entries.length) {
    box.append(empty(`No requests for help to ${alliance} in the stored articles.`, ctx.health && !ctx.health.events ? ctx.emptyHint() : null));
    return;
  }
  const cite = (c) => h("div", { class: "cite" }, h("blockquote", { class: "evidence" }, c.evidence || ""),
    h("span", { class: "small muted" }, c.date || "undated", c.date_basis ? ` (dated by ${c.date_basis})` : "", " · "),
    c.article || c.article_key ? h("a", { class: "small", testid: "ledger-article",
      href: articleHref(ctx, { article_key: c.article_key, article_id: c.article, idx: c.idx }) }, "article") : null);
  box.append(h("ol", { class: "ledger" }, entries.map((e) => h("li", { class: "ledger-entry", testid: "ledger-entry" },
    h("header", {}, h("strong", {}, `${e.requester} → ${e.addressee}`), " ", h("span", { class: "date" }, e.date || "undated"), " · ",
      h("span", { class: ["outcome", /aid delivered/.test(e.outcome || "") ? "good" : /no response/.test(e.outcome || "") ? "none" : "bad"], testid: "ledger-outcome" }, e.outcome || "")),
    h("div", { class: "ledger-cols" },
      h("div", {}, h("h4", {}, `Request${(e.requests || []).length === 1 ? "" : "s"}`), (e.requests || []).map(cite)),
      h("div", {}, h("h4", {}, "Responses"), (e.responses || []).length ? (e.responses || []).map((r) => h("div", { class: "response" },
        h("div", {}, h("span", { class: "pill" }, r.kind), " ", r.source, " → ", r.target || "—", " ", typeBadge(r.type), " ", flags(r)),
        r.citation ? cite(r.citation) : null)) : h("p", { class: "muted small" }, "none reported")))))));
}
