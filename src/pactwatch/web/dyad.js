// Dyad view: events between two actors over time by PLOVER type, the cooperation–conflict line,
// knowledge-base milestones, and the events of a chosen period with their evidence.
// Events dated less precisely than the chart's periods ("2021" in a monthly chart, "2021-05" in a
// weekly one) cannot stand in one bar; they are drawn as bands across the months or weeks their
// date covers ("date known to the year"), so the chart accounts for every dated event.
import { api, DATE_RE } from "./api.js";
import { h, s, clear, activatable, extLink, fmtNum } from "./dom.js";
import { resolveViewActors } from "./actors.js";
import { undirectedTies } from "./network.js";
import { colourOf, ploverTypes } from "./plover.js";
import { actorInput, dateInput, empty, eventCard, field, placeholder, ticks, typeBadge } from "./widgets.js";

// The length of a date string at each precision ("2021", "2021-05", "2021-05-03").
const DATE_LENGTH = { year: 4, month: 7, day: 10 };
// The least precise date that fits in one period of each interval.
const NEEDS = { month: "month", week: "day" };

export const title = "Dyad";

export async function render(root, params, ctx) {
  const a = (params.a || "").trim();
  const b = (params.b || "").trim();
  const interval = params.interval === "week" ? "week" : "month";
  const line = params.line === "mean" ? "mean" : "sum";

  const form = h("form", { class: "filters", testid: "dyad-form", role: "search" },
    field("Actor A", actorInput("a", a, "dyad-a")),
    h("button", { type: "button", class: "swap", title: "Swap A and B", "aria-label": "Swap A and B", onClick: () => {
      const [x, y] = [form.elements.a.value, form.elements.b.value];
      form.elements.a.value = y; form.elements.b.value = x;
    } }, "⇄"),
    field("Actor B", actorInput("b", b, "dyad-b", "e.g. CSTO")),
    field("Interval", h("select", { name: "interval", testid: "dyad-interval" },
      h("option", { value: "month", selected: interval === "month" }, "Month"),
      h("option", { value: "week", selected: interval === "week" }, "Week"))),
    field("From", dateInput("start", params.start, "dyad-start")),
    field("To", dateInput("end", params.end, "dyad-end")),
    field("Line", h("select", { name: "line", testid: "dyad-line" },
      h("option", { value: "sum", selected: line === "sum" }, "Score (sum)"),
      h("option", { value: "mean", selected: line === "mean" }, "Score per event (mean)"))),
    h("button", { type: "submit", class: "primary", testid: "dyad-submit" }, "Show"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    const next = { a: f.a.value.trim(), b: f.b.value.trim(), interval: f.interval.value,
      start: f.start.value, end: f.end.value, line: f.line.value === "mean" ? "mean" : "" };
    if (next.interval === "month") next.interval = "";
    ctx.navigate("dyad", next);
  });

  const body = h("div", { class: "dyad-body" });
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Dyad"),
    h("p", { class: "lede" }, "Events between two actors by PLOVER type, their cooperation–conflict score, and the knowledge base’s milestones. Click or press Enter on a bar, a point or a band (events dated only to a year or month) to list its events.")),
  form, body);

  if (!a || !b) {
    body.append(empty(h("p", {}, "Pick two actors above (for example ", h("a", { href: ctx.hashFor("dyad", { a: "ARM", b: "CSTO" }) }, "ARM and CSTO"), ") and press Show.")));
    await suggestions(body, ctx);
    return;
  }
  for (const d of [params.start, params.end]) if (d && !DATE_RE.test(d)) { body.append(empty("Dates are YYYY-MM-DD.")); return; }
  const keys = await resolveViewActors(ctx, "dyad", params, [{ name: "a", label: "Actor A" }, { name: "b", label: "Actor B" }], body);
  if (!keys) return;
  form.elements.a.value = keys.a;
  form.elements.b.value = keys.b;
  await showDyad(body, params, ctx, keys.a, keys.b, interval, line);
}

