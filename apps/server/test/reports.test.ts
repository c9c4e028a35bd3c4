import { mkdir } from "node:fs/promises";
import { NotFoundError, type ParzenClient, ValidationError } from "@parzen/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/index.js";
import { createReport } from "../src/reports/reports.js";
import { launchChromium } from "./chromium.js";
import { failure, trainExample, twoTeams } from "./deploy-fixtures.js";

// Screenshots are kept here (gitignored) for a person to look at.
const ARTIFACTS = new URL("../test-artifacts/", import.meta.url).pathname;

let server: RunningServer;
let alice: ParzenClient;
let aliceTeam: string;
let aliceKey: string;
let bob: ParzenClient;
let browser: Browser;
let classifier: string;
let regressor: string;

beforeAll(async () => {
  server = await startServer({ port: 0, trialWorkers: 1, concurrency: 2 });
  ({ alice, aliceTeam, aliceKey, bob } = await twoTeams(server));
  [{ modelId: classifier }, { modelId: regressor }, browser] = await Promise.all([
    trainExample(alice, "penguins", "Species", ["gbdt"]),
    trainExample(alice, "diabetes", "target", ["linear"]),
    launchChromium(),
  ]);
  await mkdir(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server.close();
});

/** Opens the page in Chromium; returns each chart's drawn marks and size, and saves a full-page screenshot. */
async function openInBrowser(html: string, name: string) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  try {
    // Nothing may be fetched: the report must be self-contained.
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.setContent(html, { waitUntil: "load" });
    await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
    const charts = await page.$$eval("figure.chart", (figures) =>
      figures.map((f) => {
        const svg = f.querySelector("svg");
        const box = svg?.getBoundingClientRect();
        const marks = [
          ...(svg?.querySelectorAll(
            "g.mark-rect path, g.mark-line path, g.mark-symbol path, g.mark-rule line, g.mark-text text",
          ) ?? []),
        ];
        const drawn = marks.filter((m) => {
          const b = (m as unknown as { getBBox(): { width: number; height: number } }).getBBox();
          return b.width > 0 || b.height > 0;
        });
        return {
          id: f.getAttribute("data-chart"),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: drawn.length,
        };
      }),
    );
    const headings = await page.$$eval("h2", (hs) => hs.map((h) => h.textContent));
    return {
      charts,
      headings,
      requests: requests.filter((u) => !u.startsWith("about:") && !u.startsWith("data:")),
    };
  } finally {
    await page.close();
  }
}

describe("a report", () => {
  it("renders a classifier's figures as charts a browser draws", async () => {
    const deployment = await alice.deployments.create({ name: "species", model_id: classifier });
    const report = await alice.reports.create({
      deployment_id: deployment.id,
      title: "Penguin species",
      run_id: "run-1",
      decisions: [
        {
          phase: "label_selection",
          decision_type: "label_selection",
          summary: "Species chosen as the label",
          choice: { choice_index: 0 },
        },
        { phase: "model_deployment", summary: "approved", decided_by: "alice" },
      ],
    });
    expect(report).toMatchObject({
      title: "Penguin species",
      model_id: classifier,
      deployment_id: deployment.id,
      run_id: "run-1",
    });
    expect(report.sections.every((s) => s.available)).toBe(true);
    const ids = report.charts.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "profile-missing",
        "profile-classes",
        "leaderboard",
        "fold-scores",
        "roc",
        "pr",
        "confusion",
        "permutation-importance",
        "gain-importance",
      ]),
    );
    // Specs are kept as Vega-Lite with inline data, for a web console to reuse.
    const roc = report.charts.find((c) => c.id === "roc")!.vega_lite as {
      $schema: string;
      layer: { data: { values: unknown[] } }[];
    };
    expect(roc.$schema).toMatch(/vega-lite/);
    expect(roc.layer[1].data.values.length).toBeGreaterThan(10);

    const html = await alice.reports.html(report.id);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|https?:\/\/(?!vega\.github\.io|www\.w3\.org)/);
    const seen = await openInBrowser(html, "classifier-report");
    expect(seen.requests).toEqual([]);
    expect(seen.headings).toEqual([
      "Data profile",
      "Leaderboard",
      "Score per fold",
      "ROC and precision-recall curves",
      "Confusion matrix",
      "Feature importance",
      "Preprocessing",
      "Decisions of the run",
    ]);
    expect(seen.charts.map((c) => c.id).sort()).toEqual([...ids].sort());
    for (const chart of seen.charts) {
      expect(chart.width, chart.id ?? "").toBeGreaterThan(100);
      expect(chart.height, chart.id ?? "").toBeGreaterThan(50);
      expect(chart.marks, chart.id ?? "").toBeGreaterThan(0);
    }
    // The confusion matrix has a cell per class pair.
    expect(seen.charts.find((c) => c.id === "confusion")!.marks).toBeGreaterThanOrEqual(9);
  });

  it("draws residual plots for a regression model and marks the sections it cannot fill", async () => {
    const report = await alice.reports.create({
      model_id: regressor,
      sections: ["curves", "confusion_matrix", "decisions"],
    });
    expect(report.sections).toEqual([
      expect.objectContaining({ section: "curves", title: "Residual plots", available: true }),
      expect.objectContaining({
        section: "confusion_matrix",
        available: false,
        note: expect.stringMatching(/regression/),
      }),
      expect.objectContaining({ section: "decisions", available: false }),
    ]);
    expect(report.charts.map((c) => c.id)).toEqual(["predicted-actual", "residuals", "residual-histogram"]);
    const seen = await openInBrowser(await alice.reports.html(report.id), "regression-report");
    for (const chart of seen.charts) expect(chart.marks, chart.id ?? "").toBeGreaterThan(10);
  });

  it("answers its metadata as JSON unless HTML is asked for, lists and deletes", async () => {
    const report = await createReport(server.context, aliceTeam, {
      model_id: classifier,
      sections: ["leaderboard"],
    });
    const json = await fetch(`${server.url}/v1/reports/${report.id}`, {
      headers: { authorization: `Bearer ${aliceKey}` },
    });
    expect(json.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await json.json()) as { id: string }).id).toBe(report.id);
    const html = await fetch(`${server.url}/v1/reports/${report.id}`, {
      headers: { authorization: `Bearer ${aliceKey}`, accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    expect(html.headers.get("content-type")).toMatch(/text\/html/);
    expect(await html.text()).toMatch(/<h2>Leaderboard<\/h2>/);
    expect((await alice.reports.list({ model_id: classifier })).items.map((r) => r.id)).toContain(report.id);
    await alice.reports.delete(report.id);
    await expect(alice.reports.retrieve(report.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses bad input with the field named, and is another team's 404", async () => {
    const both = await alice.reports
      .create({ model_id: classifier, deployment_id: classifier })
      .catch((e) => e);
    expect(both).toBeInstanceOf(ValidationError);
    expect(both.details).toEqual([expect.objectContaining({ path: "body" })]);
    const section = await alice.reports
      .create({ model_id: classifier, sections: ["charts" as never] })
      .catch((e) => e);
    expect(section).toBeInstanceOf(ValidationError);
    expect(section.details).toEqual([expect.objectContaining({ path: "body.sections.0" })]);
    const foreign = await failure(bob.reports.create({ model_id: classifier }), ValidationError);
    expect(foreign.details).toEqual([expect.objectContaining({ path: "body.model_id" })]);

    const report = await alice.reports.create({ model_id: classifier, sections: ["preprocessing"] });
    await expect(bob.reports.retrieve(report.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.reports.html(report.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(bob.reports.delete(report.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.reports.list()).items).toEqual([]);
  });
});
