import type { ServerContext } from "../../context.js";
import { versionProfile } from "../../datasets/profile-store.js";
import type { DatasetProfile } from "../../datasets/profile-types.js";
import { fieldError } from "../../http/errors.js";
import type { DecisionBody, DecisionOption, PhaseEnv, Proposal, RunRecord } from "../types.js";

/**
 * The part of the server context the domain functions this module reuses (deployments, reports, monitors,
 * trainer checks) actually read: the stores. A step job has no HTTP server around it.
 */
export function serverOf(env: PhaseEnv): ServerContext {
  return { db: env.db, blobs: env.blobs, allowPrivateTeacherUrls: false } as ServerContext;
}

/** An option with its index set from its position. */
export function numbered(options: Omit<DecisionOption, "index">[]): DecisionOption[] {
  return options.map((o, index) => ({ index, ...o }));
}

/** The index of the first recommended option, or null. */
export function firstRecommended(options: DecisionOption[]): number | null {
  return options.find((o) => o.recommended)?.index ?? null;
}

/** A checked option index from `field` of the body: a 400 naming the field when it is out of range. */
export function optionAt(proposal: Proposal, index: number, path: string): DecisionOption {
  const option = proposal.options[index];
  if (!Number.isInteger(index) || !option)
    throw fieldError(
      path,
      `${index} is out of range: options are 0–${proposal.options.length - 1} (${proposal.options.map((o) => o.label).join("; ")})`,
    );
  return option;
}

/** `choice_index` as an option, or a 400 saying what else would answer. */
export function chosen(proposal: Proposal, body: DecisionBody, alternatives: string[] = []): DecisionOption {
  if (body.choice_index === undefined || body.choice_index === null)
    throw fieldError(
      "body.choice_index",
      `required for a ${body.decision_type} decision${alternatives.length ? ` (or send ${alternatives.join(" or ")})` : ""}; options are 0–${proposal.options.length - 1}`,
    );
  return optionAt(proposal, body.choice_index, "body.choice_index");
}

/** Checked indices of a list field (`apply_indices`, ...), as options. */
export function optionsAt(
  proposal: Proposal,
  indices: number[] | null | undefined,
  field: string,
): DecisionOption[] {
  return (indices ?? []).map((index, i) => optionAt(proposal, index, `body.${field}.${i}`));
}

/** The profile of the run's dataset version (computed and stored on first use). */
export async function runProfile(
  env: PhaseEnv,
  run: RunRecord,
  labelColumn?: string,
): Promise<DatasetProfile> {
  const { dataset_id, dataset_version_id } = run.state;
  if (!dataset_id || !dataset_version_id) throw new Error("No dataset was chosen.");
  return versionProfile(env, dataset_id, dataset_version_id, labelColumn);
}

/** Columns still in play: the profile's columns minus those dropped in data preparation. */
export function liveColumns(profile: DatasetProfile, run: RunRecord) {
  const dropped = new Set(run.state.drop_columns ?? []);
  return profile.columns.filter((c) => !dropped.has(c.name));
}

/** Rounds a figure for a sentence. */
export const round2 = (v: number) => Math.round(v * 100) / 100;