async function showDyad(body, params, ctx, a, b, interval, line) {
  body.append(placeholder(`Loading ${a}–${b}…`));
  const range = { start: params.start, end: params.end };
  const [data, all] = await Promise.all([
    api("dyad", { a, b, interval: interval === "month" ? "" : interval, ...range }),
    api("events", { a, b, ...range, limit: 1 }), // the true count, dated or not
  ]);
  if (!ctx.isCurrent()) return;
  clear(body);
  const series = (data.series || []).filter((p) => p && p.period);
  // events dated less precisely than a period (GET /api/dyad `partial`): drawn as bands
  const coarse = (data.partial || []).filter((c) => c && c.date && c.start && c.end);
  const milestones = (data.milestones || []).map(normMilestone).filter((m) => m.date);
  const charted = series.reduce((n, p) => n + (p.events || 0), 0) + coarse.reduce((n, c) => n + (c.events || 0), 0);

  const undated = Math.max(0, all.total - charted);
  const title = h("h2", { testid: "dyad-total" }, `${a} – ${b}: ${all.total} event${all.total === 1 ? "" : "s"}`,
    h("span", { class: "muted small", testid: "dyad-total-note" }, dyadNote(series, coarse, undated)));
  if (!series.length && !coarse.length) {
    if (all.total) body.append(title);
    body.append(empty(
      h("p", { testid: "dyad-empty" }, `No dated events between ${a} and ${b}${params.start || params.end ? " in this period" : ""}.`),
      ctx.health && ctx.health.events === 0 ? ctx.emptyHint() : h("p", {}, "Check the actors (the list offers the ones the store knows) or widen the dates.")));
    if (milestones.length) body.append(milestoneList(milestones, []));
    return;
  }

  const listing = h("section", { class: "period-events", testid: "period-events", "aria-live": "polite" });
  const chartBox = h("div", { class: "chart-box", testid: "dyad-chart" });
  body.append(title, chartBox, listing);

  const select = async (period) => {
    ctx.replaceParams("dyad", { ...params, a, b, period: period.period });
    for (const el of chartBox.querySelectorAll("[data-period]")) el.classList.toggle("selected", el.dataset.period === period.period);
    await showPeriod(listing, ctx, a, b, period, interval);
  };
  const periods = drawChart(chartBox, series, coarse, milestones, interval, line, select);
  chartBox.after(legend(series, coarse, line), milestoneList(milestones, periods));

  const chosen = params.period && (series.find((p) => p.period === params.period) || coarse.find((c) => c.date === params.period));
  if (chosen) await select(chosen.date ? coarseSelection(chosen) : chosen);
  else listing.append(h("p", { class: "muted", testid: "period-hint" }, "Select a bar, a point or a band to list its events and their evidence sentences."));
}

function dyadNote(series, coarse, undated) {
  const inPeriods = series.reduce((n, p) => n + (p.events || 0), 0);
  const parts = [`${inPeriods} in the bars`];
  for (const precision of ["year", "month"]) {
    const n = coarse.filter((c) => c.precision === precision).reduce((k, c) => k + (c.events || 0), 0);
    if (n) parts.push(`${n} dated only to the ${precision} (bands)`);
  }
  if (undated) parts.push(`${undated} undated (not charted)`);
  return parts.length > 1 ? " · " + parts.join(", ") : "";
}

/** A band's selection: its date ("2021") stands for the period, and carries its own range. */
function coarseSelection(c) {
  return { ...c, period: c.date, coarse: true };
}

function normMilestone(m) {
  const date = m.date || m.start || m.on || m.day || null;
  const label = m.label || m.title || m.text || m.description || m.event || m.summary ||
    [m.member, m.status, m.treaty || m.alliance].filter(Boolean).join(" ") || "milestone";
  return { date: typeof date === "string" ? date : null, label, source: m.source || m.url || null, note: m.note || null };
}

// --- time axis --------------------------------------------------------------------------------

function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, (m || 1) - 1, d || 1));
}
const iso = (date) => date.toISOString().slice(0, 10);
function nextPeriod(date, interval) {
  const d = new Date(date);
  if (interval === "week") d.setUTCDate(d.getUTCDate() + 7);
  else d.setUTCMonth(d.getUTCMonth() + 1);
  return d;
}
function periodEnd(period, interval) {
  const d = nextPeriod(parseDay(period), interval);
  d.setUTCDate(d.getUTCDate() - 1);
  return iso(d);
}

