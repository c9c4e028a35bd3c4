import type { FeatureStep, Filter } from "@parzen/trainer";
import type { BlobStore } from "../blobs/blob-store.js";
import type { JobContext } from "../jobs/runner.js";
import type { Database } from "../store/database.js";
import type { PhaseName } from "./phase-names.js";

export type RunStatus = "running" | "waiting_for_decision" | "paused" | "completed" | "failed" | "cancelled";

/** What `start_run` fixed for the run's life. */
export interface RunConfig {
  auto_mode: boolean;
  require_approval: PhaseName[];
  auto_apply_safe_features: boolean;
  auto_deploy: boolean;
  user_query: string | null;
  phase_plan: PhaseName[];
  dataset_id: string | null;
  decision_timeout_seconds: number | null;
}

/** One option of a decision, self-describing enough for a form. */
export interface DecisionOption {
  index: number;
  label: string;
  description: string;
  reason: string;
  recommended: boolean;
  safe?: boolean | null;
  kind: string;
  value?: unknown;
}

/** A decision a phase proposes: options with the figures behind them. */
export interface Proposal {
  prompt: string;
  options: DecisionOption[];
  recommended_index: number | null;
  multi_select: boolean;
  answer_with: string[];
  context: Record<string, unknown>;
}

/** A stored pending decision: a proposal with its identity and timing. */
export interface PendingDecision extends Proposal {
  id: string;
  phase: PhaseName;
  decision_type: PhaseName;
  round: number;
  created_at: string;
  expires_at: string | null;
}

/** The body of `submit_decision` (the spec's `AgenticDecisionSubmit`). */
export interface DecisionBody {
  decision_type: PhaseName;
  choice_index?: number | null;
  action?: "approve" | "skip" | "reject" | null;
  custom_value?: unknown;
  label_type?: "regression" | "binary" | "multiclass" | null;
  apply_indices?: number[] | null;
  skip_indices?: number[] | null;
  selected_indices?: number[] | null;
  selected_options?: unknown[] | null;
  selected_features?: string[] | null;
  skipped?: boolean | null;
  done?: boolean | null;
  report_config?: Record<string, unknown> | null;
  monitoring_config?: Record<string, unknown> | null;
}

/** A decision checked against its proposal: what the phase will do, in its own terms, plus a one-line summary. */
export interface Answer {
  summary: string;
  /** Another round of the same phase follows (`done: false`). */
  again?: boolean;
  [key: string]: unknown;
}

/** Who settled a decision. */
export type DecidedBy = "user" | "auto" | "timeout" | "chat" | "skip";

/** A decision waiting to be carried out by the next step job (`state.inbox`). */
export interface Inbox {
  phase: PhaseName;
  skipped: boolean;
  answer: Answer | null;
  reason?: string;
}

/** A retraining of a completed run, compared with the model it would replace. */
export interface Retrain {
  id: string;
  status: "running" | "completed" | "failed" | "cancelled";
  job_id: string;
  model_id: string | null;
  metric: string | null;
  score: number | null;
  baseline_model_id: string | null;
  baseline_score: number | null;
  better: boolean | null;
  switched: boolean;
  switch_requested: boolean;
  error: { code: string; message: string } | null;
  params: Record<string, unknown>;
  created_at: string;
}

/** What a run has learnt and made so far: the phases read and write it (the run's `state`). */
export interface RunMemory {
  dataset_id?: string;
  dataset_version_id?: string;
  drop_columns?: string[];
  filter?: Filter | null;
  deduplicated_from?: string;
  label_column?: string;
  task_kind?: "regression" | "binary" | "multiclass";
  feature_steps?: FeatureStep[];
  /** Feature suggestions already settled in earlier rounds, by label. */
  features_settled?: string[];
  plan?: TrainingPlan;
  training_job_id?: string;
  model_id?: string;
  metric?: string;
  score?: number;
  deployment_id?: string;
  report_id?: string;
  monitor_id?: string;
  /** Each phase's result, by phase. */
  results?: Partial<Record<PhaseName, Record<string, unknown>>>;
  /** The proposal of the current phase (computed once per round, kept across restarts). */
  proposal?: Proposal & { phase: PhaseName; round: number };
  round?: number;
  inbox?: Inbox;
  retrains?: Retrain[];
}

/** A training plan offered by the model_training phase. */
export interface TrainingPlan {
  name: "fast" | "balanced" | "best" | "custom";
  model_types: string[];
  n_trials: number;
  n_splits: number;
  ensemble: boolean;
  estimated_seconds: number;
}

/** A run as stored. */
export interface RunRecord {
  id: string;
  teamId: string;
  modelName: string;
  modelDescription: string;
  config: RunConfig;
  status: RunStatus;
  currentPhase: PhaseName | null;
  state: RunMemory;
  pendingDecision: PendingDecision | null;
  decisionDeadline: string | null;
  jobId: string | null;
  error: { code: string; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

/** What a phase's work may use: the stores, and (inside a job) the runner's signal, progress and child jobs. */
export interface PhaseEnv {
  db: Database;
  blobs: BlobStore;
  job?: JobContext;
  /** Saves the run mid-phase (a trainer job's id, say), so a restarted worker reuses what was started. */
  checkpoint?(run: RunRecord): Promise<void>;
}

/** One phase of the workflow: what it proposes, how answers are checked, and the work an answer leads to. */
export interface PhaseDefinition {
  phase: PhaseName;
  /** Why the phase cannot run (an earlier phase made nothing for it), or undefined. */
  unavailable?(run: RunRecord): string | undefined;
  /** The decision to put to a person (or to take the recommendation of): options and the figures behind them. */
  propose(env: PhaseEnv, run: RunRecord): Promise<Proposal>;
  /** Whether the run may go on without asking, even where approval is required (e.g. `auto_deploy`). */
  settlesItself?(run: RunRecord, proposal: Proposal): boolean;
  /** The answer taken when nobody is asked (auto mode, not in `require_approval`, timeout, skip of a needed phase). */
  recommended(run: RunRecord, proposal: Proposal): Answer;
  /** Checks a submitted decision against the proposal: a 400 naming the field, or the answer to carry out. */
  check(env: PhaseEnv, run: RunRecord, proposal: Proposal, body: DecisionBody): Promise<Answer>;
  /** Carries out an answer; updates `run.state` and returns the phase's result. */
  apply(env: PhaseEnv, run: RunRecord, answer: Answer): Promise<Record<string, unknown>>;
}
