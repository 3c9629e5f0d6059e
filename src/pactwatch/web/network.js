// Actor network: nodes are actors; one tie per pair of actors, whatever the direction of its events
// (both directions are listed in its detail), its width the number of events and its colour the
// mean PLOVER cooperation–conflict score of those events (the API's event scores: REQUEST scores 0
// and reads as neutral, not as conflict). Laid out with d3-force, panned and zoomed with d3-zoom,
// and searchable, so that it stays readable at a few hundred actors.
import { api, ApiError, DATE_RE } from "./api.js";
import { h, s, clear, activatable, fmtNum } from "./dom.js";
import { isConflict, isCooperation, ploverTypes, quadOf } from "./plover.js";
import { dateInput, empty, field, placeholder, scoreColour } from "./widgets.js";
import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, select, zoom, zoomIdentity } from "./vendor/d3-network.js";

export const title = "Network";
const H = 600;
// Labels of the busiest actors are always shown; the others appear once zoomed in this far.
const ALWAYS_LABELLED = 40;
const LABEL_ZOOM = 1.8;

/**
 * One tie per unordered pair: the API's directed edges (source → target) merged, each direction
 * kept in `directions` for the detail. Also used by the dyad view's "busiest pairs".
 */
export function undirectedTies(edges) {
  const ties = new Map();
  for (const e of edges || []) {
    if (!e.source || !e.target || e.source === e.target) continue;
    const [a, b] = e.source < e.target ? [e.source, e.target] : [e.target, e.source];
    const id = a + "|" + b;
    const tie = ties.get(id) || { id, a, b, events: 0, score: 0, directions: [] };
    tie.events += e.events || 0;
    tie.score += e.score || 0;
    tie.directions.push(e);
    ties.set(id, tie);
  }
  for (const tie of ties.values()) {
    tie.mean = tie.events ? tie.score / tie.events : 0;
    tie.directions.sort((x, y) => (x.source === tie.a ? -1 : 1) - (y.source === tie.a ? -1 : 1));
  }
  return [...ties.values()];
}

