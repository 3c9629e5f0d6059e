// Article view: text_clean with each event's evidence and each quote highlighted by splitting the
// text at the span offsets into text nodes and <mark> elements; events and quotes listed beside it.
import { api, ApiError } from "./api.js";
import { h, clear, extLink, highlight } from "./dom.js";
import { empty, eventDate, flags, pager, placeholder, typeBadge } from "./widgets.js";

export const title = "Articles";
const PAGE = 50;

export async function render(root, params, ctx) {
  if (!params.id) return renderList(root, params, ctx);
  root.append(placeholder("Loading article…"));
  let art;
  try {
    art = await api("articles/" + encodeURIComponent(params.id));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e;
    clear(root).append(h("h1", {}, "Article not found"),
      empty(h("p", {}, `No article with id “${params.id}”. `, h("a", { href: ctx.hashFor("article") }, "See all articles"), ".")));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(root);
  const text = art.text_clean || "";
  const events = art.events || [];
  const quotes = art.quotes || [];
  const tgt = (t) => (Array.isArray(t) ? t.join(", ") : t || "—");
  const spans = [
    ...events.map((e, i) => ({ ...range(e.evidence_span), kind: "event", index: i,
      label: `Event ${i + 1}: ${e.source || "?"} ${e.type} ${tgt(e.target)}${e.negated ? " (negated)" : ""}${e.hypothetical ? " (hypothetical)" : ""}` })),
    ...quotes.map((q, j) => ({ ...range(q.span), kind: "quote", index: j,
      label: `Quote ${j + 1} — ${q.speaker || "unknown speaker"}${q.speaker_actor ? " (" + q.speaker_actor + ")" : ""}` })),
  ];

  const textEl = h("div", { class: "article-text", testid: "article-text", lang: "en" });
  textEl.append(highlight(text, spans));
  if (!text) textEl.append(h("p", { class: "muted" }, "(this article has no text)"));

  const focusMark = (selector) => {
    for (const m of textEl.querySelectorAll("mark.active")) m.classList.remove("active");
    const marks = [...textEl.querySelectorAll(selector)];
    marks.forEach((m) => m.classList.add("active"));
    if (marks[0]) {
      marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
      marks[0].setAttribute("tabindex", "-1");
      marks[0].focus({ preventScroll: true });
    }
  };

  const eventList = h("ol", { class: "side-list", testid: "article-events" }, events.map((e, i) => h("li", { testid: "article-event", dataset: { index: i } },
    h("button", { type: "button", class: "side-item", onClick: () => focusMark(`mark[data-events~="${i}"]`), title: "Show the evidence in the text" },
      h("span", { class: "idx" }, String(i + 1)), " ", h("span", { class: "date" }, eventDate(e)), " ",
      e.source || "?", " → ", tgt(e.target), " ", typeBadge(e.type), " ", flags(e)),
    h("div", { class: "small muted side-evidence" }, e.evidence || ""))));
  const quoteList = h("ol", { class: "side-list", testid: "article-quotes" }, quotes.map((q, j) => h("li", { testid: "article-quote", dataset: { index: j } },
    h("button", { type: "button", class: "side-item", onClick: () => focusMark(`mark[data-quotes~="${j}"]`), title: "Show the quote in the text" },
      h("span", { class: "idx quote-idx" }, String(j + 1)), " ", h("strong", { testid: "quote-speaker" }, q.speaker || "unknown speaker"),
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

  if (params.event !== undefined && /^\d+$/.test(params.event)) {
    requestAnimationFrame(() => focusMark(`mark[data-events~="${Number(params.event)}"]`));
  } else if (params.span) {
    const [a, b] = params.span.split("-").map(Number);
    const i = events.findIndex((e) => Array.isArray(e.evidence_span) && e.evidence_span[0] === a && e.evidence_span[1] === b);
    if (i >= 0) requestAnimationFrame(() => focusMark(`mark[data-events~="${i}"]`));
  } else if (params.quote) {
    requestAnimationFrame(() => focusMark(`mark[data-quotes~="${Number(params.quote)}"]`));
  }
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
      h("td", {}, h("a", { href: ctx.hashFor("article", { id: a.id }) }, a.title || a.id)),
      h("td", {}, a.outlet || ""), h("td", { class: "nowrap" }, a.published || ""),
      h("td", { class: "num" }, String(a.events ?? "")), h("td", { class: "num" }, String(a.quotes ?? "")))))),
  pager(page.total, offset, PAGE, (o) => ctx.navigate("article", { offset: o || "" })));
}
