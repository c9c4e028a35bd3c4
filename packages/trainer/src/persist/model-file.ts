import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TrainerInputError } from "../errors.js";
import { TrainedModel } from "../model.js";
import { getFamily } from "../models/registry.js";
import { Pipeline, type PipelineState } from "../preprocess/pipeline.js";
import type { ResolvedTask } from "../task.js";

/** The on-disk format's name and version; `loadModel` refuses anything else. */
export const MODEL_FORMAT = "parzen-model";
export const MODEL_FORMAT_VERSION = 1;
const FILE = "model.json";

interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  created_at: string;
  task: ResolvedTask;
  family: string;
  pipeline: PipelineState;
  model: unknown;
  info: Record<string, unknown>;
}

/** A trained model as plain JSON (pipeline + model + task), versioned. */
export function serializeModel(model: TrainedModel): ModelFile {
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    created_at: new Date().toISOString(),
    task: model.task,
    family: model.model.family,
    pipeline: model.pipeline.toJSON(),
    model: model.model.toJSON(),
    info: model.info,
  };
}

/** Rebuilds a trained model from `serializeModel` output. */
export function deserializeModel(file: unknown, where = "model"): TrainedModel {
  const f = file as Partial<ModelFile>;
  if (f?.format !== MODEL_FORMAT)
    throw new TrainerInputError(`${where} is not a Parzen model file.`, { file: where });
  if (f.version !== MODEL_FORMAT_VERSION) {
    throw new TrainerInputError(
      `${where} has format version ${f.version}; this build reads version ${MODEL_FORMAT_VERSION}.`,
      { file: where },
    );
  }
  const family = getFamily(f.family as string);
  return new TrainedModel(
    f.task as ResolvedTask,
    Pipeline.fromJSON(f.pipeline as PipelineState),
    family.fromJSON(f.model),
    f.info ?? {},
  );
}

/** Writes a trained model into directory `dir` (created if needed). */
export async function saveModel(model: TrainedModel, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, FILE);
  await writeFile(path, JSON.stringify(serializeModel(model)));
  return path;
}

/** Loads a model saved by `saveModel` from its directory (or the `model.json` path itself). */
export async function loadModel(dirOrFile: string): Promise<TrainedModel> {
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
  return deserializeModel(parsed, path);
}
