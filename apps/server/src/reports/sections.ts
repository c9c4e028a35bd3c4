import type { DatasetProfile } from "../datasets/profile-types.js";
import type { ModelEvaluation } from "../models/evaluations.js";
import type { StoredModel } from "../models/repository.js";
import {
  classBalanceChart,
  confusionChart,
  foldScoresChart,
  importanceChart,
  leaderboardChart,
  missingChart,
  precisionRecallChart,
  predictedActualChart,
  residualChart,
  residualHistogram,
  rocChart,
} from "./charts.js";
import { binaryCurves, confusionMatrix, predictedClasses } from "./curves.js";
import { esc, num, table } from "./html.js";

export const SECTIONS = [
  "data_profile",
  "leaderboard",
  "fold_scores",
  "curves",
  "confusion_matrix",
  "feature_importance",
  "preprocessing",
  "decisions",
] as const;
export type SectionName = (typeof SECTIONS)[number];

/** A decision of a run as the caller recorded it. */
export interface ReportDecision {
  phase: string;
  decision_type?: string;
  summary?: string;
  choice?: unknown;
  decided_by?: string;
  decided_at?: string;
  [key: string]: unknown;
}

/** What the report is drawn from; everything but the model is optional and its sections say when it is missing. */
export interface ReportSources {
  model: StoredModel;
  /** The training job's result (leaderboard, ensemble). */
  job?: Record<string, unknown>;
  evaluation?: ModelEvaluation;
  profile?: DatasetProfile;
  decisions?: ReportDecision[];
}

/** A chart a section wants drawn: its id, Vega-Lite spec and caption. */
export interface ChartRequest {
  id: string;
  title: string;
  spec: Record<string, unknown>;
  caption?: string;
}

/** A section before its charts are drawn: `{{chart:<id>}}` marks where each goes. */
export interface SectionDraft {
  section: SectionName;
  title: string;
  available: boolean;
  note: string | null;
  body: string;
  charts: ChartRequest[];
}

const TITLES: Record<SectionName, string> = {
  data_profile: "Data profile",
  leaderboard: "Leaderboard",
  fold_scores: "Score per fold",
  curves: "ROC and precision-recall curves",
  confusion_matrix: "Confusion matrix",
  feature_importance: "Feature importance",
  preprocessing: "Preprocessing",
  decisions: "Decisions of the run",
};

const slot = (id: string) => `{{chart:${id}}}`;
const row = (...cells: string[]) => `<div class="row">${cells.join("")}</div>`;

function unavailable(section: SectionName, note: string, title = TITLES[section]): SectionDraft {
  return { section, title, available: false, note, body: `<p class="note">${esc(note)}</p>`, charts: [] };
}

function dataProfile({ profile, model }: ReportSources): SectionDraft {
  if (!profile)
    return unavailable(
      "data_profile",
      "The model has no training data version to profile (a registered ONNX model, or its dataset was deleted).",
    );
  const cols = profile.columns.map((c) => [
    esc(c.name) + (c.name === model.task.label_column ? " <b>(label)</b>" : ""),
    esc(c.type),
    `${(100 * c.missing_rate).toFixed(1)}%`,
    num(c.distinct_count),
    c.numeric
      ? `${num(c.numeric.min)} … ${num(c.numeric.median)} … ${num(c.numeric.max)}`
      : esc(
          (c.top_values ?? [])
            .slice(0, 3)
            .map((t) => `${t.value} (${t.count})`)
            .join(", "),
        ),
  ]);
  const charts: ChartRequest[] = [
    {
      id: "profile-missing",
      title: "Missing values per column",
      spec: missingChart(profile.columns.map((c) => ({ column: c.name, missing: c.missing_rate }))),
    },
  ];
  // Class balance from the label column's most frequent values (the stored profile is label-free).
  const label = profile.columns.find((c) => c.name === model.task.label_column);
  const classes = model.task.kind === "regression" ? undefined : label?.top_values;
  if (classes?.length)
    charts.push({
      id: "profile-classes",
      title: "Class balance",
      spec: classBalanceChart(classes.map((c) => ({ value: c.value, count: c.count }))),
    });
  const findings = profile.findings
    .map((f) => `<li${f.severity === "warning" ? ' class="warn"' : ""}>${esc(f.message)}</li>`)
    .join("");
  const body = `<p>${num(profile.row_count)} rows × ${num(profile.column_count)} columns${profile.sampled ? ` (figures from ${num(profile.profiled_rows)} sampled rows)` : ""}; ${num(profile.duplicate_row_count)} duplicate rows.</p>
${table(["column", "type", "missing", "distinct", "range / top values"], cols, 2)}
${row(...charts.map((c) => slot(c.id)))}
${findings ? `<h3>Findings</h3><ul>${findings}</ul>` : ""}`;
  return { section: "data_profile", title: TITLES.data_profile, available: true, note: null, body, charts };
}

