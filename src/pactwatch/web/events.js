// Events table: filters, sortable columns, paging and CSV export, all done by the server
// (GET /api/events sorts, pages and counts; GET /api/events.csv streams every matching row),
// so the table is right however many events match.
import { api, apiUrl, DATE_RE } from "./api.js";
import { h, clear } from "./dom.js";
import { resolveViewActors } from "./actors.js";
import { ploverTypes } from "./plover.js";
import { actorInput, articleHref, dateInput, empty, eventDate, field, flags, pager, placeholder, scoreText, typeBadge } from "./widgets.js";

export const title = "Events";
const PAGE = 50;

// `order` is the API's sort key for a column (descending adds a leading "-"); columns without one
// are not sortable. Ties are broken by the server, so pages never overlap.
const COLUMNS = [
  { key: "date", label: "Date", order: "date" },
  { key: "source", label: "Source", order: "source" },
  { key: "type", label: "Type", order: "type" },
  { key: "target", label: "Target", order: "target" },
  { key: "score", label: "Score", order: "score" },
  { key: "evidence", label: "Evidence" },
  { key: "article", label: "Article" },
];

export async function render(root, params, ctx) {
  const sortable = COLUMNS.filter((c) => c.order);
  const sortKey = sortable.some((c) => c.key === params.sort) ? params.sort : "date";
  const dir = params.dir === "asc" ? "asc" : "desc";
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  const includeNeg = params.negated !== "false";
  const includeHyp = params.hypothetical !== "false";

  const form = h("form", { class: "filters", testid: "events-form", role: "search" },
    field("Actor", actorInput("actor", params.actor, "events-actor")),
    field("Type", h("select", { name: "type", testid: "events-type" }, h("option", { value: "" }, "any"),
      ploverTypes().map((t) => h("option", { value: t, selected: params.type === t }, t)))),
    field("From", dateInput("start", params.start, "events-start")),
    field("To", dateInput("end", params.end, "events-end")),
    field("Text", h("input", { type: "search", name: "q", value: params.q || "", placeholder: "words in the evidence", testid: "events-q" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "negated", checked: includeNeg }), "negated"),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "hypothetical", checked: includeHyp }), "hypothetical"),
    h("button", { type: "submit", class: "primary", testid: "events-submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    ctx.navigate("events", { actor: f.actor.value.trim(), type: f.type.value, start: f.start.value, end: f.end.value, q: f.q.value.trim(),
      negated: f.negated.checked ? "" : "false", hypothetical: f.hypothetical.checked ? "" : "false", sort: params.sort, dir: params.dir });
  });
  const body = h("div", { class: "events-body" });
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Events"),
    h("p", { class: "lede" }, "Every coded event with its evidence sentence. Click a column to sort, a row to read the article.")), form, body);

  for (const d of [params.start, params.end]) if (d && !DATE_RE.test(d)) { body.append(empty("Dates are YYYY-MM-DD.")); return; }
  const keys = await resolveViewActors(ctx, "events", params, [{ name: "actor", label: "Actor" }], body);
  if (!keys) return;
  const { actor } = keys;
  form.elements.actor.value = actor;

  body.append(placeholder("Loading events…"));
  const col = COLUMNS.find((c) => c.key === sortKey);
  const order = (dir === "desc" ? "-" : "") + col.order;
  const query = { actor, type: params.type, start: params.start, end: params.end, q: params.q,
    negated: includeNeg ? "" : "false", hypothetical: includeHyp ? "" : "false" };
  const page = await api("events", { ...query, order, limit: PAGE, offset });
  if (!ctx.isCurrent()) return;
  clear(body);
  const total = page.total;
  if (!page.items.length && offset === 0) {
    const filtered = Object.values(query).some(Boolean);
    body.append(empty(h("p", { testid: "events-empty" }, filtered ? "No events match these filters." : "No events in the store."),
      !filtered || (ctx.health && !ctx.health.events) ? ctx.emptyHint() : null));
    return;
  }
  const go = (next) => ctx.navigate("events", { ...params, offset: next || "" });

  const csvName = "pactwatch-events" + Object.entries(query).filter(([, v]) => v).map(([k, v]) => `-${k}-${String(v).replace(/[^A-Za-z0-9_-]+/g, "_")}`).join("") + ".csv";
  body.append(
    h("div", { class: "table-tools" },
      h("span", { testid: "events-count" }, `${total} event${total === 1 ? "" : "s"}`,
        total > PAGE ? h("span", { class: "muted" }, ` · showing ${Math.min(total, offset + 1)}–${Math.min(total, offset + page.items.length)}`) : null),
      h("a", { class: "button", href: apiUrl("events.csv", { ...query, order }), download: csvName, testid: "export-csv",
        title: `Every matching event (${total}) as CSV, in this order` }, "Export CSV")),
    h("div", { class: "table-wrap" }, h("table", { class: "data events-table", testid: "events-table" },
      h("thead", {}, h("tr", {}, COLUMNS.map((c) => {
        if (!c.order) return h("th", { scope: "col", class: "col-" + c.key }, c.label);
        const active = c.key === sortKey;
        return h("th", { scope: "col", "aria-sort": active ? (dir === "asc" ? "ascending" : "descending") : "none", class: "col-" + c.key },
          h("button", { type: "button", class: "sort", testid: "sort-" + c.key,
            onClick: () => ctx.navigate("events", { ...params, sort: c.key, dir: active && dir === "desc" ? "asc" : "desc", offset: "" }) },
          c.label, h("span", { class: "sort-icon", "aria-hidden": "true" }, active ? (dir === "asc" ? " ▲" : " ▼") : " ↕")));
      }))),
      h("tbody", {}, page.items.map((e) => {
        const href = articleHref(ctx, e);
        const tr = h("tr", { class: "clickable", testid: "event-row", dataset: { article: e.article_key || e.article_id, idx: e.idx, event: e.event_id } },
          h("td", { class: "nowrap" }, eventDate(e)),
          h("td", {}, e.source || "—"),
          h("td", {}, typeBadge(e.type), " ", flags(e)),
          h("td", {}, e.target || "—"),
          h("td", { class: "num", testid: "row-score" }, scoreText(e)),
          h("td", { class: "evidence-cell", testid: "row-evidence" }, e.evidence || ""),
          h("td", { class: "article-cell" }, h("a", { href, testid: "row-article" }, e.article_title || e.article_id || "article")));
        tr.addEventListener("click", (ev) => {
          if (ev.target.closest("a, button")) return;
          if (window.getSelection && String(window.getSelection())) return; // selecting text, not opening
          window.location.hash = href;
        });
        return tr;
      })))),
    pager(total, offset, PAGE, go));
}
