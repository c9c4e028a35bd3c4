import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EnsembleModel } from "../ensemble/ensemble-model.js";
import { TrainerInputError } from "../errors.js";
import { type Predictor, TrainedModel } from "../model.js";
import { getFamily, prepareFamilies } from "../models/registry.js";
import { Pipeline, type PipelineState } from "../preprocess/pipeline.js";
import type { ResolvedTask } from "../task.js";

/** The on-disk format's name and version; `loadModel` refuses anything else. */
export const MODEL_FORMAT = "parzen-model";
export const MODEL_FORMAT_VERSION = 1;
const FILE = "model.json";

/** One fitted pipeline + model. */
interface SingleState {
  family: string;
  pipeline: PipelineState;
  model: unknown;
}

interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  created_at: string;
  kind: "single" | "ensemble";
  task: ResolvedTask;
  info: Record<string, unknown>;
  /** kind "single". */
  single?: SingleState;
  /** kind "ensemble". */
  members?: { trial_id: string; model_type: string; weight: number; folds: SingleState[] }[];
}

function singleState(model: TrainedModel): SingleState {
  return { family: model.model.family, pipeline: model.pipeline.toJSON(), model: model.model.toJSON() };
}

function fromSingleState(
  task: ResolvedTask,
  state: SingleState,
  info: Record<string, unknown> = {},
): TrainedModel {
  const family = getFamily(state.family);
  return new TrainedModel(task, Pipeline.fromJSON(state.pipeline), family.fromJSON(state.model), info);
}

/** A trained model or ensemble as plain JSON (pipelines, models, task), versioned. */
export function serializeModel(model: Predictor): ModelFile {
  const head = {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    created_at: new Date().toISOString(),
    task: model.task,
    info: model.info,
  } as const;
  if (model instanceof EnsembleModel) {
    return {
      ...head,
      kind: "ensemble",
      members: model.members.map((m) => ({
        trial_id: m.trialId,
        model_type: m.modelType,
        weight: m.weight,
        folds: m.folds.map(singleState),
      })),
    };
  }
  return { ...head, kind: "single", single: singleState(model as TrainedModel) };
}

/** Rebuilds a model or ensemble from `serializeModel` output. */
export function deserializeModel(file: unknown, where = "model"): Predictor {
  const f = file as Partial<ModelFile>;
  if (f?.format !== MODEL_FORMAT)
    throw new TrainerInputError(`${where} is not a Parzen model file.`, { file: where });
  if (f.version !== MODEL_FORMAT_VERSION) {
    throw new TrainerInputError(
      `${where} has format version ${f.version}; this build reads version ${MODEL_FORMAT_VERSION}.`,
      { file: where },
    );
  }
  const task = f.task as ResolvedTask;
  if (f.kind === "ensemble") {
    const members = (f.members ?? []).map((m) => ({
      trialId: m.trial_id,
      modelType: m.model_type,
      weight: m.weight,
      folds: m.folds.map((state) => fromSingleState(task, state)),
    }));
    return new EnsembleModel(task, members, f.info ?? {});
  }
  if (!f.single) throw new TrainerInputError(`${where} holds no model.`, { file: where });
  return fromSingleState(task, f.single, f.info ?? {});
}

/** Writes a trained model into directory `dir` (created if needed). */
export async function saveModel(model: Predictor, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, FILE);
  await writeFile(path, JSON.stringify(serializeModel(model)));
  return path;
}

/** Loads a model saved by `saveModel` from its directory (or the `model.json` path itself). */
export async function loadModel(dirOrFile: string): Promise<Predictor> {
  const path = dirOrFile.endsWith(".json") ? dirOrFile : join(dirOrFile, FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new TrainerInputError(`No model at ${path}.`, { file: path });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TrainerInputError(`${path} is not valid JSON.`, { file: path });
  }
  await prepareFamilies(modelFamilies(parsed));
  return deserializeModel(parsed, path);
}

/** The families a model file uses (to prepare them before `deserializeModel`). */
export function modelFamilies(file: unknown): string[] {
  const f = file as Partial<ModelFile>;
  if (f?.kind === "ensemble") return (f.members ?? []).flatMap((m) => m.folds.map((s) => s.family));
  return f?.single ? [f.single.family] : [];
}