interface LeaderRow {
  model_type: string;
  cv_score: number;
  scores?: Record<string, number>;
  trials?: number;
  fit_seconds?: number;
}

function leaderboard({ job, model }: ReportSources): SectionDraft {
  const entries = (job?.leaderboard as LeaderRow[] | undefined) ?? [];
  if (entries.length === 0)
    return unavailable(
      "leaderboard",
      "The model was not trained by a Parzen training job, so there is no leaderboard.",
    );
  const metric = String(job?.metric ?? model.metric);
  const ensemble = job?.ensemble as { cv_score: number; best_single_score: number } | undefined;
  const rows = entries.map((e) => ({ model: e.model_type, score: e.cv_score }));
  if (ensemble) rows.unshift({ model: "ensemble (nested CV)", score: ensemble.cv_score });
  const others = [...new Set(entries.flatMap((e) => Object.keys(e.scores ?? {})))].filter(
    (m) => m !== metric,
  );
  const body = `<p>Each family's best trial, scored out of fold on the selection metric <code>${esc(metric)}</code>; the selected model is a${model.kind === "ensemble" ? " Caruana ensemble" : ` single ${esc(model.model_types.join(", "))} model`}.</p>
${table(
  ["model", metric, ...others, "trials", "fit seconds"],
  [
    ...(ensemble ? [["<b>ensemble</b>", num(ensemble.cv_score), ...others.map(() => "—"), "—", "—"]] : []),
    ...entries.map((e) => [
      esc(e.model_type),
      num(e.cv_score),
      ...others.map((m) => num(e.scores?.[m])),
      num(e.trials),
      num(e.fit_seconds),
    ]),
  ],
)}
${slot("leaderboard")}`;
  return {
    section: "leaderboard",
    title: TITLES.leaderboard,
    available: true,
    note: null,
    body,
    charts: [{ id: "leaderboard", title: "Leaderboard", spec: leaderboardChart(rows, metric) }],
  };
}

function foldScores({ evaluation, model }: ReportSources): SectionDraft {
  const scores = evaluation?.fold_scores.filter((s): s is number => typeof s === "number");
  if (!scores?.length)
    return unavailable("fold_scores", "No cross-validation figures were recorded for this model.");
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, scores.length - 1));
  const body = `<p>Mean ${num(mean)}, standard deviation ${num(sd)} over ${scores.length} fold(s): the spread says how much the score depends on the rows held out.</p>${slot("fold-scores")}`;
  return {
    section: "fold_scores",
    title: TITLES.fold_scores,
    available: true,
    note: null,
    body,
    charts: [{ id: "fold-scores", title: "Score per fold", spec: foldScoresChart(scores, model.metric) }],
  };
}

/** The out-of-fold sample as numbers, or undefined. */
function oofOf(evaluation?: ModelEvaluation) {
  const oof = evaluation?.out_of_fold;
  return oof && oof.y.length > 0 ? oof : undefined;
}

const inSampleNote = (evaluation?: ModelEvaluation) =>
  evaluation?.out_of_fold.in_sample_weights
    ? "The ensemble's blend weights were chosen on these same rows, so its curves are mildly optimistic."
    : null;