/** Continuous periods from the first to the last event (bands included), stretched to nearby milestones. */
function buildPeriods(series, coarse, milestones, interval) {
  const byPeriod = new Map(series.map((p) => [p.period, p]));
  const starts = [...series.map((p) => parseDay(p.period)), ...coarse.map((c) => startOf(parseDay(c.start), interval))];
  const ends = [...series.map((p) => parseDay(p.period)), ...coarse.map((c) => startOf(parseDay(c.end), interval))];
  let first = new Date(Math.min(...starts));
  let last = new Date(Math.max(...ends));
  const slack = interval === "week" ? 104 : 24;
  const span = (ms) => (interval === "week" ? 7 * 864e5 : 30.44 * 864e5) * ms;
  for (const m of milestones) {
    const d = parseDay(m.date);
    if (d < first && first - d < span(slack)) first = startOf(d, interval);
    if (d > last && d - last < span(slack)) last = startOf(d, interval);
  }
  const out = [];
  for (let d = first; d <= last && out.length < 2000; d = nextPeriod(d, interval)) {
    const key = iso(d);
    out.push({ period: key, start: d, end: nextPeriod(d, interval), data: byPeriod.get(key) || null });
  }
  // Series periods the generator did not hit (e.g. weeks not starting on the same weekday).
  for (const p of series) if (!out.find((o) => o.period === p.period)) {
    const d = parseDay(p.period);
    out.push({ period: p.period, start: d, end: nextPeriod(d, interval), data: p });
  }
  out.sort((x, y) => x.start - y.start);
  return out;
}
function startOf(d, interval) {
  if (interval === "week") {
    const x = new Date(d);
    x.setUTCDate(x.getUTCDate() - ((x.getUTCDay() + 6) % 7));
    return x;
  }
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function periodLabel(p, interval) {
  if (interval === "week") return "week of " + p.period;
  return MONTHS[p.start.getUTCMonth()] + " " + p.start.getUTCFullYear();
}

// --- chart ------------------------------------------------------------------------------------

function drawChart(box, series, coarse, milestones, interval, lineMode, onSelect) {
  const periods = buildPeriods(series, coarse, milestones, interval);
  const W = Math.max(640, Math.floor(box.clientWidth || 1100));
  const visible = milestones.filter((m) => { const d = parseDay(m.date); return d >= periods[0].start && d < periods[periods.length - 1].end; });
  const labelRows = Math.min(3, visible.length);
  // one lane under the bars for each precision that has bands (year, then month)
  const lanes = ["year", "month"].filter((p) => coarse.some((c) => c.precision === p));
  const LANE = 24;
  const M = { top: 14 + labelRows * 16, right: 56, bottom: 34 + lanes.length * LANE, left: 44 };
  const H = 300 + labelRows * 16 + lanes.length * LANE;
  const pw = W - M.left - M.right, ph = H - M.top - M.bottom;
  const band = pw / periods.length;
  const xOf = (i) => M.left + i * band;
  const xDate = (d) => {
    const i = periods.findIndex((p) => d >= p.start && d < p.end);
    if (i < 0) return null;
    const p = periods[i];
    return xOf(i) + band * ((d - p.start) / (p.end - p.start));
  };

  // counts are whole numbers: integer ticks only
  const maxCount = Math.max(1, ...series.map((p) => p.events || sumCounts(p.counts)));
  const countTicks = ticks(0, maxCount, 5, { integer: true });
  const yMax = countTicks[countTicks.length - 1] || maxCount;
  const yC = (v) => M.top + ph - (v / yMax) * ph;

  const scoreOf = (p) => {
    if (!p.data) return lineMode === "mean" ? null : 0;
    const n = p.data.events || sumCounts(p.data.counts);
    return lineMode === "mean" ? (n ? p.data.score / n : null) : p.data.score;
  };
  const scores = periods.map(scoreOf).filter((v) => v !== null);
  const sTicks = ticks(Math.min(0, ...scores), Math.max(0, ...scores), 5);
  const sLo = sTicks[0], sHi = sTicks[sTicks.length - 1];
  const yS = (v) => M.top + ph - ((v - sLo) / (sHi - sLo || 1)) * ph;

  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart", role: "group",
    "aria-label": "Events per period by type, with the cooperation–conflict score", testid: "dyad-svg" });

  // grid and axes
  for (const t of countTicks) {
    svg.append(s("line", { x1: M.left, x2: M.left + pw, y1: yC(t), y2: yC(t), class: "grid" }),
      s("text", { x: M.left - 6, y: yC(t) + 4, class: "axis-label count-tick", testid: "count-tick", "text-anchor": "end" }, String(t)));
  }
  for (const t of sTicks) {
    svg.append(s("text", { x: M.left + pw + 6, y: yS(t) + 4, class: "axis-label score-axis" }, (t > 0 ? "+" : "") + t));
  }
  svg.append(
    s("text", { x: 12, y: M.top + ph / 2, class: "axis-title", transform: `rotate(-90 12 ${M.top + ph / 2})`, "text-anchor": "middle" }, "events"),
    s("text", { x: W - 8, y: M.top + ph / 2, class: "axis-title score-axis", transform: `rotate(90 ${W - 8} ${M.top + ph / 2})`, "text-anchor": "middle" }, lineMode === "mean" ? "score per event" : "score"),
    s("line", { x1: M.left, x2: M.left + pw, y1: M.top + ph, y2: M.top + ph, class: "axis" }));
  if (sLo < 0 && sHi > 0) svg.append(s("line", { x1: M.left, x2: M.left + pw, y1: yS(0), y2: yS(0), class: "zero-line" }));

  // x labels, spaced at least ~64px apart, preferring January / first week of a month
  const axisY = M.top + ph + lanes.length * LANE;
  const every = Math.max(1, Math.ceil((interval === "week" ? 84 : 64) / band));
  periods.forEach((p, i) => {
    const janOrStep = interval === "month" ? (every >= 12 ? p.start.getUTCMonth() === 0 : i % every === 0) : i % every === 0;
    if (!janOrStep) return;
    const text = interval === "month" ? (every >= 12 ? String(p.start.getUTCFullYear()) : MONTHS[p.start.getUTCMonth()] + (p.start.getUTCMonth() === 0 || i === 0 ? " " + p.start.getUTCFullYear() : "")) : p.period;
    svg.append(s("line", { x1: xOf(i), x2: xOf(i), y1: axisY, y2: axisY + 4, class: "axis" }),
      s("text", { x: xOf(i) + 2, y: axisY + 16, class: "axis-label" }, text));
  });

  // stacked bars
  const types = ploverTypes();
  const bars = s("g", { class: "bars" });
  const gap = Math.min(4, band * 0.2);
  const barW = Math.max(1, Math.min(56, band - gap));
  periods.forEach((p, i) => {
    if (!p.data) return;
    const g = s("g", { class: "bar", testid: "dyad-bar", dataset: { period: p.period, events: p.data.events } });
    let acc = 0;
    for (const type of types) {
      const n = (p.data.counts || {})[type] || 0;
      if (!n) continue;
      g.append(s("rect", { x: xOf(i) + (band - barW) / 2, width: barW, y: yC(acc + n), height: yC(acc) - yC(acc + n),
        fill: colourOf(type), class: "seg", dataset: { type } }));
      acc += n;
    }
    const n = p.data.events || acc;
    const desc = `${periodLabel(p, interval)}: ${n} event${n === 1 ? "" : "s"}, score ${fmtNum(p.data.score)}. ` +
      Object.entries(p.data.counts || {}).map(([t, c]) => `${t} ${c}`).join(", ");
    const hit = s("rect", { x: xOf(i), width: band, y: M.top, height: ph, class: "hit", testid: "dyad-bar-hit", dataset: { period: p.period } },
      s("title", {}, desc));
    activatable(hit, desc, () => onSelect({ ...p.data, period: p.period }));
    g.prepend(hit);
    bars.append(g);
  });
  svg.append(bars);

  // bands: events whose date covers several periods, across the periods it covers
  const chartStart = periods[0].start, chartEnd = periods[periods.length - 1].end;
  lanes.forEach((precision, row) => {
    const y = M.top + ph + 4 + row * LANE;
    svg.append(s("text", { x: M.left - 6, y: y + 14, class: "axis-label", "text-anchor": "end" }, precision === "year" ? "year" : "month"));
    for (const c of coarse.filter((x) => x.precision === precision)) {
      const from = new Date(Math.max(parseDay(c.start), chartStart));
      const to = new Date(Math.min(nextDay(parseDay(c.end)), chartEnd));
      const x0 = xDate(from), x1 = to >= chartEnd ? M.left + pw : xDate(to);
      if (x0 === null || x1 === null) continue;
      const n = c.events || sumCounts(c.counts);
      const desc = `${c.date}: ${n} event${n === 1 ? "" : "s"} whose date is known only to the ${precision}, score ${fmtNum(c.score)}. ` +
        Object.entries(c.counts || {}).map(([t, k]) => `${t} ${k}`).join(", ");
      const g = s("g", { class: ["coarse-band", "coarse-" + precision], testid: "dyad-band", dataset: { period: c.date, precision, events: n } },
        s("title", {}, desc),
        s("rect", { x: x0 + 1, width: Math.max(3, x1 - x0 - 2), y, height: LANE - 6, rx: 3, class: "band-rect" }),
        s("text", { x: x0 + 6, y: y + 13, class: "band-label" }, `${c.date} · ${n} event${n === 1 ? "" : "s"}`));
      activatable(g, desc, () => onSelect(coarseSelection(c)));
      svg.append(g);
    }
  });

  // score line and points
  const pts = periods.map((p, i) => ({ p, i, v: scoreOf(p) })).filter((q) => q.v !== null);
  if (pts.length) {
    svg.append(s("polyline", { class: "score-line", points: pts.map((q) => `${xOf(q.i) + band / 2},${yS(q.v)}`).join(" "), testid: "dyad-line" }));
    for (const q of pts) {
      if (!q.p.data) continue;
      const label = `${periodLabel(q.p, interval)}: score ${fmtNum(q.v)}${lineMode === "mean" ? " per event" : ""} over ${q.p.data.events} events`;
      const c = s("circle", { cx: xOf(q.i) + band / 2, cy: yS(q.v), r: 5, class: ["score-point", q.v > 0 ? "pos" : q.v < 0 ? "neg" : "zero"],
        testid: "dyad-point", dataset: { period: q.p.period, score: q.v } }, s("title", {}, label));
      activatable(c, label, () => onSelect({ ...q.p.data, period: q.p.period }));
      svg.append(c);
    }
  }

  // milestones: dashed vertical lines with labels staggered over up to three rows
  visible.sort((x, y) => (x.date < y.date ? -1 : 1)).forEach((m, k) => {
    const x = xDate(parseDay(m.date));
    if (x === null) return;
    const row = k % Math.max(1, labelRows);
    const y = 12 + row * 16;
    const anchor = x > M.left + pw * 0.7 ? "end" : "start";
    const g = s("g", { class: "milestone", testid: "milestone", dataset: { date: m.date } },
      s("title", {}, `${m.date}: ${m.label}${m.note ? "\n" + m.note : ""}`),
      s("line", { x1: x, x2: x, y1: y + 3, y2: M.top + ph, class: "milestone-line" }),
      s("text", { x: anchor === "end" ? x - 3 : x + 3, y, class: "milestone-label", "text-anchor": anchor }, `${m.label} (${m.date})`));
    svg.append(g);
  });

  box.append(svg);
  return periods;
}

