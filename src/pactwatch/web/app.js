// pactwatch dashboard: shell, hash router (#/view?key=value) and shared state.
import { api, onLoadingChange, queryString } from "./api.js";
import { h, clear } from "./dom.js";
import { loadOntology } from "./plover.js";
import * as dyad from "./dyad.js";
import * as network from "./network.js";
import * as alliance from "./alliance.js";
import * as events from "./events.js";
import * as article from "./article.js";
import * as quotes from "./quotes.js";
import * as changes from "./changes.js";

const VIEWS = { dyad, network, alliance, events, article, quotes, changes };
const DEFAULT_VIEW = "dyad";

const main = document.getElementById("main");
const errorBanner = document.querySelector("[data-testid=error]");
const loading = document.querySelector("[data-testid=loading]");
const healthEl = document.querySelector("[data-testid=health]");

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#\/?/, "");
  const q = raw.indexOf("?");
  const view = (q < 0 ? raw : raw.slice(0, q)) || DEFAULT_VIEW;
  const params = {};
  for (const [k, v] of new URLSearchParams(q < 0 ? "" : raw.slice(q + 1))) {
    if (k in params) params[k] = [].concat(params[k], v);
    else params[k] = v;
  }
  return { view, params };
}

export function hashFor(view, params = {}) {
  const s = queryString(params);
  return "#/" + view + (s ? "?" + s : "");
}

export function navigate(view, params) {
  const target = hashFor(view, params);
  if (target === window.location.hash) route();
  else window.location.hash = target;
}

/** Replace the hash without re-rendering (to record form state that is already on screen). */
export function replaceParams(view, params) {
  history.replaceState(null, "", hashFor(view, params));
}

export function showError(err) {
  if (!err) { errorBanner.hidden = true; clear(errorBanner); return; }
  if (err.name === "AbortError") return;
  clear(errorBanner).append(
    h("span", {}, "Error: " + (err.message || String(err))),
    h("button", { type: "button", class: "link", onClick: () => showError(null), "aria-label": "Dismiss error" }, "✕"),
  );
  errorBanner.hidden = false;
}

let health = null;
let actors = null;
export const ctx = {
  navigate, replaceParams, showError, hashFor,
  get health() { return health; },
  /** Actors for the datalist and names; loaded once. */
  async actors() {
    if (!actors) actors = api("actors", { limit: 1000 }).catch((e) => { actors = null; throw e; });
    return actors;
  },
  emptyHint() {
    return h("p", { class: "empty", testid: "empty-store" },
      "No events yet — run ", h("code", {}, "pactwatch ingest ARTICLES/"), " to load articles, then reload this page.");
  },
};

async function loadShared() {
  try {
    health = await api("health");
    clear(healthEl).append(`${health.articles} articles · ${health.events} events`);
  } catch (e) {
    clear(healthEl).append("API unavailable");
    showError(e);
  }
  try {
    const list = await ctx.actors();
    const dl = document.getElementById("actor-list");
    clear(dl);
    for (const a of list) dl.append(h("option", { value: a.key }, `${a.name || a.key} (${a.events} events)`));
  } catch (e) { showError(e); }
}

let renderSeq = 0;
let ontologyLoaded = null;
async function route() {
  const { view, params } = parseHash();
  const mod = VIEWS[view];
  const seq = ++renderSeq;
  for (const a of document.querySelectorAll("nav a[data-view]")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  showError(null);
  clear(main);
  if (!mod) {
    main.append(h("section", { class: "view" }, h("h1", {}, "Not found"),
      h("p", {}, "No view called “" + view + "”. Pick one from the tabs above.")));
    return;
  }
  const root = h("section", { class: "view view-" + view, testid: "view-" + view });
  main.append(root);
  document.title = "pactwatch · " + (mod.title || view);
  try {
    // Every view reads PLOVER types, quads and colours from the server's ontology (GET /api/plover).
    ontologyLoaded = ontologyLoaded || loadOntology().catch((e) => { ontologyLoaded = null; throw e; });
    await ontologyLoaded;
    if (seq !== renderSeq) return;
    await mod.render(root, params, { ...ctx, isCurrent: () => seq === renderSeq });
  } catch (e) {
    if (seq === renderSeq) showError(e);
  }
}

onLoadingChange((n) => { loading.hidden = n === 0; });
window.addEventListener("hashchange", route);
window.addEventListener("error", (e) => showError(e.error || new Error(e.message)));
window.addEventListener("unhandledrejection", (e) => showError(e.reason));
loadShared();
route();
