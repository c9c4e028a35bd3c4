import { versionProfile } from "../../datasets/profile-store.js";
import type { DatasetProfile, ProfileFinding } from "../../datasets/profile-types.js";
import { inputColumn, inputVersion, runVersion } from "../datasets.js";
import type { ExecutionDefinition } from "../definition.js";
import { inputSchema, optional, required, uuid } from "../schema.js";

const FINDING_KINDS: ProfileFinding["kind"][] = [
  "constant",
  "id_like",
  "high_missing",
  "duplicates",
  "skewed",
  "outliers",
  "leakage",
  "class_imbalance",
  "rare_classes",
];

export interface DatasetProfileInput {
  dataset_id: string;
  dataset_version_id: string | null;
  label_column: string | null;
  fail_on: ProfileFinding["kind"][] | null;
}

export type DatasetProfileResult = DatasetProfile & { dataset_id: string; dataset_version_id: string };

/** `dataset-profile`: a dataset version → its profile; optionally a data-quality gate over its findings. */
export const datasetProfile: ExecutionDefinition<DatasetProfileInput, DatasetProfileResult> = {
  key: "dataset-profile",
  name: "Profile a dataset",
  description:
    "Profiles a dataset version: column types, missing values, cardinality, constant and ID-like columns, " +
    "duplicates and outliers; with label_column also the task it implies, class balance and leakage suspects. " +
    "With fail_on it is a data-quality gate: a finding of one of those kinds fails the execution (validation_failed).",
  inputSchema: inputSchema("DatasetProfileAgenticExecutionInput", "Input for profiling a dataset version.", {
    dataset_id: required(uuid, "The dataset to profile."),
    dataset_version_id: optional(uuid, null, "The version; null takes the current one at submission."),
    label_column: optional({ type: "string", minLength: 1 }, null, "A label to profile the columns against."),
    fail_on: optional(
      { type: "array", items: { type: "string", enum: FINDING_KINDS }, uniqueItems: true },
      [],
      "Finding kinds that fail the execution.",
    ),
  }),
  resultSchema: {
    type: "object",
    required: ["dataset_id", "dataset_version_id", "row_count", "columns", "findings"],
    properties: {
      row_count: { type: "integer", minimum: 0 },
      columns: { type: "array" },
      findings: { type: "array" },
    },
  },
  failureCodes: {
    dataset_missing: "The dataset or its version was deleted before the execution ran.",
  },
  maxFiles: 0,

  async prepare(input, ctx) {
    const version = await inputVersion(ctx, input.dataset_id, input.dataset_version_id);
    if (input.label_column) inputColumn(version, input.label_column, "label_column");
    return { input: { ...input, dataset_version_id: version.id }, datasetId: input.dataset_id };
  },

  async run(input, ctx) {
    const version = await runVersion(ctx.db, input.dataset_id, input.dataset_version_id as string);
    await ctx.say(
      `Profiling version ${version.version_no} (${version.row_count} rows, ${version.columns.length} columns)` +
        (input.label_column ? ` against the label "${input.label_column}".` : "."),
    );
    const profile = await versionProfile(ctx, input.dataset_id, version.id, input.label_column ?? undefined);
    const warnings = profile.findings.filter((f) => f.severity === "warning");
    await ctx.say(
      `Found ${profile.findings.length} finding(s), ${warnings.length} of them warnings` +
        (warnings.length ? `: ${warnings.map((f) => f.message).join(" ")}` : "."),
      { findings: profile.findings },
    );
    return { ...profile, dataset_id: input.dataset_id, dataset_version_id: version.id };
  },

  async validate(result, input) {
    if (result.columns.length !== result.column_count) {
      return {
        ok: false,
        message: `The profile covers ${result.columns.length} of ${result.column_count} columns.`,
      };
    }
    const gate = input.fail_on ?? [];
    const failing = result.findings.filter((f) => gate.includes(f.kind));
    if (failing.length > 0) {
      return {
        ok: false,
        message: `The data fails the gate (${gate.join(", ")}): ${failing.map((f) => f.message).join(" ")}`,
        data: { failing },
      };
    }
    const gated = gate.length ? ` none of the gated kinds (${gate.join(", ")}) among them` : "";
    return {
      ok: true,
      message: `Profiled ${result.row_count} rows and ${result.column_count} columns: ${result.findings.length} finding(s)${gated ? `,${gated}` : ""}.`,
    };
  },
};