function nextDay(d) {
  const x = new Date(d);
  x.setUTCDate(x.getUTCDate() + 1);
  return x;
}

function sumCounts(counts) {
  return Object.values(counts || {}).reduce((a, b) => a + b, 0);
}

function legend(series, coarse, lineMode) {
  const present = ploverTypes().filter((t) => series.some((p) => (p.counts || {})[t]) || coarse.some((c) => (c.counts || {})[t]));
  return h("div", { class: "legend", testid: "dyad-legend" },
    present.map((t) => h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: colourOf(t) } }), t)),
    h("span", { class: "legend-item" }, h("span", { class: "swatch line" }), lineMode === "mean" ? "score per event" : "score (sum; + cooperation, − conflict)"),
    coarse.length ? h("span", { class: "legend-item" }, h("span", { class: "swatch band" }), "events whose date is known only to the year or month") : null,
    h("span", { class: "legend-item" }, h("span", { class: "swatch milestone" }), "knowledge-base milestone"));
}

function milestoneList(milestones, periods) {
  if (!milestones.length) return h("p", { class: "muted", testid: "milestones-none" }, "No knowledge-base milestones for this pair.");
  const first = periods.length ? periods[0].start : null;
  const last = periods.length ? periods[periods.length - 1].end : null;
  return h("details", { class: "milestones", testid: "milestone-list", open: true },
    h("summary", {}, `Knowledge-base milestones (${milestones.length})`),
    h("ul", {}, milestones.map((m) => {
      const d = parseDay(m.date);
      const outside = first && (d < first || d >= last);
      return h("li", {}, h("span", { class: "date" }, m.date), " ", m.label,
        outside ? h("span", { class: "muted" }, " (outside the charted period)") : null,
        m.note ? h("div", { class: "muted small" }, m.note) : null,
        m.source ? h("div", { class: "small" }, extLink(m.source, "source")) : null);
    })));
}

