// Small shared pieces: badges, event cards, form fields, scales.
import { h } from "./dom.js";
import { colourOf, quadOf } from "./plover.js";

export function typeBadge(type) {
  return h("span", { class: ["type-badge", "quad-" + quadOf(type)], style: { "--type-colour": colourOf(type) } }, type || "?");
}

export function actorLabel(key) {
  return h("span", { class: "actor" }, key || "—");
}

export function flags(e) {
  const out = [];
  if (e.negated) out.push(h("span", { class: "flag flag-negated", title: "The text says this did not happen" }, "negated"));
  if (e.hypothetical) out.push(h("span", { class: "flag flag-hypo", title: "Conditional or only possible" }, "hypothetical"));
  return out;
}

export function eventDate(e) {
  return e.date || (e.date_start ? e.date_start + (e.date_end && e.date_end !== e.date_start ? " – " + e.date_end : "") : "undated");
}

/**
 * The article view of an event or quote. An event is (article_key, idx) end to end: the link carries
 * the article's content key and the event's stored idx, and the article view outlines the mark of
 * that idx (never a position counted in some other order). `what` is "event" or "quote".
 */
export function articleHref(ctx, item, what = "event") {
  const params = item.article_key ? { key: item.article_key } : { id: item.article_id };
  if (Number.isInteger(item.idx)) params[what] = item.idx;
  return ctx.hashFor("article", params);
}

/** The score an event counts for, as the API computed it (pactwatch.plover.event_score). */
export function scoreText(e) {
  return typeof e.score === "number" ? (e.score > 0 ? "+" : "") + fmtScore(e.score) : "";
}
const fmtScore = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

/** One event with its evidence sentence (textContent only). */
export function eventCard(ctx, e, testid = "event-card") {
  return h("li", { class: "event-card", testid },
    h("div", { class: "event-meta" },
      h("span", { class: "date" }, eventDate(e)), " ",
      actorLabel(e.source), h("span", { class: "arrow", "aria-label": "to" }, " → "), actorLabel(e.target), " ",
      typeBadge(e.type), e.mode ? h("span", { class: "mode" }, e.mode) : null, " ", flags(e),
      typeof e.score === "number" ? h("span", { class: "score", testid: "event-score", title: "PLOVER score (0 when negated or hypothetical)" }, scoreText(e)) : null),
    h("blockquote", { class: "evidence", testid: "evidence" }, e.evidence || "(no evidence sentence)"),
    e.article_id ? h("div", { class: "event-source" },
      h("a", { href: articleHref(ctx, e), testid: "open-article" }, "Open article"), " ",
      h("span", { class: "muted" }, e.article_title || e.article_id)) : null);
}

export function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input,
    hint ? h("span", { class: "field-hint" }, hint) : null);
}

/** A key or a name ("ARM", "arm", "Armenia"); views resolve it with actors.js before querying. */
export function actorInput(name, value, testid, placeholder = "ARM or Armenia") {
  return h("input", {
    name, value: value || "", list: "actor-list", autocomplete: "off", spellcheck: "false",
    placeholder, class: "actor-input", testid, maxlength: 100, title: "An actor key (ARM, CSTO) or name (Armenia)",
  });
}

export function dateInput(name, value, testid) {
  return h("input", { type: "date", name, value: value || "", testid });
}

export function placeholder(text = "Loading…") {
  return h("p", { class: "placeholder", testid: "placeholder" }, h("span", { class: "spinner", "aria-hidden": "true" }), " ", text);
}

export function empty(...children) {
  return h("div", { class: "empty", testid: "empty" }, ...children);
}

/** "Nice" ticks between lo and hi (inclusive); `integer` for counts, whose axis has no 0.5. */
export function ticks(lo, hi, count = 5, { integer = false } = {}) {
  if (hi === lo) hi = lo + 1;
  const raw = Math.max((hi - lo) / count, integer ? 1 : 0);
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).filter((st) => !integer || Number.isInteger(st)).find((s) => Math.ceil(hi / s - 1e-9) - Math.floor(lo / s + 1e-9) <= count) || 10 * mag;
  const out = [];
  // Extend to whole steps so that the extremes stay inside the axis.
  const first = Math.floor(lo / step + 1e-9) * step, last = Math.ceil(hi / step - 1e-9) * step;
  for (let v = first; v <= last + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

export function pager(total, offset, limit, go, testid = "pager") {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return h("nav", { class: "pager", testid, "aria-label": "Pages" },
    h("button", { type: "button", disabled: offset <= 0, onClick: () => go(Math.max(0, offset - limit)), testid: testid + "-prev" }, "‹ Previous"),
    h("span", { class: "pager-info" }, `Page ${page} of ${pages} · ${total} total`),
    h("button", { type: "button", disabled: offset + limit >= total, onClick: () => go(offset + limit), testid: testid + "-next" }, "Next ›"));
}

/**
 * A colour for a PLOVER cooperation–conflict score on the manual's scale (−10 conflict … +10
 * cooperation): red below zero, grey at zero (REQUEST, or negated and hypothetical events), teal above.
 */
export function scoreColour(score) {
  if (score === null || score === undefined || Number.isNaN(score)) return "rgb(150,150,150)";
  const t = Math.max(-1, Math.min(1, score / 10));
  const grey = [150, 150, 150], coop = [27, 140, 160], conflict = [215, 48, 39];
  const [c0, c1, u] = t < 0 ? [grey, conflict, -t] : [grey, coop, t];
  // a square root so that small means (±1–3, common for mixed ties) still read as a side
  const k = Math.sqrt(u);
  const mix = (i) => Math.round(c0[i] + (c1[i] - c0[i]) * k);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}
