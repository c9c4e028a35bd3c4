import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@parzen/client";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/index.js";
import { example, randomHalf } from "../deploy-fixtures.js";
import { answerEveryDecision, runStatus } from "./agentic-run.js";
import { consoleErrors, expectAccessible, launchConsoleBrowser, snap } from "./browser.js";

// The console as built by apps/web (turbo builds it before the server's tests).
const WEB_DIST = new URL("../../../web/dist/", import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), "parzen-console-e2e-"));
const LONG = 240_000;

let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  if (!existsSync(join(WEB_DIST, "index.html")))
    throw new Error("Build the console first: pnpm --filter @parzen/web build");
  [server, browser] = await Promise.all([
    startServer({ port: 0, consoleDir: WEB_DIST, trialWorkers: 1, concurrency: 1 }),
    launchConsoleBrowser(),
  ]);
  // A second team the admin belongs to, for the team switcher.
  await createClient({ baseUrl: server.url, apiKey: server.adminKey }).teams.create({ name: "Second team" });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = consoleErrors(page);
  page.setDefaultTimeout(60_000);
}, LONG);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const heading = (name: string | RegExp) => page.getByRole("heading", { level: 1, name });

/**
 * One person's whole path through the console in a real Chromium against a real server: sign in, upload, train,
 * predict, report, monitor, drift. Each step is checked with axe-core and kept as a screenshot; the page may log
 * no console error at any point.
 */
