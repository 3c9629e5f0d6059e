// Small shared pieces: badges, event cards, form fields, scales.
import { h } from "./dom.js";
import { QUAD, TYPE_COLOURS } from "./api.js";

export function typeBadge(type) {
  return h("span", { class: ["type-badge", "quad-" + (QUAD[type] || 0)], style: { "--type-colour": TYPE_COLOURS[type] || "#999" } }, type || "?");
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

export function articleHref(ctx, e) {
  const params = { id: e.article_id };
  if (Number.isInteger(e.idx)) params.event = e.idx;
  else if (Array.isArray(e.evidence_span)) params.span = e.evidence_span.join("-");
  return ctx.hashFor("article", params);
}

/** One event with its evidence sentence (textContent only). */
export function eventCard(ctx, e, testid = "event-card") {
  return h("li", { class: "event-card", testid },
    h("div", { class: "event-meta" },
      h("span", { class: "date" }, eventDate(e)), " ",
      actorLabel(e.source), h("span", { class: "arrow", "aria-label": "to" }, " → "), actorLabel(e.target), " ",
      typeBadge(e.type), e.mode ? h("span", { class: "mode" }, e.mode) : null, " ", flags(e),
      typeof e.score === "number" ? h("span", { class: "score", title: "PLOVER score" }, (e.score > 0 ? "+" : "") + e.score) : null),
    h("blockquote", { class: "evidence", testid: "evidence" }, e.evidence || "(no evidence sentence)"),
    e.article_id ? h("div", { class: "event-source" },
      h("a", { href: articleHref(ctx, e), testid: "open-article" }, "Open article"), " ",
      h("span", { class: "muted" }, e.article_title || e.article_id)) : null);
}

export function field(label, input, hint) {
  return h("label", { class: "field" }, h("span", { class: "field-label" }, label), input,
    hint ? h("span", { class: "field-hint" }, hint) : null);
}

export function actorInput(name, value, testid, placeholder = "e.g. ARM") {
  const input = h("input", {
    name, value: value || "", list: "actor-list", autocomplete: "off", spellcheck: "false",
    placeholder, class: "actor-input", testid, pattern: "[A-Za-z0-9_]{2,12}", maxlength: 12,
  });
  input.addEventListener("input", () => {
    const pos = input.selectionStart;
    input.value = input.value.toUpperCase();
    input.setSelectionRange(pos, pos);
  });
  return input;
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

/** "Nice" ticks between lo and hi (inclusive). */
export function ticks(lo, hi, count = 5) {
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => Math.ceil(hi / s - 1e-9) - Math.floor(lo / s + 1e-9) <= count) || 10 * mag;
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
