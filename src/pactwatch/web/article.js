// Article view: text_clean with each event's evidence and each quote highlighted by splitting the
// text at the span offsets into text nodes and <mark> elements; events and quotes listed beside it.
import { api, ApiError } from "./api.js";
import { h, clear, extLink, highlight } from "./dom.js";
import { empty, eventDate, flags, pager, placeholder, scoreText, typeBadge } from "./widgets.js";

export const title = "Articles";
const PAGE = 50;

export async function render(root, params, ctx) {
  // An article is named by its content key (unambiguous; what event and quote links carry) or by its id.
  const ref = params.key || params.id;
  if (!ref) return renderList(root, params, ctx);
  root.append(placeholder("Loading article…"));
  let art;
  try {
    art = await api("article/" + encodeURIComponent(ref));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    clear(root).append(h("h1", {}, "Article not found"),
      empty(h("p", {}, `No article “${ref}”. `, h("a", { href: ctx.hashFor("article") }, "See all articles"), ".")));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(root);
  const text = art.text_clean || "";
  // Events and quotes are numbered by their stored idx, the one identity the links carry.
  const byIdx = (x, y) => x.idx - y.idx;
  const events = (art.events || []).slice().sort(byIdx);
  const quotes = (art.quotes || []).slice().sort(byIdx);
  const tgt = (t) => (Array.isArray(t) ? t.join(", ") : t || "—");
  const spans = [
    ...events.map((e) => ({ ...range(e.evidence_span), kind: "event", index: e.idx,
      label: `Event ${e.idx + 1}: ${e.source || "?"} ${e.type} ${tgt(e.target)}${e.negated ? " (negated)" : ""}${e.hypothetical ? " (hypothetical)" : ""}` })),
    ...quotes.map((q) => ({ ...range(q.span), kind: "quote", index: q.idx,
      label: `Quote ${q.idx + 1} — ${q.speaker || "unknown speaker"}${q.speaker_actor ? " (" + q.speaker_actor + ")" : ""}` })),
  ];

  const textEl = h("div", { class: "article-text", testid: "article-text", lang: "en" });
  textEl.append(highlight(text, spans));
  if (!text) textEl.append(h("p", { class: "muted" }, "(this article has no text)"));

  const focusMark = (kind, idx) => {
    for (const m of textEl.querySelectorAll("mark.active")) m.classList.remove("active");
    const marks = [...textEl.querySelectorAll(`mark[data-${kind}~="${idx}"]`)];
    marks.forEach((m) => m.classList.add("active"));
    textEl.dataset.active = `${kind}:${idx}`;
    if (marks[0]) {
      marks[0].scrollIntoView({ block: "center" });
      marks[0].setAttribute("tabindex", "-1");
      marks[0].focus({ preventScroll: true });
    }
  };

  const eventList = h("ol", { class: "side-list", testid: "article-events" }, events.map((e) => h("li", { testid: "article-event", dataset: { idx: e.idx } },
    h("button", { type: "button", class: "side-item", onClick: () => focusMark("events", e.idx), title: "Show the evidence in the text" },
      h("span", { class: "idx" }, String(e.idx + 1)), " ", h("span", { class: "date" }, eventDate(e)), " ",
      e.source || "?", " → ", tgt(e.target), " ", typeBadge(e.type), " ", flags(e),
      typeof e.score === "number" ? h("span", { class: "score" }, scoreText(e)) : null),
    h("div", { class: "small muted side-evidence" }, e.evidence || ""))));
  const quoteList = h("ol", { class: "side-list", testid: "article-quotes" }, quotes.map((q) => h("li", { testid: "article-quote", dataset: { idx: q.idx } },
    h("button", { type: "button", class: "side-item", onClick: () => focusMark("quotes", q.idx), title: "Show the quote in the text" },
      h("span", { class: "idx quote-idx" }, String(q.idx + 1)), " ", h("strong", { testid: "quote-speaker" }, q.speaker || "unknown speaker"),
      q.speaker_actor ? h("span", { class: "muted" }, ` (${q.speaker_actor})`) : null, q.cue ? h("span", { class: "muted" }, ` ${q.cue}`) : null),
    h("div", { class: "small side-evidence" }, "“", q.text || "", "”"))));

  root.append(
    h("header", { class: "view-head" },
      h("p", { class: "small" }, h("a", { href: ctx.hashFor("article") }, "← All articles")),
      h("h1", { testid: "article-title" }, art.title || art.id),
      h("p", { class: "small muted", testid: "article-meta" }, [art.outlet, art.published ? "published " + art.published : "no publication date", "id " + art.id].filter(Boolean).join(" · "),
        art.url ? [" · ", extLink(art.url, "original")] : null)),
    h("div", { class: "legend" },
      h("span", { class: "legend-item" }, h("mark", { class: "hl-event" }, "evidence"), " an event’s evidence sentence"),
      h("span", { class: "legend-item" }, h("mark", { class: "hl-quote" }, "quote"), " a quotation (hover for the speaker)"),
      h("span", { class: "legend-item" }, h("mark", { class: "hl-event hl-quote" }, "both"))),
    h("div", { class: "split article-split" },
      h("article", { class: "card" }, textEl),
      h("aside", { class: "article-side" },
        h("h2", {}, `Events (${events.length})`), events.length ? eventList : h("p", { class: "muted" }, "No events found in this article."),
        h("h2", {}, `Quotes (${quotes.length})`), quotes.length ? quoteList : h("p", { class: "muted" }, "No quotations found."))));

  const wanted = (v) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  if (wanted(params.event) !== null) focusMark("events", wanted(params.event));
  else if (wanted(params.quote) !== null) focusMark("quotes", wanted(params.quote));
}

function range(span) {
  return Array.isArray(span) && span.length === 2 ? { start: span[0], end: span[1] } : { start: null, end: null };
}

async function renderList(root, params, ctx) {
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Articles"), h("p", { class: "lede" }, "Open an article to read it with its events and quotes highlighted.")));
  const body = h("div", {}, placeholder("Loading articles…"));
  root.append(body);
  const page = await api("articles", { limit: PAGE, offset });
  if (!ctx.isCurrent()) return;
  clear(body);
  if (!page.items.length) { body.append(empty(h("p", {}, "No articles yet."), ctx.emptyHint())); return; }
  body.append(h("table", { class: "data", testid: "articles-table" },
    h("thead", {}, h("tr", {}, ["Title", "Outlet", "Published", "Events", "Quotes"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, page.items.map((a) => h("tr", { testid: "article-row" },
      h("td", {}, h("a", { href: ctx.hashFor("article", a.article_key ? { key: a.article_key } : { id: a.id }) }, a.title || a.id)),
      h("td", {}, a.outlet || ""), h("td", { class: "nowrap" }, a.published || ""),
      h("td", { class: "num" }, String(a.events ?? "")), h("td", { class: "num" }, String(a.quotes ?? "")))))),
  pager(page.total, offset, PAGE, (o) => ctx.navigate("article", { offset: o || "" })));
}
