// DOM helpers. Every piece of data reaches the page as a text node or an attribute value set
// through the DOM API: nothing here parses HTML, so article text cannot become markup.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "class") {
      el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    } else if (key === "testid") {
      el.setAttribute("data-testid", value);
    } else if (key === "dataset") {
      for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) el.dataset[k] = String(v);
    } else if (key === "style" && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) el.style.setProperty(k, v);
    } else if (key === "value" || key === "checked" || key === "selected" || key === "disabled") {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h("a", {href, class, onClick}, "text", child, [more]) -> HTMLElement */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  return append(el, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  return append(el, children);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Only http(s) links from data become clickable; anything else (javascript:, data:) stays text. */
export function safeUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const u = new URL(url, window.location.href);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

export function extLink(url, text) {
  const href = safeUrl(url);
  if (!href) return h("span", {}, text || url || "");
  return h("a", { href, rel: "noopener noreferrer", target: "_blank" }, text || url);
}

/** Makes an element (SVG shapes, table rows) act as a button for mouse and keyboard. */
export function activatable(el, label, handler) {
  el.setAttribute("tabindex", "0");
  el.setAttribute("role", "button");
  if (label) el.setAttribute("aria-label", label);
  el.addEventListener("click", handler);
  el.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" || ev.key === " ") {
      ev.preventDefault();
      handler(ev);
    }
  });
  return el;
}

/**
 * Splits `text` at the given spans into text nodes and <mark> elements.
 * spans: [{start, end, kind: "event"|"quote", index, label}], offsets in Unicode code points
 * (Python's string offsets); they are mapped to JavaScript's UTF-16 offsets here.
 * Overlapping spans are cut into segments; a segment covered by an event and a quote is one
 * <mark class="hl-event hl-quote">.
 */
export function highlight(text, spans) {
  const toUtf16 = codePointMapper(text);
  const length = text.length;
  const valid = [];
  for (const sp of spans) {
    if (!Number.isInteger(sp.start) || !Number.isInteger(sp.end)) continue;
    const start = Math.max(0, Math.min(length, toUtf16(sp.start)));
    const end = Math.max(0, Math.min(length, toUtf16(sp.end)));
    if (end > start) valid.push({ ...sp, start, end });
  }
  const cuts = new Set([0, length]);
  for (const sp of valid) { cuts.add(sp.start); cuts.add(sp.end); }
  const points = [...cuts].sort((x, y) => x - y);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = valid.filter((sp) => sp.start <= a && sp.end >= b);
    if (!covering.length) { frag.append(document.createTextNode(piece)); continue; }
    const events = covering.filter((sp) => sp.kind === "event");
    const quotes = covering.filter((sp) => sp.kind === "quote");
    const mark = document.createElement("mark");
    mark.className = [events.length ? "hl-event" : "", quotes.length ? "hl-quote" : ""].filter(Boolean).join(" ");
    if (events.length) mark.dataset.events = events.map((sp) => sp.index).join(" ");
    if (quotes.length) mark.dataset.quotes = quotes.map((sp) => sp.index).join(" ");
    mark.title = covering.map((sp) => sp.label).join("\n");
    mark.append(document.createTextNode(piece));
    frag.append(mark);
  }
  return frag;
}

function codePointMapper(text) {
  // Fast path: no surrogate pairs, so code point offsets equal UTF-16 offsets.
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
  const map = [];
  let u = 0;
  for (const ch of text) { map.push(u); u += ch.length; }
  map.push(u);
  return (i) => (i >= map.length ? text.length : map[Math.max(0, i)]);
}

export function fmtNum(n, digits = 1) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}
