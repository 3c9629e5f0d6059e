// Quotes: search by speaker, actor and text.
import { api, ACTOR_RE } from "./api.js";
import { h, clear } from "./dom.js";
import { actorInput, empty, field, pager, placeholder } from "./widgets.js";

export const title = "Quotes";
const PAGE = 50;

export async function render(root, params, ctx) {
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  const form = h("form", { class: "filters", testid: "quotes-form", role: "search" },
    field("Speaker", h("input", { name: "speaker", value: params.speaker || "", placeholder: "e.g. Pashinyan", testid: "quotes-speaker" })),
    field("Actor", actorInput("actor", params.actor, "quotes-actor", "speaker’s actor, e.g. RUS")),
    field("Text", h("input", { type: "search", name: "q", value: params.q || "", placeholder: "words in the quote", testid: "quotes-q" })),
    h("button", { type: "submit", class: "primary", testid: "quotes-submit" }, "Search"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    ctx.navigate("quotes", { speaker: f.speaker.value.trim(), actor: f.actor.value.trim().toUpperCase(), q: f.q.value.trim() });
  });
  const body = h("div", {});
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Quotes"), h("p", { class: "lede" }, "Who said what, in which article.")), form, body);
  if (params.actor && !ACTOR_RE.test(params.actor.toUpperCase())) { body.append(empty("Actor keys are 2–12 upper-case letters, digits or _.")); return; }
  body.append(placeholder("Loading quotes…"));
  const page = await api("quotes", { speaker: params.speaker, actor: (params.actor || "").toUpperCase(), q: params.q, limit: PAGE, offset });
  if (!ctx.isCurrent()) return;
  clear(body);
  if (!page.items.length) {
    const filtered = params.speaker || params.actor || params.q;
    body.append(empty(h("p", { testid: "quotes-empty" }, filtered ? "No quotes match this search." : "No quotes in the store."), filtered ? null : ctx.emptyHint()));
    return;
  }
  body.append(h("p", { class: "muted", testid: "quotes-count" }, `${page.total} quote${page.total === 1 ? "" : "s"}`),
    h("ol", { class: "quote-list", testid: "quote-list" }, page.items.map((q) => h("li", { class: "quote-card", testid: "quote" },
      h("blockquote", {}, "“", q.text || "", "”"),
      h("div", { class: "small" }, "— ", h("strong", {}, q.speaker || "unknown speaker"),
        q.speaker_actor ? [" (", h("a", { href: ctx.hashFor("quotes", { actor: q.speaker_actor }) }, q.speaker_actor), ")"] : null,
        q.cue ? h("span", { class: "muted" }, ", " + q.cue) : null,
        q.direct === false ? h("span", { class: "flag" }, "reported speech") : null,
        q.article_id ? [" · ", h("a", { href: ctx.hashFor("article", quoteTarget(q)) }, q.article_title || q.article_id)] : null,
        q.published ? h("span", { class: "muted" }, " · " + q.published) : null)))),
    pager(page.total, offset, PAGE, (o) => ctx.navigate("quotes", { ...params, offset: o || "" })));
}

function quoteTarget(q) {
  const p = { id: q.article_id };
  if (Number.isInteger(q.index)) p.quote = q.index;
  return p;
}