describe("the console, driven in Chromium", () => {
  it("signs in with an API key (traded for tokens) and lands on the datasets", async () => {
    expect(server.consoleUrl).toBe(`${server.url}/`);
    await page.goto(server.consoleUrl!);
    await expectAccessible(page, "sign-in");
    await snap(page, "01-sign-in");
    await page.getByLabel("API key").fill(server.adminKey!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await heading("Datasets").waitFor();
    const stored = await page.evaluate(
      () =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem("parzen.console.session") ?? "",
    );
    expect(stored).not.toContain(server.adminKey!);
    expect(JSON.parse(stored).refreshToken).toBeTruthy();
    await expectAccessible(page, "datasets");
    // Access tokens are short-lived: one that has expired is renewed through the refresh token, and kept.
    const short = await createClient({ baseUrl: server.url, apiKey: server.adminKey }).auth.createToken({
      expires_in: 1,
    });
    const expiring = JSON.stringify({
      ...JSON.parse(stored),
      accessToken: short.access_token,
      refreshToken: short.refresh_token,
      refreshExpiresAt: short.refresh_token_expires_at,
    });
    await page.evaluate(
      (value) =>
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem("parzen.console.session", value),
      expiring,
    );
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await page.reload();
    await page.getByText("No datasets yet.").waitFor();
    const renewed = await page.evaluate(
      () =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem("parzen.console.session") ?? "",
    );
    expect(JSON.parse(renewed).accessToken).not.toBe(short.access_token);
  });

  it(
    "uploads a CSV with a progress bar and shows its versions, schema and profile",
    async () => {
      await page.locator('input[type="file"]').setInputFiles(example("penguins").path);
      await page.getByLabel("Name").fill("penguins");
      // Every value the progress bar shows, recorded as it changes (the upload's own progress events drive it).
      await page.evaluate(`(() => {
        const seen = [];
        window.progressSeen = seen;
        new MutationObserver(() => {
          const bar = document.querySelector("progress");
          if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
        }).observe(document, { subtree: true, childList: true, attributes: true });
      })()`);
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByRole("heading", { name: "Data profile" }).waitFor({ timeout: LONG });
      const seen = await page.evaluate(
        () => (globalThis as unknown as { progressSeen: number[] }).progressSeen,
      );
      // From 0 to 100 by the bytes sent (on loopback the whole file goes out in one progress event).
      expect(seen[0], `progress seen: ${seen}`).toBe(0);
      expect(seen.at(-1), `progress seen: ${seen}`).toBe(100);
      await expect(heading("penguins").isVisible()).resolves.toBe(true);
      await expect(page.getByRole("cell", { name: "344" }).first().isVisible()).resolves.toBe(true);
      await expect(page.getByRole("rowheader", { name: "Body Mass (g)" }).isVisible()).resolves.toBe(true);
      await expectAccessible(page, "dataset");
      await snap(page, "02-dataset");
    },
    LONG,
  );

  it(
    "starts training from the form and follows it live to the leaderboard and its charts",
    async () => {
      await page.getByRole("link", { name: "Train a model on it" }).click();
      await heading("Training").waitFor();
      await page.getByLabel("Label column").selectOption("Species");
      await page.getByLabel("gbdt").check();
      await page.getByLabel("linear").check();
      await page.getByLabel("Caruana ensemble of all trials").check();
      await page.getByLabel(/^Metrics/).fill("logloss, accuracy");
      await page.getByLabel("Trials per family").fill("2");
      await page.getByLabel("Folds").selectOption("3");
      await expectAccessible(page, "training form");
      await snap(page, "03-training-form");
      await page.getByRole("button", { name: "Train" }).click();
      await heading("Training run").waitFor();
      await page.getByRole("progressbar", { name: "Training progress" }).waitFor();
      await snap(page, "04-training-progress");
      await page.getByRole("heading", { name: "Leaderboard" }).waitFor({ timeout: LONG });
      await expect(page.getByRole("rowheader", { name: "gbdt" }).isVisible()).resolves.toBe(true);
      await expect(page.getByRole("rowheader", { name: "linear" }).isVisible()).resolves.toBe(true);
      for (const chart of ["Trials over time", "Pareto front", "Ensemble weights"]) {
        await page
          .locator("figure", { hasText: chart })
          .locator("svg .mark-symbol, svg .mark-rect")
          .first()
          .waitFor();
      }
      await expectAccessible(page, "training run");
      await snap(page, "05-training-done");
    },
    LONG,
  );

  it(
    "shows the model and predicts a row from the form built from its features",
    async () => {
      await page.getByRole("link", { name: "open the trained model" }).click();
      await page.getByRole("heading", { name: "Cross-validated scores" }).waitFor();
      await page.getByRole("button", { name: /Compute/ }).click();
      await page
        .locator("figure", { hasText: /importance/i })
        .locator("svg")
        .first()
        .waitFor({ timeout: LONG });
      await expect(
        page
          .getByRole("img", { name: /^From input columns to model features/ })
          .first()
          .isVisible(),
      ).resolves.toBe(true);
      const row = example("penguins").rows[0];
      for (const [column, value] of Object.entries(row)) {
        if (column !== "Species") await page.getByLabel(column, { exact: true }).fill(String(value ?? ""));
      }
      await page.getByRole("button", { name: "Predict" }).click();
      await expect(page.getByTestId("prediction").textContent()).resolves.toBe("Adelie");
      await expectAccessible(page, "model");
      await snap(page, "06-model-predicted");
    },
    LONG,
  );

  it(
    "deploys the model, predicts through the deployment and opens its report",
    async () => {
      await page.getByLabel("Deployment name").fill("penguins-live");
      await page.getByRole("button", { name: "Deploy" }).click();
      await heading("penguins-live").waitFor();
      await page.getByRole("heading", { name: "Try a prediction" }).waitFor();
      await expectAccessible(page, "deployment");
      await page.getByRole("button", { name: "Make a report" }).click();
      await heading(/report/).waitFor({ timeout: LONG });
      const frame = page.frameLocator("iframe.report-frame");
      await frame.locator("h1").waitFor();
      expect(await frame.locator("figure.chart").count()).toBeGreaterThan(0);
      await expectAccessible(page, "report");
      await snap(page, "07-report");
    },
    LONG,
  );

  it(
    "posts a shifted batch to the deployment's monitor and shows the drift alert",
    async () => {
      await page.goBack();
      await heading("penguins-live").waitFor();
      await page.getByRole("button", { name: "Monitor drift" }).click();
      await heading("penguins-live drift").waitFor();
      await expect(page.getByText("No alerts.").isVisible()).resolves.toBe(true);
      // A random half of the penguins, three times heavier: only body mass moves away from the reference rows.
      const rows = randomHalf(example("penguins").rows, 7);
      const header = Object.keys(rows[0]).filter((c) => c !== "Species");
      const csv = [
        header.map((h) => `"${h}"`).join(","),
        ...rows.map((r) =>
          header.map((h) => (h === "Body Mass (g)" ? Number(r[h]) * 3 : (r[h] ?? ""))).join(","),
        ),
      ].join("\n");
      const batch = join(scratch, "shifted.csv");
      writeFileSync(batch, csv);
      await page.getByLabel("Rows (CSV or JSON)").setInputFiles(batch);
      await page.getByRole("button", { name: "Check for drift" }).click();
      const alert = page.locator(".alert", { hasText: "Body Mass (g)" });
      await alert.waitFor({ timeout: LONG });
      expect(await page.locator(".alert").allTextContents()).toEqual([
        expect.stringMatching(/^drift Body Mass \(g\)/),
      ]);
      await page
        .locator("figure", { hasText: "Drift per feature over time" })
        .locator("svg")
        .first()
        .waitFor();
      await expectAccessible(page, "monitor");
      await snap(page, "08-drift-alert");
    },
    LONG,
  );

  it(
    "drives a human-in-the-loop agentic run: every decision answered in its form, then predict, report and drift",
    async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
      await heading("Agentic runs").waitFor();
      await page.getByLabel("Model name").fill("Penguin species");
      await page.getByLabel("What to build, in words").fill("predict the species of the penguins");
      await expectAccessible(page, "runs");
      await page.getByRole("button", { name: "Start run" }).click();
      await heading("Penguin species").waitFor();
      const asked = await answerEveryDecision(page, "10-run");
      expect(asked).toEqual(
        expect.arrayContaining([
          "data preparation",
          "label selection",
          "feature engineering",
          "model training",
          "model deployment",
          "report creation",
          "monitoring creation",
        ]),
      );
      await expect(page.locator(".timeline .badge", { hasText: "completed" }).count()).resolves.toBe(7);
      await expectAccessible(page, "finished run");
      await snap(page, "11-run-completed");
      // What the run made: predict through its deployment, read its report, drift on its monitor.
      const outcome = page.getByRole("navigation", { name: "What the run made" });
      await outcome.getByRole("link", { name: "Deployment" }).click();
      await page.getByRole("heading", { name: "Try a prediction" }).waitFor();
      const row = example("penguins").rows[200];
      for (const [column, value] of Object.entries(row))
        if (column !== "Species") await page.getByLabel(column, { exact: true }).fill(String(value ?? ""));
      await page.getByRole("button", { name: "Predict" }).click();
      await expect(page.getByTestId("prediction").textContent()).resolves.toBe(String(row.Species));
      await snap(page, "12-run-deployment-predicted");
      await page.goBack();
      await outcome.getByRole("link", { name: "Report" }).click();
      await page
        .frameLocator("iframe.report-frame")
        .locator("h2", { hasText: /[Dd]ecisions/ })
        .waitFor();
      await snap(page, "13-run-report");
      await page.goBack();
      await outcome.getByRole("link", { name: "Monitor" }).click();
      await page.getByRole("heading", { name: "Check a batch" }).waitFor();
      await page.getByLabel("Rows (CSV or JSON)").setInputFiles(join(scratch, "shifted.csv"));
      await page.getByRole("button", { name: "Check for drift" }).click();
      await page.locator(".alert", { hasText: "Body Mass (g)" }).waitFor({ timeout: LONG });
      await snap(page, "14-run-drift-alert");
    },
    LONG * 2,
  );

  it(
    "skips a phase and cancels a run, and resumes a run paused by an unanswered decision, from the page",
    async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
      await page.getByLabel("Model name").fill("Penguins, interrupted");
      await page.getByLabel("Dataset").selectOption({ label: "penguins" });
      await page.getByRole("button", { name: "Start run" }).click();
      await heading("Penguins, interrupted").waitFor();
      await runStatus(page, /^waiting for decision$/);
      await page.getByRole("button", { name: "Skip this phase" }).click();
      await page.locator(".timeline .badge", { hasText: "skipped" }).first().waitFor();
      await runStatus(page, /^waiting for decision$/);
      await page.getByRole("button", { name: "Cancel run" }).click();
      await runStatus(page, /^cancelled$/);
      await expect(page.getByRole("button", { name: "Cancel run" }).count()).resolves.toBe(0);
      await snap(page, "15-run-skipped-cancelled");
      // A decision left unanswered for a second is resolved with its recommendation and the run pauses.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
      await page.getByLabel("Model name").fill("Penguins, paused");
      await page.getByLabel("Dataset").selectOption({ label: "penguins" });
      await page.getByLabel(/^Decision timeout/).fill("1");
      await page.getByRole("button", { name: "Start run" }).click();
      await heading("Penguins, paused").waitFor();
      await runStatus(page, /^paused$/);
      await snap(page, "16-run-paused");
      await page.getByRole("button", { name: "Resume" }).click();
      await expect(page.getByRole("button", { name: "Resume" }).count()).resolves.toBe(0);
      await page.getByRole("button", { name: "Cancel run" }).click();
      await runStatus(page, /^cancelled$/);
      // The runs page lists the runs started from this browser.
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" }).click();
      for (const name of ["Penguin species", "Penguins, interrupted", "Penguins, paused"])
        await page.getByRole("link", { name }).waitFor();
    },
    LONG,
  );

  it(
    "draws a pipeline's configuration as a graph and runs it, showing the execution's steps",
    async () => {
      const admin = createClient({ baseUrl: server.url, apiKey: server.adminKey });
      const pipeline = await admin.pipelines.create({ name: "Echo" });
      const version = await pipeline.createVersion({
        id: "echo",
        name: "Echo",
        version: "1.0.0",
        blocks: {
          input: {
            id: "input",
            type: "input",
            config: { json_schema: { type: "object", required: ["documents"] } },
          },
          out: { id: "out", type: "output" },
        },
        connections: [{ from: { block: "input", port: "data" }, to: { block: "out", port: "echo" } }],
      });
      await version.publish();
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pipelines" }).click();
      await page.getByRole("link", { name: "Echo" }).click();
      await heading("Echo").waitFor();
      await page.getByRole("img", { name: "Pipeline Echo: 2 blocks" }).waitFor();
      await page.getByLabel("Input (JSON)").fill('{"documents": ["a.pdf", "b.pdf"]}');
      await page.getByRole("button", { name: "Run" }).click();
      const execution = page.locator(".executions > li").first();
      await execution
        .locator(".badge", { hasText: /^completed$/ })
        .first()
        .waitFor({ timeout: LONG });
      await expect(execution.locator(".steps li").count()).resolves.toBe(2);
      await expectAccessible(page, "pipeline");
      await snap(page, "17-pipeline");
    },
    LONG,
  );

  it(
    "lists everything on the other pages, works on a narrow screen and by keyboard, and logged no error",
    async () => {
      const agent = await createClient({ baseUrl: server.url, apiKey: server.adminKey }).agents.create({
        name: "Analyst",
        agent_type: "data-analyst",
      });
      for (const [link, title] of [
        ["Models", "Models"],
        ["Deployments", "Deployments"],
        ["Reports", "Reports"],
        ["Monitors", "Monitors"],
        ["Agents", "Agents"],
      ]) {
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
        await heading(title).waitFor();
        await page.getByText("Loading…").first().waitFor({ state: "detached" });
        await expectAccessible(page, title);
      }
      // The team switcher: the second team has no datasets; switching back shows the penguins again.
      await page.getByRole("link", { name: "Datasets" }).click();
      await page.getByRole("link", { name: "penguins" }).waitFor();
      await page.getByLabel("Team").selectOption({ label: "Second team" });
      await page.getByText("No datasets yet.").waitFor();
      await expectAccessible(page, "datasets of another team");
      await page.getByLabel("Team").selectOption({ label: "Default team" });
      await page.getByRole("link", { name: "penguins" }).waitFor();
      await page.getByRole("link", { name: "Agents" }).click();
      await heading("Agents").waitFor();
      await page.goto(`${server.url}/agents/${agent.id}`);
      await page.getByRole("heading", { name: "Execution types" }).waitFor();
      await page.getByText("Loading…").first().waitFor({ state: "detached" });
      await expectAccessible(page, "agent");
      await page.getByRole("link", { name: "Agents" }).click();
      await heading("Agents").waitFor();
      await page.setViewportSize({ width: 390, height: 800 });
      await page.reload();
      await heading("Agents").waitFor();
      // Keyboard only: skip link, then open the menu and follow a link with Enter.
      await page.keyboard.press("Tab");
      await expect(
        page.evaluate(
          () =>
            (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
              .document.activeElement?.textContent,
        ),
      ).resolves.toBe("Skip to content");
      const menu = page.getByRole("button", { name: "Menu" });
      await menu.focus();
      await page.keyboard.press("Enter");
      await expect(menu.getAttribute("aria-expanded")).resolves.toBe("true");
      await page.getByRole("link", { name: "Monitors" }).focus();
      await page.keyboard.press("Enter");
      await heading("Monitors").waitFor();
      await expectAccessible(page, "narrow monitors");
      await snap(page, "09-narrow");
      expect(errors).toEqual([]);
    },
    LONG,
  );
});
