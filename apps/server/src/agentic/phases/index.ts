import type { PhaseName } from "../phase-names.js";
import type { PhaseDefinition } from "../types.js";
import { dataPreparation } from "./data-preparation.js";
import { featureEngineering } from "./feature-engineering.js";
import { labelSelection } from "./label-selection.js";
import { modelDeployment } from "./model-deployment.js";
import { modelTraining } from "./model-training.js";
import { monitoringCreation } from "./monitoring-creation.js";
import { reportCreation } from "./report-creation.js";

const DEFINITIONS: Record<PhaseName, PhaseDefinition> = {
  data_preparation: dataPreparation,
  label_selection: labelSelection,
  feature_engineering: featureEngineering,
  model_training: modelTraining,
  model_deployment: modelDeployment,
  report_creation: reportCreation,
  monitoring_creation: monitoringCreation,
};

/** The definition of a phase. */
export function definitionOf(phase: PhaseName): PhaseDefinition {
  return DEFINITIONS[phase];
}
