import { versionKey } from "../../datasets/repository.js";
import { fieldError } from "../../http/errors.js";
import type { FeatureDrift } from "../../monitors/reference.js";
import { inputColumn, inputVersion, previousVersion, runVersion } from "../datasets.js";
import { AgentFailure, type ExecutionDefinition } from "../definition.js";
import { inputSchema, optional, required, uuid } from "../schema.js";
import { runThread } from "../thread.js";
import type { DriftInput, DriftReply } from "../threads/drift.js";

export interface DriftCheckInput {
  dataset_id: string;
  reference_version_id: string | null;
  current_version_id: string | null;
  columns: string[] | null;
  numeric_statistic: "psi" | "ks" | null;
  categorical_statistic: "psi" | "chi_squared" | null;
  psi_threshold: number | null;
  p_value_threshold: number | null;
  max_rows: number | null;
  fail_on_drift: boolean | null;
}

export interface DriftCheckResult {
  dataset_id: string;
  reference_version_id: string;
  current_version_id: string;
  reference_rows: number;
  current_rows: number;
  drifted_columns: string[];
  columns: FeatureDrift[];
}

/** `drift-check`: two versions of a dataset → the drift of each column (PSI, KS or chi-squared), on a thread. */
export const driftCheck: ExecutionDefinition<DriftCheckInput, DriftCheckResult> = {
  key: "drift-check",
  name: "Check drift between dataset versions",
  description:
    "Measures how far each column of a dataset version has moved from a reference version (by default the " +
    "current version against the one before it): PSI, or a KS / chi-squared test. With fail_on_drift a drifted " +
    "column fails the execution (drift_detected).",
  inputSchema: inputSchema("DriftCheckAgenticExecutionInput", "Input for comparing two dataset versions.", {
    dataset_id: required(uuid, "The dataset whose versions are compared."),
    reference_version_id: optional(
      uuid,
      null,
      "The baseline; null takes the version before the current one.",
    ),
    current_version_id: optional(
      uuid,
      null,
      "The version checked; null takes the current one at submission.",
    ),
    columns: optional(
      { type: "array", items: { type: "string", minLength: 1 }, minItems: 1, uniqueItems: true },
      null,
      "Columns to compare; null compares every column both versions have.",
    ),
    numeric_statistic: optional({ type: "string", enum: ["psi", "ks"] }, "psi", "For numeric columns."),
    categorical_statistic: optional(
      { type: "string", enum: ["psi", "chi_squared"] },
      "psi",
      "For categories.",
    ),
    psi_threshold: optional({ type: "number", exclusiveMinimum: 0 }, 0.2, "PSI above it is drift."),
    p_value_threshold: optional(
      { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
      0.01,
      "A KS or chi-squared p-value below it is drift.",
    ),
    max_rows: optional(
      { type: "integer", minimum: 100, maximum: 200_000 },
      50_000,
      "Rows sampled per version.",
    ),
    fail_on_drift: optional({ type: "boolean" }, false, "Fail with drift_detected when a column drifted."),
  }),
  resultSchema: {
    type: "object",
    required: ["reference_version_id", "current_version_id", "drifted_columns", "columns"],
    properties: { columns: { type: "array", minItems: 1 }, drifted_columns: { type: "array" } },
  },
  failureCodes: {
    dataset_missing: "A compared version was deleted before the execution ran.",
    drift_detected: "With fail_on_drift: at least one column drifted (the explanation names them).",
  },
  maxFiles: 0,

  async prepare(input, ctx) {
    const current = await inputVersion(
      ctx,
      input.dataset_id,
      input.current_version_id,
      "dataset_id",
      "current_version_id",
    );
    const reference = input.reference_version_id
      ? await inputVersion(
          ctx,
          input.dataset_id,
          input.reference_version_id,
          "dataset_id",
          "reference_version_id",
        )
      : await previousVersion(ctx.server.db, input.dataset_id, current.version_no);
    if (!reference) {
      throw fieldError(
        "body.input.reference_version_id",
        `version ${current.version_no} is the dataset's first; give a reference version or upload another version`,
      );
    }
    if (reference.id === current.id)
      throw fieldError(
        "body.input.reference_version_id",
        "is the version being checked; compare two versions",
      );
    input.columns?.forEach((column, i) => {
      inputColumn(reference, column, `columns.${i}`);
      inputColumn(current, column, `columns.${i}`);
    });
    return {
      input: { ...input, reference_version_id: reference.id, current_version_id: current.id },
      datasetId: input.dataset_id,
    };
  },

  async run(input, ctx) {
    const reference = await runVersion(ctx.db, input.dataset_id, input.reference_version_id as string);
    const current = await runVersion(ctx.db, input.dataset_id, input.current_version_id as string);
    await ctx.say(
      `Comparing version ${current.version_no} (${current.row_count} rows) with version ${reference.version_no} ` +
        `(${reference.row_count} rows): ${input.numeric_statistic} for numbers, ${input.categorical_statistic} for categories.`,
    );
    const reply = await runThread<DriftReply>(
      "drift.js",
      {
        referencePath: ctx.blobs.path(versionKey(input.dataset_id, reference.id)),
        currentPath: ctx.blobs.path(versionKey(input.dataset_id, current.id)),
        scratch: [await ctx.blobs.scratch(".parquet"), await ctx.blobs.scratch(".parquet")],
        maxRows: input.max_rows ?? 50_000,
        columns: input.columns,
        numeric: input.numeric_statistic ?? "psi",
        categorical: input.categorical_statistic ?? "psi",
        thresholds: {
          psi: input.psi_threshold ?? 0.2,
          ks: input.p_value_threshold ?? 0.01,
          chi_squared: input.p_value_threshold ?? 0.01,
        },
      } satisfies DriftInput,
      ctx.signal,
    );
    if (reply.type === "failed") throw new AgentFailure("runtime_error", reply.message);
    const drifted = reply.columns.filter((c) => c.drifted).map((c) => c.column);
    await ctx.say(
      drifted.length
        ? `Drifted: ${drifted.join(", ")} (of ${reply.columns.length} columns).`
        : `No column drifted (${reply.columns.length} compared).`,
      { drifted_columns: drifted },
    );
    return {
      dataset_id: input.dataset_id,
      reference_version_id: reference.id,
      current_version_id: current.id,
      reference_rows: reply.referenceRows,
      current_rows: reply.currentRows,
      drifted_columns: drifted,
      columns: reply.columns,
    };
  },

  async validate(result, input) {
    const data = { drifted_columns: result.drifted_columns };
    const summary = `${result.drifted_columns.length} of ${result.columns.length} column(s) drifted`;
    if (input.fail_on_drift && result.drifted_columns.length > 0) {
      const detail = result.columns
        .filter((c) => c.drifted)
        .map(
          (c) =>
            `${c.column} (${c.statistic} ${c.value?.toPrecision(3)}${c.p_value === null ? "" : `, p ${c.p_value.toPrecision(3)}`})`,
        );
      return { ok: false, code: "drift_detected", message: `${summary}: ${detail.join(", ")}.`, data };
    }
    return {
      ok: true,
      message: `${summary}${result.drifted_columns.length ? `: ${result.drifted_columns.join(", ")}` : ""}.`,
      data,
    };
  },
};
