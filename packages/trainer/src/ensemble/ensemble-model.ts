import type { Frame } from "../data/frame.js";
import { type PredictionSet, type Predictor, type TrainedModel, toPredictionSet } from "../model.js";
import type { ResolvedTask } from "../task.js";

/** One ensemble member: a trial's configuration, as its fold models, with its blend weight. */
export interface EnsembleMember {
  trialId: string;
  modelType: string;
  weight: number;
  /** The trial's fold models; their predictions are averaged. */
  folds: TrainedModel[];
}

/** A Caruana ensemble: the weighted blend of its members' fold-model predictions. */
export class EnsembleModel implements Predictor {
  readonly kind = "ensemble";
  constructor(
    readonly task: ResolvedTask,
    readonly members: EnsembleMember[],
    readonly info: Record<string, unknown> = {},
  ) {}

  predictRaw(frame: Frame): Float64Array {
    let out: Float64Array | undefined;
    for (const member of this.members) {
      const share = member.weight / member.folds.length;
      for (const fold of member.folds) {
        const p = fold.predictRaw(frame);
        out ??= new Float64Array(p.length);
        for (let i = 0; i < p.length; i++) out[i] += share * p[i];
      }
    }
    return out ?? new Float64Array(0);
  }

  predict(frame: Frame): PredictionSet {
    return toPredictionSet(this.task, this.predictRaw(frame), frame.nRows);
  }
}
