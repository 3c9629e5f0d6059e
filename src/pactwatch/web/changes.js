// What changed: what the articles stored since a time brought (GET /api/changes; store/changes.py
// defines new and rare dyads, conflict spikes and proposals).
import { api } from "./api.js";
import { h, clear, fmtNum } from "./dom.js";
import { actorLabel, articleHref, empty, field, placeholder, typeBadge } from "./widgets.js";

export const title = "What changed";
const LIST = 50; // rows per list: the most active first
const SPANS = [["24h", "last 24 hours"], ["7d", "last 7 days"], ["30d", "last 30 days"]];

export async function render(root, params, ctx) {
  const since = params.since || "24h";
  const form = h("form", { class: "filters", testid: "changes-form" },
    field("Since", h("input", { name: "since", value: since, list: "changes-spans", testid: "changes-since",
      placeholder: "24h, 7d or 2026-12-01" }), "a span back from now (24h, 7d) or a date and time"),
    h("datalist", { id: "changes-spans" }, SPANS.map(([v, label]) => h("option", { value: v }, label))),
    h("button", { type: "submit", class: "primary", testid: "changes-submit" }, "Show"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    ctx.navigate("changes", { since: form.elements.since.value.trim() });
  });
  const body = h("div", {});
  root.append(h("header", { class: "view-head" }, h("h1", {}, "What changed"),
    h("p", { class: "lede" }, "What the articles stored since a time brought: new events by dyad and type, pairs that seldom interact, conflict spikes and status changes.")),
    form, body);
  body.append(placeholder("Loading changes…"));
  const report = await api("changes", { since, limit: LIST });
  if (!ctx.isCurrent()) return;
  clear(body);
  body.append(h("p", { class: "muted", testid: "changes-summary" },
    `${report.articles} article${report.articles === 1 ? "" : "s"} and ${report.events} event${report.events === 1 ? "" : "s"} stored since ${report.since.slice(0, 16).replace("T", " ")} UTC`));
  if (!report.articles) {
    body.append(empty(h("p", { testid: "changes-empty" }, "Nothing stored in this period.")));
    return;
  }
  body.append(
    section("Status changes the new articles report", "changes-proposals", report.proposals, (p) =>
      h("li", { class: "event-card", testid: "change-proposal" },
        h("div", { class: "event-meta" }, actorLabel(p.member), " · ", h("strong", {}, `${p.status} (${p.layer})`), " · ", p.treaty,
          p.date ? h("span", { class: "date" }, " " + p.date) : null,
          h("span", { class: p.recorded ? "muted" : "flag" }, p.recorded ? " already recorded" : " not in the knowledge base yet")),
        h("blockquote", { class: "evidence" }, p.evidence),
        link(ctx, p, p.article_title || p.article))),
    section("New and rare dyads", "changes-dyads", report.dyads, (d) =>
      h("li", { testid: "change-dyad" },
        h("a", { href: ctx.hashFor("dyad", { a: d.a, b: d.b }) }, `${d.a} – ${d.b}`), " ",
        h("span", { class: d.status === "new" ? "flag" : "muted" }, d.status === "new" ? "new pair" : `rare: ${d.before} event${d.before === 1 ? "" : "s"} before`),
        h("span", { class: "muted" }, ` · ${d.new_events} new`))),
    section("Conflict spikes against the pair's own history", "changes-spikes", report.spikes, (s) =>
      h("li", { testid: "change-spike" },
        h("a", { href: ctx.hashFor("dyad", { a: s.a, b: s.b }) }, `${s.a} – ${s.b}`),
        ` ${s.conflict_events} conflict events, ${fmtNum(s.expected, 2)} expected from ${fmtNum(s.weekly_rate, 2)} a week before`)),
    section("New events by dyad and type", "changes-events", report.by_dyad, (g) =>
      h("li", { class: "event-card", testid: "change-group" },
        h("div", { class: "event-meta" }, actorLabel(g.source), h("span", { class: "arrow", "aria-label": "to" }, " → "), actorLabel(g.target), " ",
          typeBadge(g.type), h("strong", {}, ` ${g.events}`), h("span", { class: "muted" }, ` event${g.events === 1 ? "" : "s"} in ${g.articles} article${g.articles === 1 ? "" : "s"}`)),
        h("ul", { class: "plain" }, g.examples.map((x) => h("li", {},
          h("blockquote", { class: "evidence", testid: "evidence" }, x.evidence || ""),
          link(ctx, x, x.article_title || x.article_id)))))),
  );
}

function section(heading, testid, items, item) {
  return h("section", { class: "card", testid },
    h("h2", {}, heading),
    items.length ? h("ul", { class: "plain" }, items.map(item)) : h("p", { class: "muted" }, "None."),
    items.length >= LIST ? h("p", { class: "muted small" }, `The first ${LIST}; GET /api/changes lists more (limit=).`) : null);
}

function link(ctx, item, text) {
  return h("div", { class: "event-source" }, h("a", { href: articleHref(ctx, item), testid: "open-article" }, "Open article"), " ",
    h("span", { class: "muted" }, text || ""));
}
