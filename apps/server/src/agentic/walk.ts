import { PHASES, type PhaseName } from "./phase-names.js";
import type { RunConfig } from "./types.js";

/** Phases training cannot do without: walked (with their recommended option) even when the plan leaves them out. */
const IMPLIED: PhaseName[] = ["data_preparation", "label_selection"];

/** The phases a run walks, in order: its plan, plus what training needs. */
export function walkedPhases(config: Pick<RunConfig, "phase_plan">): PhaseName[] {
  const plan = config.phase_plan;
  const training = plan.includes("model_training");
  return PHASES.filter((p) => plan.includes(p) || (training && IMPLIED.includes(p)));
}

/** The phase after `phase` in the run's walk, or null at the end. */
export function nextPhase(config: Pick<RunConfig, "phase_plan">, phase: PhaseName): PhaseName | null {
  const walk = walkedPhases(config);
  return walk[walk.indexOf(phase) + 1] ?? null;
}

/** Whether a person decides this phase: listed in `require_approval` and in the plan, and not in auto mode. */
export function asksPerson(config: RunConfig, phase: PhaseName): boolean {
  return !config.auto_mode && config.require_approval.includes(phase) && config.phase_plan.includes(phase);
}
