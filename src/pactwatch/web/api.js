// The HTTP API of docs/api.md, with a global loading indicator.

let inflight = 0;
const listeners = new Set();

export function onLoadingChange(fn) { listeners.add(fn); }
function bump(delta) {
  inflight += delta;
  for (const fn of listeners) fn(inflight);
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET /api/<path> with query parameters (arrays repeat the parameter; empty values are left out). */
export async function api(path, params = {}, { signal } = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.append(k, String(v));
  }
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  bump(1);
  try {
    const res = await fetch(url, { headers: { Accept: "application/json" }, signal });
    if (!res.ok) {
      let message = res.status + " " + res.statusText;
      try {
        const body = await res.json();
        if (body && body.detail) message = typeof body.detail === "string" ? body.detail : formatDetail(body.detail);
      } catch { /* not JSON */ }
      throw new ApiError(res.status, message);
    }
    return await res.json();
  } finally {
    bump(-1);
  }
}

function formatDetail(detail) {
  if (Array.isArray(detail)) {
    return detail.map((d) => ((d.loc || []).slice(1).join(".") || "request") + ": " + (d.msg || "invalid")).join("; ");
  }
  return JSON.stringify(detail);
}

/** Pages through a {total, items} endpoint until `cap` items, reporting progress. */
export async function fetchAll(path, params, { cap = 5000, pageSize = 1000, onProgress } = {}) {
  const items = [];
  let total = 0;
  for (let offset = 0; offset < cap; offset += pageSize) {
    const page = await api(path, { ...params, limit: Math.min(pageSize, cap - offset), offset });
    total = page.total;
    items.push(...page.items);
    if (onProgress) onProgress(items.length, total);
    if (items.length >= total || !page.items.length) break;
  }
  return { total, items };
}

// Client-side checks that mirror the API's, so a typo does not cost a 422 round trip.
export const ACTOR_RE = /^[A-Z0-9_]{2,12}$/;
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
  "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
// PLOVER quad classes (data/plover.yaml): 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.
export const QUAD = {
  AGREE: 1, CONSULT: 1, SUPPORT: 1, CONCEDE: 1, COOPERATE: 2, AID: 2, RETREAT: 2,
  REQUEST: 3, ACCUSE: 3, REJECT: 3, THREATEN: 3, PROTEST: 4, SANCTION: 4, MOBILIZE: 4, COERCE: 4, ASSAULT: 4,
};
export const TYPE_COLOURS = {
  AGREE: "#9ecae1", CONSULT: "#6baed6", SUPPORT: "#4292c6", CONCEDE: "#2171b5",
  COOPERATE: "#74c476", AID: "#31a354", RETREAT: "#006d2c",
  REQUEST: "#fdd0a2", ACCUSE: "#fdae6b", REJECT: "#fd8d3c", THREATEN: "#e6550d",
  PROTEST: "#fc9272", SANCTION: "#ef3b2c", MOBILIZE: "#cb181d", COERCE: "#a50f15", ASSAULT: "#67000d",
};