export async function render(root, params, ctx) {
  const allTypes = ploverTypes();
  const types = [].concat(params.type || []).filter((t) => allTypes.includes(t));
  const layout = params.layout === "circle" ? "circle" : "force";
  const minEvents = Math.max(1, parseInt(params.min_events || "1", 10) || 1);

  const typeBoxes = h("fieldset", { class: "type-filter", testid: "network-types" }, h("legend", {}, "Event types (none = all)"),
    allTypes.map((t) => h("label", { class: "check quad-" + quadOf(t) },
      h("input", { type: "checkbox", name: "type", value: t, checked: types.includes(t) }), t)));
  const form = h("form", { class: "filters", testid: "network-form" },
    field("From", dateInput("start", params.start, "network-start")),
    field("To", dateInput("end", params.end, "network-end")),
    field("Min. events", h("input", { type: "number", name: "min_events", min: 1, value: String(minEvents), class: "narrow", testid: "network-min" })),
    field("Layout", h("select", { name: "layout", testid: "network-layout" },
      h("option", { value: "force", selected: layout === "force" }, "Force"),
      h("option", { value: "circle", selected: layout === "circle" }, "Circle"))),
    h("div", { class: "type-quick" },
      h("button", { type: "button", title: "PLOVER quad classes 1–2", onClick: () => pick(isCooperation) }, "Cooperation types"),
      h("button", { type: "button", title: "PLOVER quad classes 3–4", onClick: () => pick(isConflict) }, "Conflict types"),
      h("button", { type: "button", onClick: () => pick(() => false) }, "All types")),
    h("button", { type: "submit", class: "primary", testid: "network-submit" }, "Apply"),
    typeBoxes);
  function pick(pred) { for (const box of typeBoxes.querySelectorAll("input")) box.checked = pred(box.value); }
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = form.elements;
    ctx.navigate("network", { start: f.start.value, end: f.end.value, min_events: f.min_events.value === "1" ? "" : f.min_events.value,
      layout: f.layout.value === "force" ? "" : f.layout.value,
      type: [...typeBoxes.querySelectorAll("input:checked")].map((x) => x.value) });
  });

  const body = h("div", { class: "network-body" });
  root.append(h("header", { class: "view-head" }, h("h1", {}, "Actor network"),
    h("p", { class: "lede" }, "One tie per pair of actors. Width: number of events between them, in either direction; colour: their mean PLOVER cooperation–conflict score (teal cooperation, grey neutral, red conflict). Drag to pan, scroll or use + and − to zoom, search to find an actor.")),
  form, body);
  for (const d of [params.start, params.end]) if (d && !DATE_RE.test(d)) { body.append(empty("Dates are YYYY-MM-DD.")); return; }

  body.append(placeholder("Loading network…"));
  const net = await api("network", { start: params.start, end: params.end, type: types, min_events: minEvents });
  if (!ctx.isCurrent()) return;
  clear(body);
  const nodes = (net.nodes || []).slice().sort((x, y) => (y.events - x.events) || (x.key < y.key ? -1 : 1));
  const known = new Set(nodes.map((n) => n.key));
  const ties = undirectedTies((net.edges || []).filter((e) => known.has(e.source) && known.has(e.target)));
  if (!nodes.length) {
    body.append(empty(h("p", { testid: "network-empty" }, "No actors with events match these filters. Widen the dates, lower the minimum or clear the type filter."),
      ctx.health && ctx.health.events === 0 ? ctx.emptyHint() : null));
    return;
  }

  const side = h("aside", { class: "network-side", testid: "network-side", "aria-live": "polite" });
  const box = h("div", { class: "chart-box network-chart", testid: "network-chart" });
  body.append(h("div", { class: "split" }, box, side));
  const W = Math.max(560, Math.floor(box.clientWidth || 860));
  const maxEv = Math.max(1, ...ties.map((t) => t.events));
  const maxNode = Math.max(1, ...nodes.map((n) => n.events || 0));
  // smaller circles and fainter lines when there are many, so that a dense network stays legible
  const maxR = nodes.length > 60 ? 9 : 14;
  const radius = (n) => 3 + maxR * Math.sqrt((n.events || 0) / maxNode);
  const pos = layout === "circle" ? circle(nodes, W, H) : forceLayout(nodes, ties, radius, W, H);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart network", role: "group", "aria-label": "Actor network",
    testid: "network-svg", style: { "--edge-opacity": String(Math.max(0.2, Math.min(0.75, 60 / Math.sqrt(Math.max(1, ties.length)) / 3))) } });
  const edgeLayer = s("g", { class: "edges" });
  const nodeLayer = s("g", { class: "nodes" });
  const labelLayer = s("g", { class: "labels", "aria-hidden": "true" }); // above every circle
  const edgeEls = new Map();
  const nodeEls = new Map();
  const labelEls = new Map();

  for (const t of ties.slice().sort((x, y) => x.events - y.events)) {
    const p = pos.get(t.a), q = pos.get(t.b);
    const el = s("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge", testid: "network-edge",
      "stroke-width": (1 + 7 * Math.sqrt(t.events / maxEv)).toFixed(2), stroke: scoreColour(t.mean),
      dataset: { a: t.a, b: t.b, events: t.events, score: fmtNum(t.mean, 2), directions: t.directions.length } },
    s("title", {}, tieSummary(t)));
    el.addEventListener("click", () => showTie(t));
    edgeEls.set(t.id, el);
    edgeLayer.append(el);
  }
  nodes.forEach((n, rank) => {
    const p = pos.get(n.key);
    const r = radius(n);
    const label = `${n.key}${n.name && n.name !== n.key ? " — " + n.name : ""}: ${n.events} events`;
    const g = s("g", { class: ["node", "kind-" + (n.kind || "other"), rank < ALWAYS_LABELLED ? "labelled" : ""], testid: "network-node",
      dataset: { key: n.key }, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
    s("title", {}, label),
    s("circle", { r: r.toFixed(1) }));
    const text = s("text", { dy: -r - 4, "text-anchor": "middle", class: ["node-label", rank < ALWAYS_LABELLED ? "labelled" : ""],
      testid: "network-label", dataset: { key: n.key }, x: p.x.toFixed(1), y: p.y.toFixed(1) }, n.key);
    activatable(g, label, () => selectNode(n));
    g.addEventListener("focus", () => text.classList.add("focused"));
    g.addEventListener("blur", () => text.classList.remove("focused"));
    nodeEls.set(n.key, g);
    labelEls.set(n.key, text);
    nodeLayer.append(g);
    labelLayer.append(text);
  });
  svg.append(edgeLayer, nodeLayer, labelLayer);

  // Pan and zoom with d3-zoom, as a "semantic" zoom: positions are scaled, circles, lines and
  // labels keep their size, so zooming in spreads a crowded cluster instead of enlarging it.
  // Labels of the smaller actors appear once zoomed in.
  let view = zoomIdentity;
  const place = () => {
    for (const [key, el] of nodeEls) {
      const [x, y] = view.apply([pos.get(key).x, pos.get(key).y]);
      el.setAttribute("transform", `translate(${x.toFixed(1)},${y.toFixed(1)})`);
      labelEls.get(key).setAttribute("x", x.toFixed(1));
      labelEls.get(key).setAttribute("y", y.toFixed(1));
    }
    for (const t of ties) {
      const el = edgeEls.get(t.id);
      const [x1, y1] = view.apply([pos.get(t.a).x, pos.get(t.a).y]);
      const [x2, y2] = view.apply([pos.get(t.b).x, pos.get(t.b).y]);
      el.setAttribute("x1", x1.toFixed(1)); el.setAttribute("y1", y1.toFixed(1));
      el.setAttribute("x2", x2.toFixed(1)); el.setAttribute("y2", y2.toFixed(1));
    }
  };
  const zoomer = zoom().scaleExtent([0.3, 12]).on("zoom", (ev) => {
    view = ev.transform;
    place();
    svg.classList.toggle("zoomed-in", view.k >= LABEL_ZOOM);
    svg.dataset.zoom = view.k.toFixed(3);
  });
  const svgSel = select(svg).call(zoomer);
  svg.dataset.zoom = "1.000";
  const zoomBy = (k) => svgSel.call(zoomer.scaleBy, k);
  const focusOn = (key) => {
    const p = pos.get(key);
    const k = Math.max(2.5, view.k);
    svgSel.call(zoomer.transform, zoomIdentity.translate(W / 2, H / 2).scale(k).translate(-p.x, -p.y));
  };

  const search = h("input", { type: "search", name: "find", list: "network-actors", placeholder: "ARM or Armenia",
    testid: "network-search", autocomplete: "off", "aria-label": "Find an actor in the network" });
  const searchNote = h("span", { class: "small muted", testid: "network-search-note", "aria-live": "polite" });
  const searchForm = h("form", { class: "network-tools", testid: "network-search-form", role: "search" },
    search, h("button", { type: "submit", testid: "network-search-submit" }, "Find"),
    h("span", { class: "zoom-buttons" },
      h("button", { type: "button", testid: "zoom-in", "aria-label": "Zoom in", onClick: () => zoomBy(1.6) }, "+"),
      h("button", { type: "button", testid: "zoom-out", "aria-label": "Zoom out", onClick: () => zoomBy(1 / 1.6) }, "−"),
      h("button", { type: "button", testid: "zoom-reset", onClick: () => svgSel.call(zoomer.transform, zoomIdentity) }, "Reset view")),
    searchNote,
    h("datalist", { id: "network-actors" }, nodes.map((n) => h("option", { value: n.key }, n.name || n.key))));
  searchForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clear(searchNote);
    const key = await findNode(search.value.trim(), nodes);
    const n = key && nodes.find((x) => x.key === key);
    if (!n) {
      searchNote.append(search.value.trim() ? `No actor “${search.value.trim()}” in this network.` : "");
      return;
    }
    selectNode(n);
    focusOn(n.key);
  });

  function selectNode(n) {
    for (const [id, el] of edgeEls) {
      const on = id.split("|").includes(n.key);
      el.classList.toggle("dim", !on);
      el.classList.toggle("hot", on);
    }
    for (const [key, el] of nodeEls) el.classList.toggle("selected", key === n.key);
    for (const [key, el] of labelEls) el.classList.toggle("selected", key === n.key);
    showActor(side, ctx, n, ties, showTie);
  }
  function showTie(t) {
    for (const [id, el] of edgeEls) { el.classList.toggle("dim", id !== t.id); el.classList.toggle("hot", id === t.id); }
    clear(side).append(tieDetail(ctx, t));
  }

  box.append(searchForm, svg, h("div", { class: "legend" },
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: scoreColour(10) } }), "cooperation (+10)"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: scoreColour(0) } }), "neutral (0)"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: scoreColour(-10) } }), "conflict (−10)"),
    h("span", { class: "legend-item muted", testid: "network-counts" }, `${nodes.length} actors, ${ties.length} ties`)));
  side.append(h("h2", {}, "Ties"), h("p", { class: "muted" }, "Select an actor in the graph (click, or Tab to it and press Enter), find one by name, or click a tie."),
    h("ol", { class: "tie-list" }, ties.slice().sort((x, y) => y.events - x.events).slice(0, 15).map((t) => tieItem(ctx, t, null, showTie))));
}

