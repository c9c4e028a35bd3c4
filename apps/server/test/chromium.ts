import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, headless, as every browser test here runs it (playwright-core downloads no browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
    ],
  });
}