function curves(sources: ReportSources): SectionDraft {
  const { model, evaluation } = sources;
  const oof = oofOf(evaluation);
  if (!oof)
    return unavailable(
      "curves",
      "No out-of-fold predictions were recorded for this model.",
      model.task.kind === "regression" ? "Residual plots" : TITLES.curves,
    );
  const sampleNote = `From ${num(oof.y.length)} of ${num(oof.rows)} out-of-fold rows.`;
  if (model.task.kind === "regression") {
    const points = oof.y.map((actual, i) => ({
      actual,
      predicted: oof.predictions[i],
      residual: actual - oof.predictions[i],
    }));
    const rmse = Math.sqrt(points.reduce((a, p) => a + p.residual ** 2, 0) / points.length);
    const mae = points.reduce((a, p) => a + Math.abs(p.residual), 0) / points.length;
    return {
      section: "curves",
      title: "Residual plots",
      available: true,
      note: inSampleNote(evaluation),
      body: `<p>${sampleNote} RMSE ${num(rmse)}, MAE ${num(mae)} on these rows.</p>${row(slot("predicted-actual"), slot("residuals"))}${slot("residual-histogram")}`,
      charts: [
        { id: "predicted-actual", title: "Predicted vs actual", spec: predictedActualChart(points) },
        { id: "residuals", title: "Residuals", spec: residualChart(points) },
        {
          id: "residual-histogram",
          title: "Residual distribution",
          spec: residualHistogram(points.map((p) => p.residual)),
        },
      ],
    };
  }
  const classes = model.classes;
  const k = classes.length;
  const width = model.task.kind === "binary" ? 1 : k;
  // Binary: the positive class; multiclass: one-vs-rest for each class (at most 10 drawn).
  const targets = model.task.kind === "binary" ? [1] : classes.map((_, c) => c).slice(0, 10);
  const roc: Record<string, unknown>[] = [];
  const pr: Record<string, unknown>[] = [];
  const areas: string[][] = [];
  for (const c of targets) {
    const positive = oof.y.map((y) => (y === c ? 1 : 0));
    const score = oof.y.map((_, i) => oof.predictions[i * width + (width === 1 ? 0 : c)]);
    const curve = binaryCurves(positive, score);
    const name = model.task.kind === "binary" ? classes[1] : `${classes[c]} vs rest`;
    for (const p of curve.roc) roc.push({ curve: name, fpr: p.fpr, tpr: p.tpr });
    for (const p of curve.pr) pr.push({ curve: name, recall: p.recall, precision: p.precision });
    areas.push([esc(name), num(curve.auc), num(curve.averagePrecision)]);
  }
  return {
    section: "curves",
    title: TITLES.curves,
    available: true,
    note: inSampleNote(evaluation),
    body: `<p>${sampleNote}</p>${table(["curve", "ROC AUC", "average precision"], areas)}${row(slot("roc"), slot("pr"))}`,
    charts: [
      { id: "roc", title: "ROC curve", spec: rocChart(roc) },
      { id: "pr", title: "Precision-recall curve", spec: precisionRecallChart(pr) },
    ],
  };
}

function confusion({ model, evaluation }: ReportSources): SectionDraft {
  if (model.task.kind === "regression")
    return unavailable("confusion_matrix", "A regression model has no classes; see the residual plots.");
  const oof = oofOf(evaluation);
  if (!oof)
    return unavailable("confusion_matrix", "No out-of-fold predictions were recorded for this model.");
  const k = model.classes.length;
  const predicted = predictedClasses(oof.predictions, model.task.kind === "binary" ? 1 : k, oof.y.length);
  const counts = confusionMatrix(oof.y, predicted, k);
  const cells = counts.map((count, i) => ({
    actual: model.classes[Math.floor(i / k)],
    predicted: model.classes[i % k],
    count,
  }));
  const correct = model.classes.reduce((a, _, c) => a + counts[c * k + c], 0);
  return {
    section: "confusion_matrix",
    title: TITLES.confusion_matrix,
    available: true,
    note: null,
    body: `<p>${num(correct)} of ${num(oof.y.length)} sampled out-of-fold rows (${((100 * correct) / oof.y.length).toFixed(1)}%) get their actual class as the most probable one.</p>${slot("confusion")}`,
    charts: [{ id: "confusion", title: "Confusion matrix", spec: confusionChart(cells) }],
  };
}

function importance({ evaluation }: ReportSources): SectionDraft {
  const perm = evaluation?.permutation;
  if (!perm) return unavailable("feature_importance", "No importance was recorded for this model.");
  const top = perm.columns.slice(0, 20);
  const charts: ChartRequest[] = [
    {
      id: "permutation-importance",
      title: "Permutation importance",
      spec: importanceChart(
        "Permutation importance (held-out rows)",
        top.map((c) => ({
          column: c.column,
          importance: c.importance,
          low: c.importance - c.std,
          high: c.importance + c.std,
        })),
        `loss of ${perm.metric} when shuffled`,
      ),
      caption: `Each column shuffled ${perm.repeats} times on ${num(perm.rows)} rows the model did not see; bars show the mean loss of ${perm.metric}, whiskers one standard deviation.`,
    },
  ];
  if (evaluation?.gain)
    charts.push({
      id: "gain-importance",
      title: "Gain importance",
      spec: importanceChart(
        "Gain importance (trees)",
        evaluation.gain.columns.slice(0, 20),
        "share of explained output variance",
      ),
      caption: "How much of the trees' output variation each column's splits account for.",
    });
  return {
    section: "feature_importance",
    title: TITLES.feature_importance,
    available: true,
    note: null,
    body: `<p>Baseline ${perm.metric} on the held-out rows: ${num(perm.baseline)}.</p>${charts.map((c) => slot(c.id)).join("")}`,
    charts,
  };
}