/** An actor typed into the search box: a key or name in the network, else whatever /api/resolve makes of it. */
async function findNode(text, nodes) {
  if (!text) return null;
  const lower = text.toLowerCase();
  const exact = nodes.find((n) => n.key.toLowerCase() === lower || (n.name || "").toLowerCase() === lower);
  if (exact) return exact.key;
  try {
    return (await api("resolve", { q: text })).key;
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const partial = nodes.filter((n) => (n.name || "").toLowerCase().includes(lower));
    return partial.length === 1 ? partial[0].key : null;
  }
}

function signed(v) {
  return (v > 0 ? "+" : "") + fmtNum(v, 2);
}

function tieSummary(t) {
  return `${t.a} – ${t.b}: ${t.events} events, mean score ${signed(t.mean)}\n` +
    t.directions.map((d) => `${d.source} → ${d.target}: ${d.events} events, score ${signed(d.score || 0)}`).join("\n");
}

function tieItem(ctx, t, from, onShow) {
  const other = from ? (t.a === from ? t.b : t.a) : null;
  return h("li", { class: "tie", testid: "tie", dataset: { a: t.a, b: t.b } },
    h("span", { class: "swatch", style: { background: scoreColour(t.mean) } }),
    h("button", { type: "button", class: "link tie-open", testid: "tie-open", onClick: () => onShow(t) }, from ? other : `${t.a} – ${t.b}`),
    h("span", { class: "muted" }, ` ${t.events} events · mean ${signed(t.mean)}`));
}

