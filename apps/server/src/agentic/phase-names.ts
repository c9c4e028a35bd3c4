import { fieldError } from "../http/errors.js";

/** The workflow's phases, in the order a run walks them. */
export const PHASES = [
  "data_preparation",
  "label_selection",
  "feature_engineering",
  "model_training",
  "model_deployment",
  "report_creation",
  "monitoring_creation",
] as const;
export type PhaseName = (typeof PHASES)[number];

/** Phases that make no sense without an earlier one in the plan (they need its model or deployment). */
const NEEDS: Partial<Record<PhaseName, PhaseName>> = {
  model_deployment: "model_training",
  report_creation: "model_training",
  monitoring_creation: "model_deployment",
};

/** Whether `name` is a phase. */
export function isPhase(name: unknown): name is PhaseName {
  return typeof name === "string" && (PHASES as readonly string[]).includes(name);
}

/** A list of phase names from a request, or a 400 naming the unknown entry and listing the valid ones. */
export function phaseList(value: readonly string[], path: string): PhaseName[] {
  const seen = new Set<string>();
  return value.map((name, i) => {
    if (!isPhase(name))
      throw fieldError(`${path}.${i}`, `unknown phase "${name}"; valid phases: ${PHASES.join(", ")}`);
    if (seen.has(name)) throw fieldError(`${path}.${i}`, `phase "${name}" is listed twice`);
    seen.add(name);
    return name;
  });
}

/** A validated `phase_plan`: known phases, in workflow order, with the phases they depend on. */
export function checkPlan(value: readonly string[], path: string): PhaseName[] {
  const plan = phaseList(value, path);
  if (plan.length === 0) throw fieldError(path, "name at least one phase");
  plan.forEach((phase, i) => {
    if (i > 0 && PHASES.indexOf(phase) < PHASES.indexOf(plan[i - 1]))
      throw fieldError(
        `${path}.${i}`,
        `"${phase}" comes before "${plan[i - 1]}" in the workflow (${PHASES.join(" → ")})`,
      );
    const needed = NEEDS[phase];
    if (needed && !plan.includes(needed))
      throw fieldError(`${path}.${i}`, `"${phase}" needs "${needed}" in the plan too`);
  });
  return plan;
}
