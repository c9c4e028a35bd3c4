import type { Filter } from "@parzen/trainer";
import type { DatasetProfile } from "../../datasets/profile-types.js";
import { pct } from "../../datasets/profile-types.js";
import { getDataset, getVersion, listDatasets } from "../../datasets/repository.js";
import { fieldError, HttpError } from "../../http/errors.js";
import { checkSchema } from "../../http/schema-check.js";
import { dedupedVersion } from "../dedupe.js";
import type { Answer, DecisionBody, PhaseDefinition, PhaseEnv, Proposal, RunRecord } from "../types.js";
import { chosen, firstRecommended, numbered, optionsAt, runProfile } from "./common.js";

/** Columns named in a filter, with their paths. */
function filterColumns(filter: Filter, path: string, out: [string, string][] = []): [string, string][] {
  if (filter.kind === "cmp") out.push([filter.col, `${path}.col`]);
  else if (filter.kind === "not") filterColumns(filter.filter, `${path}.filter`, out);
  else for (const [i, f] of filter.filters.entries()) filterColumns(f, `${path}.filters.${i}`, out);
  return out;
}

/** Round 1 without a dataset: the team's datasets, the one `user_query` names (or the newest) recommended. */
async function proposeDataset(env: PhaseEnv, run: RunRecord): Promise<Proposal> {
  const page = await listDatasets(env.db, run.teamId, {
    page: 1,
    pageSize: 20,
    orderBy: "updated_at",
    orderDirection: "desc",
  });
  const usable = page.items.filter((d) => d.current_version_id);
  if (usable.length === 0)
    throw new HttpError(
      409,
      "no_dataset",
      "The team has no dataset with data yet; upload one and start again.",
    );
  const query = (run.config.user_query ?? "").toLowerCase();
  const named = usable.findIndex((d) => query.includes(d.name.toLowerCase()));
  const pick = Math.max(named, 0);
  const options = numbered(
    usable.map((d, i) => ({
      label: `${d.name} (${d.record_count} rows, version ${d.current_version_no})`,
      description: `Train on dataset "${d.name}", current version ${d.current_version_no}.`,
      reason:
        i === pick
          ? named >= 0
            ? "Your request names this dataset."
            : "The team's most recently updated dataset."
          : `One of the team's ${usable.length} datasets.`,
      recommended: i === pick,
      kind: "dataset",
      value: { dataset_id: d.id, dataset_version_id: d.current_version_id },
    })),
  );
  return {
    prompt: "Which dataset should the model learn from?",
    options,
    recommended_index: pick,
    multi_select: false,
    answer_with: ["choice_index", "custom_value"],
    context: { datasets: usable.length, custom_value: "a dataset id, or {dataset_id, dataset_version_id}" },
  };
}

/** Round 2: how to clean the chosen data, from its profile. */
function proposeCleaning(run: RunRecord, profile: DatasetProfile): Proposal {
  const flagged = profile.columns.filter((c) => c.constant || c.id_like);
  const sparse = profile.columns.filter((c) => !c.constant && !c.id_like && c.missing_rate > 0.5);
  const options = numbered([
    {
      label: "Keep the data as it is",
      description: "Train on every row and column.",
      reason:
        flagged.length + sparse.length + profile.duplicate_row_count === 0
          ? "The profile found nothing to clean."
          : "Nothing is removed; the trainer still ignores constant columns.",
      recommended: flagged.length + sparse.length + profile.duplicate_row_count === 0,
      kind: "keep",
    },
    ...(flagged.length
      ? [
          {
            label: `Drop ${flagged.map((c) => c.name).join(", ")}`,
            description: "Leave out columns that are constant or identify rows.",
            reason: flagged.map((c) => `${c.name} is ${c.constant ? "constant" : "ID-like"}`).join("; "),
            recommended: true,
            kind: "drop_columns",
            value: { columns: flagged.map((c) => c.name) },
          },
        ]
      : []),
    ...(sparse.length
      ? [
          {
            label: `Drop mostly-missing ${sparse.map((c) => c.name).join(", ")}`,
            description: "Leave out columns missing in more than half of the rows.",
            reason: sparse.map((c) => `${c.name} is ${pct(c.missing_rate)} missing`).join("; "),
            recommended: true,
            kind: "drop_columns",
            value: { columns: sparse.map((c) => c.name) },
          },
        ]
      : []),
    ...(profile.duplicate_row_count > 0
      ? [
          {
            label: `Remove ${profile.duplicate_row_count} duplicate rows`,
            description: "Add a version of the dataset without repeated rows and train on it.",
            reason: `${pct(profile.duplicate_row_rate)} of the rows repeat another row exactly; they would count twice.`,
            recommended: true,
            kind: "dedupe",
            value: { duplicates: profile.duplicate_row_count },
          },
        ]
      : []),
  ]);
  return {
    prompt: "How should the data be prepared before training?",
    options,
    recommended_index: firstRecommended(options),
    multi_select: true,
    answer_with: ["selected_indices", "choice_index", "custom_value"],
    context: {
      dataset_id: run.state.dataset_id,
      dataset_version_id: run.state.dataset_version_id,
      rows: profile.row_count,
      columns: profile.columns.map((c) => ({
        name: c.name,
        type: c.type,
        missing_rate: c.missing_rate,
        distinct_count: c.distinct_count,
        constant: c.constant,
        id_like: c.id_like,
        skewness: c.numeric?.skewness ?? null,
        outlier_rate: c.numeric?.outlier_rate ?? null,
      })),
      duplicate_rows: profile.duplicate_row_count,
      findings: profile.findings,
      custom_value: "{drop_columns?: string[], filter?: trainer filter object, dataset_version_id?: uuid}",
    },
  };
}