/** A tie with both of its directions: how many events each way and their score. */
function tieDetail(ctx, t) {
  return h("section", { testid: "network-tie-detail", dataset: { a: t.a, b: t.b } },
    h("h2", {}, `${t.a} – ${t.b}`),
    h("p", {}, `${t.events} events · mean score `, h("strong", { style: { color: scoreColour(t.mean) } }, signed(t.mean))),
    h("table", { class: "data directions" },
      h("thead", {}, h("tr", {}, ["Direction", "Events", "Score (sum)", "Coop. / conflict types"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, t.directions.map((d) => h("tr", { testid: "tie-direction", dataset: { source: d.source, target: d.target } },
        h("td", {}, `${d.source} → ${d.target}`), h("td", { class: "num" }, String(d.events)),
        h("td", { class: "num" }, signed(d.score || 0)), h("td", { class: "num" }, `${d.cooperation || 0} / ${d.conflict || 0}`))))),
    h("p", { class: "small" }, h("a", { href: ctx.hashFor("dyad", { a: t.a, b: t.b }), testid: "tie-link" }, "Dyad over time"), " · ",
      h("a", { href: ctx.hashFor("events", { actor: t.a, q: "" }) }, `events of ${t.a}`)));
}

function showActor(side, ctx, n, ties, onShow) {
  const mine = ties.filter((t) => t.a === n.key || t.b === n.key).sort((x, y) => y.events - x.events);
  clear(side).append(
    h("h2", { testid: "network-selected" }, n.key),
    h("p", {}, n.name || "", n.kind ? h("span", { class: "muted" }, ` (${n.kind})`) : null),
    h("p", { class: "small" }, `${n.events} events · `, h("a", { href: ctx.hashFor("events", { actor: n.key }) }, "all events")),
    h("ol", { class: "tie-list" }, mine.map((t) => tieItem(ctx, t, n.key, onShow))));
}

function circle(nodes, W, H) {
  const pos = new Map();
  const r = Math.min(W, H) / 2 - 50;
  nodes.forEach((n, i) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / nodes.length;
    pos.set(n.key, { x: W / 2 + r * Math.cos(a), y: H / 2 + r * Math.sin(a) });
  });
  return pos;
}

/**
 * d3-force, run to rest before drawing: links pull tied actors together (more events, shorter and
 * stronger), every actor repels every other, and collision keeps circles apart. d3-force's random
 * source is seeded, so the same network always gets the same layout. Then fitted into the box.
 */
function forceLayout(nodes, ties, radius, W, H) {
  const sim = nodes.map((n) => ({ key: n.key, r: radius(n) }));
  const links = ties.map((t) => ({ source: t.a, target: t.b, w: Math.log2(1 + t.events) }));
  const n = Math.max(1, sim.length);
  const simulation = forceSimulation(sim)
    .force("link", forceLink(links).id((d) => d.key).distance((l) => 60 / (0.6 + 0.2 * l.w)).strength((l) => Math.min(1, 0.15 + 0.1 * l.w)))
    .force("charge", forceManyBody().strength(-220 / Math.sqrt(n / 20 + 1)))
    .force("collide", forceCollide((d) => d.r + 6))
    .force("x", forceX(0).strength(0.06))
    .force("y", forceY(0).strength(0.09))
    .stop();
  simulation.tick(Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay())));
  const xs = sim.map((p) => p.x), ys = sim.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 100) / Math.max(1, x1 - x0), (H - 90) / Math.max(1, y1 - y0));
  const pos = new Map();
  for (const p of sim) {
    pos.set(p.key, sim.length > 1
      ? { x: W / 2 + (p.x - (x0 + x1) / 2) * scale, y: H / 2 + 8 + (p.y - (y0 + y1) / 2) * scale }
      : { x: W / 2, y: H / 2 });
  }
  return pos;
}
