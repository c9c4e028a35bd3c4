import type { AnyDefinition } from "./definition.js";
import { batchPredict } from "./definitions/batch-predict.js";
import { datasetProfile } from "./definitions/dataset-profile.js";
import { driftCheck } from "./definitions/drift-check.js";
import { explainModel } from "./definitions/explain-model.js";
import { trainModel } from "./definitions/train-model.js";

/** Every built-in execution type, by key. */
const DEFINITIONS: Record<string, AnyDefinition> = Object.fromEntries(
  [datasetProfile, trainModel, batchPredict, driftCheck, explainModel].map((d) => [d.key, d]),
);

/** Agent types and the execution types each offers, first one the default (the spec's `AgentType`). */
const AGENT_TYPES = {
  "ml-engineer": ["dataset-profile", "train-model", "batch-predict", "drift-check", "explain-model"],
  "data-analyst": ["dataset-profile", "drift-check"],
  "model-builder": ["train-model", "explain-model"],
  "batch-scorer": ["batch-predict"],
  blank: [],
} as const satisfies Record<string, readonly string[]>;

export type AgentType = keyof typeof AGENT_TYPES;

/** The definitions an agent of this type offers, in order. */
export function definitionsOf(type: AgentType): AnyDefinition[] {
  return AGENT_TYPES[type].map((key) => DEFINITIONS[key]);
}

/** A built-in definition by key, whichever type offers it. */
export function definitionByKey(key: string): AnyDefinition | undefined {
  return Object.hasOwn(DEFINITIONS, key) ? DEFINITIONS[key] : undefined;
}

/** The agent types that offer `key` (to say where a key belongs when another type is asked for it). */
export function typesOffering(key: string): AgentType[] {
  return (Object.keys(AGENT_TYPES) as AgentType[]).filter((t) =>
    (AGENT_TYPES[t] as readonly string[]).includes(key),
  );
}