/** The cleaning answer for a set of chosen options plus a custom value. */
function cleaningAnswer(
  options: Proposal["options"],
  custom: { drop_columns?: string[]; filter?: Filter | null; dataset_version_id?: string },
): Answer {
  const drop = [
    ...new Set([
      ...options.flatMap((o) =>
        o.kind === "drop_columns" ? (o.value as { columns: string[] }).columns : [],
      ),
      ...(custom.drop_columns ?? []),
    ]),
  ];
  const dedupe = options.some((o) => o.kind === "dedupe");
  const parts = [
    drop.length ? `drop ${drop.join(", ")}` : "",
    dedupe ? "remove duplicate rows" : "",
    custom.filter ? "filter rows" : "",
    custom.dataset_version_id ? `use version ${custom.dataset_version_id}` : "",
  ].filter(Boolean);
  return {
    summary: parts.length ? `Prepare the data: ${parts.join(", ")}.` : "Keep the data as it is.",
    drop_columns: drop,
    dedupe,
    filter: custom.filter ?? null,
    dataset_version_id: custom.dataset_version_id ?? null,
  };
}

async function checkCustomCleaning(env: PhaseEnv, run: RunRecord, value: unknown) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw fieldError("body.custom_value", "send an object {drop_columns?, filter?, dataset_version_id?}");
  const custom = value as { drop_columns?: unknown; filter?: unknown; dataset_version_id?: unknown };
  const profile = await runProfile(env, run);
  const names = profile.columns.map((c) => c.name);
  const known = (name: unknown, path: string) => {
    if (typeof name !== "string" || !names.includes(name))
      throw fieldError(path, `${JSON.stringify(name)} is not a column (columns: ${names.join(", ")})`);
  };
  if (custom.drop_columns !== undefined) {
    if (!Array.isArray(custom.drop_columns))
      throw fieldError("body.custom_value.drop_columns", "send a list of column names");
    for (const [i, c] of custom.drop_columns.entries()) known(c, `body.custom_value.drop_columns.${i}`);
  }
  let filter: Filter | undefined;
  if (custom.filter !== undefined && custom.filter !== null) {
    filter = checkSchema<Filter>("Filter", structuredClone(custom.filter), "body.custom_value.filter");
    for (const [col, path] of filterColumns(filter, "body.custom_value.filter")) known(col, path);
  }
  if (custom.dataset_version_id !== undefined) {
    const id = custom.dataset_version_id;
    if (
      typeof id !== "string" ||
      !(await getVersion(env.db, run.state.dataset_id!, id).catch(() => undefined))
    )
      throw fieldError(
        "body.custom_value.dataset_version_id",
        `dataset ${run.state.dataset_id} has no version ${String(id)}`,
      );
  }
  return {
    drop_columns: custom.drop_columns as string[] | undefined,
    filter,
    dataset_version_id: custom.dataset_version_id as string | undefined,
  };
}

