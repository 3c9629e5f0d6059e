// Quotes: search by speaker, actor and text.
import { api } from "./api.js";
import { h, clear } from "./dom.js";
import { resolveViewActors } from "./actors.js";
import { actorInput, articleHref, empty, field, pager, placeholder } from "./widgets.js";

export const title = "Quotes";
const PAGE = 50;

export async function render(root, params, ctx) {
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  const form = h("form", { class: "filters", testid: "quotes-form", role: "search" },
    field("Speaker", h("input", { name: "speaker", value: params.speaker || "", placeholder: "e.g. Pashinyan", testid: "quotes-speaker" })),
    field("Actor", actorInput("actor", params.actor, "quotes-actor", "RUS or Russia")),
    field("Text", h("input", { type: "search", name: "q", value: params.q || "", placeholder: "words in the quote", testid: "quotes-q" })),
    h("button", { type: "submit", class: "primary", testid: "quotes-submit" }, "Search"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    ctx.navigate("quotes", { speaker: f.speaker.value.trim(), actor: f.actor.value.trim(), q: f.q.value.trim() });
  });
  const body = h("div", {});
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Quotes"), h("p", { class: "lede" }, "Who said what, in which article.")), form, body);

  const keys = await resolveViewActors(ctx, "quotes", params, [{ name: "actor", label: "Actor" }], body);
  if (!keys) return;
  const { actor } = keys;
  form.elements.actor.value = actor;

  body.append(placeholder("Loading quotes…"));
  const page = await api("quotes", { speaker: params.speaker, actor, q: params.q, limit: PAGE, offset });
  if (!ctx.isCurrent()) return;
  clear(body);
  if (!page.items.length) {
    const filtered = params.speaker || actor || params.q;
    body.append(empty(h("p", { testid: "quotes-empty" }, filtered ? "No quotes match this search." : "No quotes in the store."), filtered ? null : ctx.emptyHint()));
    return;
  }
  body.append(h("p", { class: "muted", testid: "quotes-count" }, `${page.total} quote${page.total === 1 ? "" : "s"}`),
    h("ol", { class: "quote-list", testid: "quote-list" }, page.items.map((q) => h("li", { class: "quote-card", testid: "quote", dataset: { article: q.article_key, idx: q.idx } },
      h("blockquote", { testid: "quote-text" }, "“", q.text || "", "”"),
      h("div", { class: "small" }, "— ", h("strong", {}, q.speaker || "unknown speaker"),
        q.speaker_actor ? [" (", h("a", { href: ctx.hashFor("quotes", { actor: q.speaker_actor }) }, q.speaker_actor), ")"] : null,
        q.cue ? h("span", { class: "muted" }, ", " + q.cue) : null,
        q.direct === false ? h("span", { class: "flag" }, "reported speech") : null,
        q.article_key || q.article_id ? [" · ", h("a", { href: articleHref(ctx, q, "quote"), testid: "quote-article" }, q.article_title || q.article_id)] : null,
        q.published ? h("span", { class: "muted" }, " · " + q.published) : null)))),
    pager(page.total, offset, PAGE, (o) => ctx.navigate("quotes", { ...params, offset: o || "" })));
}
