import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../src/index.js";
import { example, randomHalf } from "../deploy-fixtures.js";
import { consoleErrors, expectAccessible, launchChromium, snap } from "./browser.js";

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
    launchChromium(),
  ]);
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
  });

  it(
    "uploads a CSV with a progress bar and shows its versions, schema and profile",
    async () => {
      await page.locator('input[type="file"]').setInputFiles(example("penguins").path);
      await page.getByLabel("Name").fill("penguins");
      await page.getByRole("button", { name: "Upload" }).click();
      await page.getByRole("heading", { name: "Data profile" }).waitFor({ timeout: LONG });
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
    "lists everything on the other pages, works on a narrow screen and by keyboard, and logged no error",
    async () => {
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