/** The dataset a custom value names, or a 400. */
async function checkDatasetChoice(env: PhaseEnv, run: RunRecord, value: unknown): Promise<Answer> {
  const given =
    typeof value === "string"
      ? { dataset_id: value }
      : ((value ?? {}) as { dataset_id?: unknown; dataset_version_id?: unknown });
  const id = typeof given.dataset_id === "string" ? given.dataset_id : "";
  const dataset = /^[0-9a-f-]{36}$/i.test(id) ? await getDataset(env.db, run.teamId, id) : undefined;
  if (!dataset?.current_version_id)
    throw fieldError(
      "body.custom_value",
      `no dataset ${JSON.stringify(given.dataset_id)} with data in your team`,
    );
  const versionId =
    typeof given.dataset_version_id === "string" ? given.dataset_version_id : dataset.current_version_id;
  if (!(await getVersion(env.db, dataset.id, versionId).catch(() => undefined)))
    throw fieldError(
      "body.custom_value.dataset_version_id",
      `dataset ${dataset.id} has no version ${versionId}`,
    );
  return {
    summary: `Use dataset "${dataset.name}".`,
    dataset_id: dataset.id,
    dataset_version_id: versionId,
    again: true,
  };
}

/** `data_preparation`: pick the dataset (when none was given), then clean it — drop columns, filter rows, dedupe. */
export const dataPreparation: PhaseDefinition = {
  phase: "data_preparation",
  async propose(env, run) {
    if (!run.state.dataset_id) return proposeDataset(env, run);
    return proposeCleaning(run, await runProfile(env, run));
  },
  recommended(run, proposal) {
    if (!run.state.dataset_id) {
      const option = proposal.options[proposal.recommended_index ?? 0];
      return { summary: `Use ${option.label}.`, ...(option.value as object), again: true };
    }
    return cleaningAnswer(
      proposal.options.filter((o) => o.recommended),
      {},
    );
  },
  async check(env, run, proposal, body: DecisionBody) {
    if (!run.state.dataset_id) {
      if (body.custom_value !== undefined && body.custom_value !== null)
        return checkDatasetChoice(env, run, body.custom_value);
      const option = chosen(proposal, body, ["custom_value"]);
      return { summary: `Use ${option.label}.`, ...(option.value as object), again: true };
    }
    const picked = [
      ...optionsAt(proposal, body.selected_indices, "selected_indices"),
      ...(body.choice_index != null ? optionsAt(proposal, [body.choice_index], "choice_index") : []),
    ];
    const hasCustom = body.custom_value !== undefined && body.custom_value !== null;
    if (picked.length === 0 && !hasCustom)
      throw fieldError(
        "body.selected_indices",
        `required for a data_preparation decision (or choice_index, or custom_value); options are 0–${proposal.options.length - 1}`,
      );
    return cleaningAnswer(picked, hasCustom ? await checkCustomCleaning(env, run, body.custom_value) : {});
  },
  async apply(env, run, answer) {
    if (answer.again) {
      run.state.dataset_id = answer.dataset_id as string;
      run.state.dataset_version_id = answer.dataset_version_id as string;
      return { dataset_id: run.state.dataset_id, dataset_version_id: run.state.dataset_version_id };
    }
    if (answer.dataset_version_id) run.state.dataset_version_id = answer.dataset_version_id as string;
    let removed = 0;
    if (answer.dedupe && !run.state.deduplicated_from) {
      const from = run.state.dataset_version_id!;
      const deduped = await dedupedVersion(env, run.state.dataset_id!, from);
      run.state.deduplicated_from = from;
      run.state.dataset_version_id = deduped.version.id;
      removed = deduped.removed;
      await env.checkpoint?.(run);
    }
    run.state.drop_columns = answer.drop_columns as string[];
    run.state.filter = (answer.filter as Filter | null) ?? null;
    const profile = await runProfile(env, run);
    return {
      dataset_id: run.state.dataset_id,
      dataset_version_id: run.state.dataset_version_id,
      rows: profile.row_count,
      duplicates_removed: removed,
      dropped_columns: run.state.drop_columns,
      filter: run.state.filter,
    };
  },
};
