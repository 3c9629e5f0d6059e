// Actor network: nodes are actors, edges weighted by event counts and coloured from cooperation
// (teal/blue) to conflict (red). Deterministic layout: circle, or a seeded force layout.
import { api, DATE_RE, PLOVER_TYPES, QUAD } from "./api.js";
import { h, s, clear, activatable } from "./dom.js";
import { dateInput, empty, field, placeholder, typeBadge } from "./widgets.js";

export const title = "Network";

export async function render(root, params, ctx) {
  const types = [].concat(params.type || []).filter((t) => PLOVER_TYPES.includes(t));
  const layout = params.layout === "circle" ? "circle" : "force";
  const minEvents = Math.max(1, parseInt(params.min_events || "1", 10) || 1);

  const typeBoxes = h("fieldset", { class: "type-filter", testid: "network-types" }, h("legend", {}, "Event types (none = all)"),
    PLOVER_TYPES.map((t) => h("label", { class: "check quad-" + QUAD[t] },
      h("input", { type: "checkbox", name: "type", value: t, checked: types.includes(t) }), t)));
  const form = h("form", { class: "filters", testid: "network-form" },
    field("From", dateInput("start", params.start, "network-start")),
    field("To", dateInput("end", params.end, "network-end")),
    field("Min. events", h("input", { type: "number", name: "min_events", min: 1, value: String(minEvents), class: "narrow", testid: "network-min" })),
    field("Layout", h("select", { name: "layout", testid: "network-layout" },
      h("option", { value: "force", selected: layout === "force" }, "Force"),
      h("option", { value: "circle", selected: layout === "circle" }, "Circle"))),
    h("div", { class: "type-quick" },
      h("button", { type: "button", onClick: () => pick((t) => QUAD[t] <= 2) }, "Cooperation"),
      h("button", { type: "button", onClick: () => pick((t) => QUAD[t] >= 3) }, "Conflict"),
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
    h("p", { class: "lede" }, "Edge width: number of events between two actors; colour: share of cooperation (teal) versus conflict (red). Select an actor to list its ties.")),
  form, body);
  for (const d of [params.start, params.end]) if (d && !DATE_RE.test(d)) { body.append(empty("Dates are YYYY-MM-DD.")); return; }

  body.append(placeholder("Loading network…"));
  const net = await api("network", { start: params.start, end: params.end, type: types, min_events: minEvents });
  if (!ctx.isCurrent()) return;
  clear(body);
  const nodes = (net.nodes || []).slice().sort((x, y) => (y.events - x.events) || (x.key < y.key ? -1 : 1));
  const keys = new Set(nodes.map((n) => n.key));
  const edges = (net.edges || []).filter((e) => keys.has(e.source) && keys.has(e.target) && e.source !== e.target);
  if (!nodes.length) {
    body.append(empty(h("p", { testid: "network-empty" }, "No actors with events match these filters. Widen the dates, lower the minimum or clear the type filter."),
      ctx.health && ctx.health.events === 0 ? ctx.emptyHint() : null));
    return;
  }

  const side = h("aside", { class: "network-side", testid: "network-side", "aria-live": "polite" });
  const box = h("div", { class: "chart-box network-chart", testid: "network-chart" });
  body.append(h("div", { class: "split" }, box, side));
  const W = Math.max(560, Math.floor(box.clientWidth || 860)), H = 560;
  const pos = layout === "circle" ? circle(nodes, W, H) : force(nodes, edges, W, H);

  const maxEv = Math.max(1, ...edges.map((e) => e.events));
  const maxNode = Math.max(1, ...nodes.map((n) => n.events || 0));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "chart network", role: "group", "aria-label": "Actor network", testid: "network-svg" });
  const edgeLayer = s("g", { class: "edges" });
  const nodeLayer = s("g", { class: "nodes" });
  const edgeEls = [];
  for (const e of edges.slice().sort((x, y) => x.events - y.events)) {
    const p = pos.get(e.source), q = pos.get(e.target);
    const el = s("line", { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: "edge", testid: "network-edge",
      "stroke-width": (1 + 7 * Math.sqrt(e.events / maxEv)).toFixed(2), stroke: edgeColour(e),
      dataset: { source: e.source, target: e.target, events: e.events } },
    s("title", {}, `${e.source} – ${e.target}: ${e.events} events (${e.cooperation || 0} cooperation, ${e.conflict || 0} conflict), score ${e.score}`));
    edgeEls.push(el);
    edgeLayer.append(el);
  }
  const select = (n) => {
    for (const el of edgeEls) {
      const on = el.dataset.source === n.key || el.dataset.target === n.key;
      el.classList.toggle("dim", !on);
      el.classList.toggle("hot", on);
    }
    for (const el of nodeLayer.querySelectorAll(".node")) el.classList.toggle("selected", el.dataset.key === n.key);
    showActor(side, ctx, n, edges);
  };
  for (const n of nodes) {
    const p = pos.get(n.key);
    const r = 5 + 13 * Math.sqrt((n.events || 0) / maxNode);
    const label = `${n.key}${n.name && n.name !== n.key ? " — " + n.name : ""}: ${n.events} events`;
    const g = s("g", { class: ["node", "kind-" + (n.kind || "other")], testid: "network-node", dataset: { key: n.key }, transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` },
      s("title", {}, label),
      s("circle", { r: r.toFixed(1) }),
      s("text", { y: -r - 4, "text-anchor": "middle", class: "node-label" }, n.key));
    activatable(g, label, () => select(n));
    nodeLayer.append(g);
  }
  svg.append(edgeLayer, nodeLayer);
  box.append(svg, h("div", { class: "legend" },
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: edgeColour({ cooperation: 1, conflict: 0 }) } }), "cooperation"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: edgeColour({ cooperation: 1, conflict: 1 }) } }), "mixed"),
    h("span", { class: "legend-item" }, h("span", { class: "swatch", style: { background: edgeColour({ cooperation: 0, conflict: 1 }) } }), "conflict"),
    h("span", { class: "legend-item muted" }, `${nodes.length} actors, ${edges.length} ties`)));
  side.append(h("h2", {}, "Ties"), h("p", { class: "muted" }, "Select an actor in the graph (click, or Tab to it and press Enter)."),
    h("ol", { class: "tie-list" }, edges.slice().sort((x, y) => y.events - x.events).slice(0, 15).map((e) => tieItem(ctx, e))));
}

function edgeColour(e) {
  const coop = e.cooperation || 0, conf = e.conflict || 0;
  const share = coop + conf ? conf / (coop + conf) : 0.5; // 0 = all cooperation, 1 = all conflict
  // teal (27,158,119) -> grey (150,150,150) -> red (215,48,39)
  const lerp = (a, b, t) => Math.round(a + (b - a) * t);
  const [c0, c1, t] = share < 0.5 ? [[27, 140, 160], [150, 150, 150], share * 2] : [[150, 150, 150], [215, 48, 39], (share - 0.5) * 2];
  return `rgb(${lerp(c0[0], c1[0], t)},${lerp(c0[1], c1[1], t)},${lerp(c0[2], c1[2], t)})`;
}

function tieItem(ctx, e, from) {
  const other = from ? (e.source === from ? e.target : e.source) : null;
  return h("li", { class: "tie" },
    h("span", { class: "swatch", style: { background: edgeColour(e) } }),
    h("a", { href: ctx.hashFor("dyad", { a: from || e.source, b: other || e.target }), testid: "tie-link" }, from ? other : `${e.source} – ${e.target}`),
    h("span", { class: "muted" }, ` ${e.events} events · ${e.cooperation || 0} coop / ${e.conflict || 0} conflict`));
}

function showActor(side, ctx, n, edges) {
  const mine = edges.filter((e) => e.source === n.key || e.target === n.key).sort((x, y) => y.events - x.events);
  clear(side).append(
    h("h2", { testid: "network-selected" }, n.key),
    h("p", {}, n.name || "", n.kind ? h("span", { class: "muted" }, ` (${n.kind})`) : null),
    h("p", { class: "small" }, `${n.events} events · `, h("a", { href: ctx.hashFor("events", { actor: n.key }) }, "all events")),
    h("ol", { class: "tie-list" }, mine.map((e) => tieItem(ctx, e, n.key))));
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

/** Fruchterman–Reingold from the circle layout: no randomness, so the same data draws the same graph. */
function force(nodes, edges, W, H) {
  const start = circle(nodes, W, H);
  const P = nodes.map((n) => ({ key: n.key, ...start.get(n.key), dx: 0, dy: 0 }));
  const idx = new Map(P.map((p, i) => [p.key, i]));
  const area = (W - 80) * (H - 80);
  const k = Math.sqrt(area / Math.max(1, P.length)) * 0.9;
  const E = edges.map((e) => [idx.get(e.source), idx.get(e.target), Math.log2(1 + e.events)]);
  let temp = W / 8;
  const iterations = P.length > 150 ? 120 : 300;
  for (let it = 0; it < iterations; it++) {
    for (const p of P) { p.dx = 0; p.dy = 0; }
    for (let i = 0; i < P.length; i++) for (let j = i + 1; j < P.length; j++) {
      let dx = P[i].x - P[j].x, dy = P[i].y - P[j].y;
      let d = Math.hypot(dx, dy);
      if (d < 0.01) { dx = 0.01 * (i - j); dy = 0.01; d = Math.hypot(dx, dy); }
      const f = (k * k) / d;
      P[i].dx += (dx / d) * f; P[i].dy += (dy / d) * f;
      P[j].dx -= (dx / d) * f; P[j].dy -= (dy / d) * f;
    }
    for (const [i, j, w] of E) {
      const dx = P[i].x - P[j].x, dy = P[i].y - P[j].y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const f = ((d * d) / k) * (0.8 + 0.2 * w);
      P[i].dx -= (dx / d) * f; P[i].dy -= (dy / d) * f;
      P[j].dx += (dx / d) * f; P[j].dy += (dy / d) * f;
    }
    for (const p of P) {
      // gravity keeps unconnected actors on screen
      p.dx += (W / 2 - p.x) * 0.6; p.dy += (H / 2 - p.y) * 0.6;
      const d = Math.max(0.01, Math.hypot(p.dx, p.dy));
      p.x += (p.dx / d) * Math.min(d, temp);
      p.y += (p.dy / d) * Math.min(d, temp);
    }
    temp = Math.max(1, temp * 0.97);
  }
  // fit into the box
  const xs = P.map((p) => p.x), ys = P.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (W - 100) / Math.max(1, x1 - x0), sy = (H - 90) / Math.max(1, y1 - y0);
  const pos = new Map();
  for (const p of P) pos.set(p.key, { x: 50 + (p.x - x0) * (P.length > 1 ? sx : 0) + (P.length > 1 ? 0 : W / 2 - 50), y: 55 + (p.y - y0) * (P.length > 1 ? sy : 0) + (P.length > 1 ? 0 : H / 2 - 55) });
  return pos;
}
