// The PLOVER ontology as the server serves it (GET /api/plover, pactwatch.plover.to_json()): event
// types in the manual's order, their quad classes and scores. The dashboard keeps no copy of its
// own, so a change to data/plover.yaml reaches every view. Loaded once, before the first view draws.
import { api } from "./api.js";

let ontology = null;

// Colours follow the quad class (blue verbal / green material cooperation, orange verbal / red
// material conflict), light to dark in the order the types come within their class.
const QUAD_RAMPS = {
  1: ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c"],
  2: ["#a1d99b", "#74c476", "#31a354", "#006d2c", "#00441b"],
  3: ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"],
  4: ["#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#a50f15", "#67000d"],
};

export async function loadOntology() {
  if (ontology) return ontology;
  const data = await api("plover");
  const byName = new Map();
  const perQuad = {};
  for (const t of data.types || []) {
    const q = t.quad_class;
    const ramp = QUAD_RAMPS[q] || ["#999"];
    const k = (perQuad[q] = (perQuad[q] || 0) + 1) - 1;
    byName.set(t.name, { ...t, colour: ramp[Math.min(k, ramp.length - 1)] });
  }
  ontology = { types: [...byName.keys()], byName, quadClasses: data.quad_classes || {}, scoreRule: data.score_rule || "" };
  return ontology;
}

function current() {
  if (!ontology) throw new Error("the PLOVER ontology is not loaded yet (GET /api/plover)");
  return ontology;
}

/** The 16 PLOVER type names, in the manual's order. */
export const ploverTypes = () => current().types;
export const isPloverType = (t) => current().byName.has(t);
/** 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict; 0 unknown. */
export const quadOf = (t) => (current().byName.get(t) || {}).quad_class || 0;
export const colourOf = (t) => (current().byName.get(t) || {}).colour || "#999";
/** The type's PLOVER score (the API gives each event's own score; this is for legends and filters). */
export const typeScore = (t) => (current().byName.get(t) || {}).score;
export const isCooperation = (t) => quadOf(t) === 1 || quadOf(t) === 2;
export const isConflict = (t) => quadOf(t) === 3 || quadOf(t) === 4;
export const scoreRule = () => current().scoreRule;