type Dag = {
  nodes: { id: string; kind: string; label: string; detail?: unknown }[];
  edges: unknown[];
  features?: { feature: string; sources: string[] }[];
};

/** A step's parameters in a few words. */
function stepDetail(detail: unknown): string {
  const text = JSON.stringify(detail ?? {});
  return esc(text.length > 160 ? `${text.slice(0, 157)}…` : text);
}

function dagHtml(dag: Dag): string {
  const inputs = dag.nodes.filter((n) => n.kind === "input");
  const steps = dag.nodes.filter((n) => n.kind === "step");
  const output = dag.nodes.find((n) => n.kind === "output");
  const features = ((output?.detail as { names?: string[] })?.names ?? []).slice(0, 40);
  return `<div class="dag">
<div class="col">${inputs.map((n) => `<span class="chip">${esc(n.label)}</span>`).join("")}</div>
<div class="arrow">→</div>
<div class="col">${steps.map((n, i) => `<div class="step"><b>${i + 1}. ${esc(n.label)}</b><br><code>${stepDetail(n.detail)}</code></div>`).join("")}</div>
<div class="arrow">→</div>
<div class="col">${features.map((f) => `<span class="chip">${esc(f)}</span>`).join("")}${features.length === 40 ? '<span class="note">…</span>' : ""}</div>
</div>`;
}

function preprocessing({ model }: ReportSources): SectionDraft {
  const lineage = model.lineage as Dag & { members?: Record<string, Dag> };
  const dags: [string, Dag][] = lineage.members
    ? Object.entries(lineage.members).slice(0, 4)
    : lineage.nodes
      ? [["", lineage]]
      : [];
  if (dags.length === 0)
    return unavailable(
      "preprocessing",
      "The model carries no preprocessing pipeline (a registered ONNX model).",
    );
  const features = lineage.features ?? [];
  const lineageTable = features.length
    ? `<h3>Feature lineage</h3>${table(
        ["model feature", "from columns"],
        features.slice(0, 60).map((f) => [esc(f.feature), esc(f.sources.join(", "))]),
        2,
      )}`
    : "";
  const body = `<p>Fitted on training rows only, and applied unchanged at prediction time (and in the ONNX export).</p>
${dags.map(([member, dag]) => `${member ? `<h3>Member ${esc(member)}</h3>` : ""}${dagHtml(dag)}`).join("")}${lineageTable}`;
  return {
    section: "preprocessing",
    title: TITLES.preprocessing,
    available: true,
    note: null,
    body,
    charts: [],
  };
}

function decisions({ decisions }: ReportSources): SectionDraft {
  if (!decisions?.length)
    return unavailable(
      "decisions",
      "No decisions were passed in: the report was not made by an agentic run.",
    );
  const rows = decisions.map((d) => [
    esc(d.phase),
    esc(d.decision_type ?? ""),
    esc(d.summary ?? ""),
    d.choice === undefined ? "" : `<code>${esc(JSON.stringify(d.choice).slice(0, 300))}</code>`,
    esc([d.decided_by, d.decided_at].filter(Boolean).join(", ")),
  ]);
  return {
    section: "decisions",
    title: TITLES.decisions,
    available: true,
    note: null,
    body: table(["phase", "decision", "summary", "choice", "by / when"], rows, 99),
    charts: [],
  };
}

const BUILDERS: Record<SectionName, (s: ReportSources) => SectionDraft> = {
  data_profile: dataProfile,
  leaderboard,
  fold_scores: foldScores,
  curves,
  confusion_matrix: confusion,
  feature_importance: importance,
  preprocessing,
  decisions,
};

/** Drafts the chosen sections from the sources, in the order given. */
export function draftSections(names: readonly SectionName[], sources: ReportSources): SectionDraft[] {
  return names.map((name) => BUILDERS[name](sources));
}
