import type { AnyDefinition, RunContext, Verdict } from "./definition.js";
import { schemaProblems } from "./input.js";

/**
 * Runs an attempt's result through the definition's validators: first the result's shape (its `resultSchema`; a
 * result of the wrong shape is not worth correcting), then the definition's own judgement.
 */
export async function validateResult<I>(
  definition: AnyDefinition,
  result: unknown,
  input: I,
  ctx: RunContext,
): Promise<Verdict<I>> {
  const problems = schemaProblems(definition.resultSchema, result);
  if (problems.length > 0) {
    return {
      ok: false,
      message: `The result is not shaped as "${definition.key}" promises: ${problems.slice(0, 5).join("; ")}.`,
      data: { validator: "result_schema", problems },
    };
  }
  return definition.validate(result, input, ctx);
}

/** Whether `score` reaches `minimum` in the metric's direction (for an error metric, "at least" means "at most"). */
export function meetsMinimum(score: number, minimum: number, higherIsBetter: boolean): boolean {
  if (!Number.isFinite(score)) return false;
  return higherIsBetter ? score >= minimum : score <= minimum;
}
