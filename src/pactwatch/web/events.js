// Events table: filters, sortable columns, paging and a client-side CSV export of the current filter.
import { fetchAll, ACTOR_RE, DATE_RE, PLOVER_TYPES } from "./api.js";
import { h, clear } from "./dom.js";
import { actorInput, articleHref, dateInput, empty, eventDate, field, flags, pager, placeholder, typeBadge } from "./widgets.js";

export const title = "Events";
const PAGE = 50;
const CAP = 5000;

const COLUMNS = [
  { key: "date", label: "Date", value: (e) => (e.date_start || "") + (e.date || "") },
  { key: "source", label: "Source", value: (e) => e.source || "" },
  { key: "type", label: "Type", value: (e) => PLOVER_TYPES.indexOf(e.type) },
  { key: "target", label: "Target", value: (e) => e.target || "" },
  { key: "score", label: "Score", value: (e) => (typeof e.score === "number" ? e.score : 0) },
  { key: "evidence", label: "Evidence", value: (e) => e.evidence || "" },
  { key: "article", label: "Article", value: (e) => (e.article_title || e.article_id || "").toLowerCase() },
];

export async function render(root, params, ctx) {
  const sortKey = COLUMNS.some((c) => c.key === params.sort) ? params.sort : "date";
  const dir = params.dir === "asc" ? "asc" : "desc";
  const offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
  const includeNeg = params.negated !== "false";
  const includeHyp = params.hypothetical !== "false";

  const form = h("form", { class: "filters", testid: "events-form", role: "search" },
    field("Actor", actorInput("actor", params.actor, "events-actor")),
    field("Type", h("select", { name: "type", testid: "events-type" }, h("option", { value: "" }, "any"),
      PLOVER_TYPES.map((t) => h("option", { value: t, selected: params.type === t }, t)))),
    field("From", dateInput("start", params.start, "events-start")),
    field("To", dateInput("end", params.end, "events-end")),
    field("Text", h("input", { type: "search", name: "q", value: params.q || "", placeholder: "words in the evidence", testid: "events-q" })),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "negated", checked: includeNeg }), "negated"),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "hypothetical", checked: includeHyp }), "hypothetical"),
    h("button", { type: "submit", class: "primary", testid: "events-submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    ctx.navigate("events", { actor: f.actor.value.trim().toUpperCase(), type: f.type.value, start: f.start.value, end: f.end.value, q: f.q.value.trim(),
      negated: f.negated.checked ? "" : "false", hypothetical: f.hypothetical.checked ? "" : "false", sort: params.sort, dir: params.dir });
  });
  const body = h("div", { class: "events-body" });
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Events"),
    h("p", { class: "lede" }, "Every coded event with its evidence sentence. Click a column to sort, a row to read the article.")), form, body);

  if (params.actor && !ACTOR_RE.test(params.actor.toUpperCase())) { body.append(empty("Actor keys are 2–12 upper-case letters, digits or _.")); return; }
  for (const d of [params.start, params.end]) if (d && !DATE_RE.test(d)) { body.append(empty("Dates are YYYY-MM-DD.")); return; }

  const progress = placeholder("Loading events…");
  body.append(progress);
  const query = { actor: (params.actor || "").toUpperCase(), type: params.type, start: params.start, end: params.end, q: params.q,
    negated: includeNeg ? "" : "false", hypothetical: includeHyp ? "" : "false" };
  const { total, items } = await fetchAll("events", query, {
    cap: CAP, onProgress: (n, t) => { progress.lastChild.textContent = ` Loading events… ${n} of ${t}`; },
  });
  if (!ctx.isCurrent()) return;
  clear(body);
  if (!items.length) {
    const filtered = Object.values(query).some(Boolean);
    body.append(empty(h("p", { testid: "events-empty" }, filtered ? "No events match these filters." : "No events in the store."),
      !filtered || (ctx.health && !ctx.health.events) ? ctx.emptyHint() : null));
    return;
  }
  const col = COLUMNS.find((c) => c.key === sortKey);
  const sign = dir === "asc" ? 1 : -1;
  const sorted = items.slice().sort((x, y) => {
    const a = col.value(x), b = col.value(y);
    return (a < b ? -1 : a > b ? 1 : 0) * sign || ((x.date_start || "") < (y.date_start || "") ? 1 : -1);
  });
  const pageItems = sorted.slice(offset, offset + PAGE);
  const go = (next) => ctx.navigate("events", { ...params, offset: next || "" });

  const exportButton = h("button", { type: "button", testid: "export-csv", onClick: () => downloadCsv(sorted, query) }, "Export CSV");
  body.append(
    h("div", { class: "table-tools" },
      h("span", { testid: "events-count" }, `${total} event${total === 1 ? "" : "s"}`, total > items.length ? ` (first ${items.length} loaded; narrow the filters to see the rest)` : ""),
      exportButton),
    h("div", { class: "table-wrap" }, h("table", { class: "data events-table", testid: "events-table" },
      h("thead", {}, h("tr", {}, COLUMNS.map((c) => {
        const active = c.key === sortKey;
        return h("th", { scope: "col", "aria-sort": active ? (dir === "asc" ? "ascending" : "descending") : "none", class: "col-" + c.key },
          h("button", { type: "button", class: "sort", testid: "sort-" + c.key,
            onClick: () => ctx.navigate("events", { ...params, sort: c.key, dir: active && dir === "desc" ? "asc" : "desc", offset: "" }) },
          c.label, h("span", { class: "sort-icon", "aria-hidden": "true" }, active ? (dir === "asc" ? " ▲" : " ▼") : " ↕")));
      }))),
      h("tbody", {}, pageItems.map((e) => {
        const href = articleHref(ctx, e);
        const tr = h("tr", { class: "clickable", testid: "event-row", dataset: { article: e.article_id } },
          h("td", { class: "nowrap" }, eventDate(e)),
          h("td", {}, e.source || "—"),
          h("td", {}, typeBadge(e.type), " ", flags(e)),
          h("td", {}, e.target || "—"),
          h("td", { class: "num" }, typeof e.score === "number" ? String(e.score) : ""),
          h("td", { class: "evidence-cell" }, e.evidence || ""),
          h("td", { class: "article-cell" }, h("a", { href, testid: "row-article" }, e.article_title || e.article_id || "article")));
        tr.addEventListener("click", (ev) => {
          if (ev.target.closest("a, button")) return;
          if (window.getSelection && String(window.getSelection())) return; // selecting text, not opening
          window.location.hash = href;
        });
        return tr;
      })))),
    pager(sorted.length, offset, PAGE, go));
}

const CSV_FIELDS = ["date", "date_start", "date_end", "source", "target", "type", "mode", "quad", "score", "negated", "hypothetical",
  "confidence", "evidence", "evidence_span", "source_text", "target_text", "article_id", "article_title"];

/** RFC 4180 CSV: every field quoted, quotes doubled; cells that a spreadsheet would run as a formula get a leading '. */
export function toCsv(rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return '""';
    let text = Array.isArray(v) ? v.join("-") : String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  };
  return [CSV_FIELDS.map(cell).join(","), ...rows.map((r) => CSV_FIELDS.map((f) => cell(r[f])).join(","))].join("\r\n") + "\r\n";
}

function downloadCsv(rows, query) {
  const blob = new Blob(["\ufeff" + toCsv(rows)], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const name = "pactwatch-events" + Object.entries(query).filter(([, v]) => v).map(([k, v]) => `-${k}-${String(v).replace(/[^A-Za-z0-9_-]+/g, "_")}`).join("") + ".csv";
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
