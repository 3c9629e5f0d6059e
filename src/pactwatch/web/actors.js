// Actor fields take what a person types: a key ("ARM"), a lower-case key ("arm") or a name
// ("Armenia"). Anything but a key the store already knows goes through GET /api/resolve (the
// server's pactwatch.lookup), so the dashboard accepts exactly what the CLI accepts and fails the
// same way: a message naming the field, with the server's suggestions to pick from.
import { api, ApiError } from "./api.js";
import { h } from "./dom.js";

export class ActorNotFound extends Error {
  constructor(problems) {
    super(problems.map((p) => `${p.label}: ${p.message}`).join("; "));
    this.problems = problems; // [{name, label, text, message, suggestions: [{key, name}]}]
  }
}

function suggestionsOf(body) {
  const raw = (body && (body.suggestions || (body.detail && body.detail.suggestions))) || [];
  return raw.map((s) => (typeof s === "string" ? { key: s, name: null } : { key: s.key, name: s.name || s.label || null }))
    .filter((s) => s.key);
}

// The server's message names its own parameter ("q: no actor …") and lists the suggestions
// ("; did you mean ARM (Armenia), …?"); the field's label and the suggestion buttons say both here.
function ownWords(detail, suggestions) {
  const message = detail.replace(/^q: /, "");
  return suggestions.length ? message.replace(/; did you mean .*$/, "") + "; did you mean:" : message;
}

function named(suggestions, detail) {
  return suggestions.map((s) => {
    if (s.name) return s;
    const at = detail.indexOf(s.key + " (");
    const name = at < 0 ? null : detail.slice(at + s.key.length + 2, detail.indexOf(")", at));
    return { ...s, name };
  });
}

/** The key for one field's text: "" for an empty field; throws ActorNotFound for a text that names no actor. */
async function resolveOne(ctx, name, label, text) {
  const value = (text || "").trim();
  if (!value) return "";
  let known = [];
  try { known = await ctx.actors(); } catch { /* the resolver still answers */ }
  if (known.some((a) => a.key === value)) return value;
  try {
    const found = await api("resolve", { q: value });
    return found.key;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 422)) {
      const detail = e.body && typeof e.body.detail === "string" ? e.body.detail : e.message;
      const suggestions = suggestionsOf(e.body);
      throw new ActorNotFound([{ name, label, text: value, suggestions: named(suggestions, detail), message: ownWords(detail, suggestions) }]);
    }
    throw e;
  }
}

/**
 * Resolves several fields at once: fields = [{name, label, text}] -> {name: key}.
 * Every field is tried, so one message lists all the fields that name nothing.
 */
export async function resolveActors(ctx, fields) {
  const out = {};
  const problems = [];
  await Promise.all(fields.map(async (f) => {
    try {
      out[f.name] = await resolveOne(ctx, f.name, f.label, f.text);
    } catch (e) {
      if (!(e instanceof ActorNotFound)) throw e;
      problems.push(...e.problems);
    }
  }));
  if (problems.length) throw new ActorNotFound(fields.map((f) => problems.find((p) => p.name === f.name)).filter(Boolean));
  return out;
}

/**
 * Resolves a view's actor parameters (keys or names, from its URL or form) for rendering it: the
 * keys, with the URL rewritten to them; or null, once `where` shows what named nothing (each
 * suggestion re-opens the view with it), or when the view has been left meanwhile.
 * fields = [{name, label}]: the parameters to resolve.
 */
export async function resolveViewActors(ctx, view, params, fields, where) {
  let keys;
  try {
    keys = await resolveActors(ctx, fields.map((f) => ({ ...f, text: params[f.name] })));
  } catch (e) {
    if (!(e instanceof ActorNotFound)) throw e;
    if (ctx.isCurrent()) where.append(actorProblem(e, (name, key) => ctx.navigate(view, { ...params, [name]: key, offset: "" })));
    return null;
  }
  if (!ctx.isCurrent()) return null;
  if (fields.some((f) => keys[f.name] !== (params[f.name] || ""))) ctx.replaceParams(view, { ...params, ...keys });
  return keys;
}

/**
 * The message for an ActorNotFound: one line per field, each suggestion a button that
 * calls pick(fieldName, key) (views re-run their query with it).
 */
export function actorProblem(err, pick) {
  return h("div", { class: "empty actor-problem", testid: "actor-problem", role: "alert" },
    err.problems.map((p) => h("p", { testid: "actor-problem-" + p.name },
      h("strong", {}, p.label), ": ", p.message,
      p.suggestions.length ? h("span", { class: "suggestion-list" }, " ",
        p.suggestions.map((s) => h("button", { type: "button", class: "chip suggestion", testid: "actor-suggestion",
          dataset: { field: p.name, key: s.key }, onClick: () => pick(p.name, s.key) },
        s.name ? `${s.key} (${s.name})` : s.key))) : null)));
}