async function showPeriod(listing, ctx, a, b, period, interval) {
  clear(listing).append(placeholder("Loading events…"));
  const start = period.coarse ? period.start : period.period;
  const end = period.coarse ? period.end : periodEnd(period.period, interval);
  // Ordered by date, so the events dated to the first day of the range (where a year- or
  // month-only date starts) come first.
  const page = await api("events", { a, b, start, end, order: "date", limit: 1000 });
  if (!ctx.isCurrent()) return;
  // The range also returns events whose partial date merely overlaps it: a bar lists the events
  // it counts, then those it may hold; a band lists the events of its own date.
  const fits = (e) => e.date && e.date.length >= DATE_LENGTH[NEEDS[interval]] && e.date_start >= start && e.date_start <= end;
  const own = page.items.filter(period.coarse ? (e) => e.date === period.date : fits);
  const overlapping = period.coarse ? [] : page.items.filter((e) => !fits(e));
  const label = period.coarse ? `dated only to ${period.precision === "year" ? "the year" : "the month"} ${period.date}`
    : interval === "week" ? `week of ${start}` : `${MONTHS[parseDay(start).getUTCMonth()]} ${start.slice(0, 4)}`;
  const n = period.events ?? own.length;
  clear(listing).append(...[
    h("h3", { testid: "period-title" }, `${a} – ${b}, ${label}: ${n} event${n === 1 ? "" : "s"}`,
      page.total > page.items.length ? ` (of the first ${page.items.length} in the range)` : ""),
    h("p", { class: "small muted" }, "Score: ", fmtNum(period.score), " · by type: ",
      Object.entries(period.counts || {}).map(([t, k]) => [typeBadge(t), " ", String(k), "  "])),
    own.length ? h("ol", { class: "event-list" }, own.map((e) => eventCard(ctx, e, "period-event")))
      : empty("The API returned no events for this period."),
    overlapping.length ? h("details", { class: "overlapping", testid: "period-overlapping" },
      h("summary", {}, `${overlapping.length} more event${overlapping.length === 1 ? "" : "s"} dated less precisely (a year or a month that includes this period)`),
      h("ol", { class: "event-list" }, overlapping.map((e) => eventCard(ctx, e, "overlapping-event")))) : null,
  ].filter(Boolean)); // DOM append would write a null as the text "null"
}

async function suggestions(body, ctx) {
  try {
    const net = await api("network", { min_events: 1 });
    if (!ctx.isCurrent()) return;
    const top = undirectedTies(net.edges).sort((x, y) => y.events - x.events).slice(0, 8);
    if (!top.length) { if (ctx.health && !ctx.health.events) body.append(ctx.emptyHint()); return; }
    body.append(h("div", { class: "suggestions", testid: "dyad-suggestions" }, h("h2", {}, "Busiest pairs"),
      h("ul", { class: "chips" }, top.map((t) => h("li", {}, h("a", { class: "chip", testid: "dyad-chip", dataset: { events: t.events },
        href: ctx.hashFor("dyad", { a: t.a, b: t.b }) }, `${t.a} – ${t.b} (${t.events})`))))));
  } catch (e) { ctx.showError(e); }
}
