// The HTTP API of docs/api.md, with a global loading indicator.

let inflight = 0;
const listeners = new Set();

export function onLoadingChange(fn) { listeners.add(fn); }
function bump(delta) {
  inflight += delta;
  for (const fn of listeners) fn(inflight);
}

export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.status = status;
    this.body = body; // the parsed JSON error body, when there is one (e.g. with `suggestions`)
  }
}

/** A query string: arrays repeat the parameter; empty values are left out. Also builds the views' hashes. */
export function queryString(params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") continue;
    if (Array.isArray(v)) v.forEach((x) => qs.append(k, x));
    else qs.append(k, String(v));
  }
  return qs.toString();
}

/** /api/<path>?<params> */
export function apiUrl(path, params = {}) {
  const qs = queryString(params);
  return "/api/" + path + (qs ? "?" + qs : "");
}

/** GET /api/<path> with query parameters, as JSON; an error status throws ApiError with the server's detail. */
export async function api(path, params = {}, { signal } = {}) {
  bump(1);
  try {
    const res = await fetch(apiUrl(path, params), { headers: { Accept: "application/json" }, signal });
    if (!res.ok) {
      let message = res.status + " " + res.statusText;
      let body = null;
      try {
        body = await res.json();
        if (body && body.detail) message = typeof body.detail === "string" ? body.detail : formatDetail(body.detail);
      } catch { /* not JSON */ }
      throw new ApiError(res.status, message, body);
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

// A client-side check that mirrors the API's, so a typo does not cost a 422 round trip.
export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
