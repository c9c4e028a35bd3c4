import type { Page } from "playwright-core";
import { expect } from "vitest";
import { expectAccessible, snap } from "./browser.js";

/** The run's status word as the page shows it, once it is one of `wanted`. */
export async function runStatus(page: Page, wanted: RegExp, timeout = 240_000): Promise<string> {
  const badge = page.getByTestId("run-status").locator(".badge");
  await expect
    .poll(async () => ((await badge.count()) ? await badge.textContent() : ""), { timeout, interval: 250 })
    .toMatch(wanted);
  return (await badge.textContent()) ?? "";
}

/**
 * Answers every decision of the run on the page as a person would, taking each form as it comes (the recommended
 * options are preselected): returns the decision types in the order they were asked. Asks the chat a question at
 * the label decision.
 */
export async function answerEveryDecision(page: Page, shots: string): Promise<string[]> {
  const asked: string[] = [];
  for (let round = 0; round < 20; round++) {
    const status = await runStatus(page, /^(waiting for decision|completed|failed|cancelled|paused)$/);
    if (status !== "waiting for decision") {
      const why = await page.locator("main .error").allTextContents();
      expect(status, `after ${asked.join(", ")}: ${why.join(" ")}`).toBe("completed");
      return asked;
    }
    const form = page.locator("form.decision");
    const decision = await form.getAttribute("data-decision");
    const title = (await form.getByRole("heading").textContent()) ?? "";
    const type = title.replace(/^Decision: /, "");
    asked.push(type);
    // Every option says what it does and why; one is marked as recommended.
    await expect(form.locator(".option-reason").count()).resolves.toBeGreaterThan(0);
    await expect(form.locator(".option-recommended").count()).resolves.toBeGreaterThan(0);
    if (type === "label selection") {
      await page.getByLabel("Message").fill("Why this label?");
      await page.getByRole("button", { name: "Send" }).click();
      await page.locator(".chat .message-assistant").first().waitFor();
    }
    if (round === 0 || type === "model deployment") await expectAccessible(page, `decision ${type}`);
    await snap(page, `${shots}-${String(round).padStart(2, "0")}-${type.replaceAll(" ", "-")}`);
    await form.getByRole("button", { name: "Submit decision" }).click();
    await page.locator(`form[data-decision="${decision}"]`).waitFor({ state: "detached", timeout: 60_000 });
  }
  throw new Error(`The run asked more than 20 decisions: ${asked.join(", ")}`);
}
