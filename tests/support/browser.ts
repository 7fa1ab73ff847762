import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const BASE_URL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3000";
export const ARTIFACTS = path.resolve("test-results", "e2e");

/** Debian's Chromium, headless, with the flags this closed network needs (no background traffic). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=zh-CN",
    ],
  });
}

export async function openPage(browser: Browser) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { page, errors };
}

/** Goes to a path and waits until React has hydrated (root.tsx sets the marker). */
export async function visit(page: Page, pathname: string) {
  const response = await page.goto(`${BASE_URL}${pathname}`);
  await page.waitForSelector("html[data-hydrated='true']");
  return response;
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const DEMO_PASSWORD = "Demo2026";

/** Signs in through the login form as a person would, and waits for the workbench. */
export async function signInAs(page: Page, account: string, password = DEMO_PASSWORD) {
  await visit(page, "/login");
  await page.fill("input[name='identifier']", account);
  await page.fill("input[name='password']", password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.click("button[type='submit']"),
  ]);
  await page.waitForSelector("html[data-hydrated='true']");
  // The sign-in form posts without a reload: the address changes before React has drawn the next page,
  // so until the signed-in header shows, the page is still the sign-in page (no navigation, no menu).
  await page.locator(".shell-user a[href='/account']").waitFor({ state: "attached" }); // in the folded menu on a phone
}

/**
 * A link of the main navigation, ready to click: on a phone (the header's menu button shows) the menu is
 * opened first.
 */
export async function navLink(page: Page, label: string) {
  const button = page.locator("button.shell-menu-button");
  if ((await button.isVisible()) && (await button.getAttribute("aria-expanded")) !== "true")
    await button.click();
  return page.locator("nav.shell-nav a", { hasText: label }).first();
}

/** The labels of the main navigation, in order. */
export async function navLabels(page: Page) {
  return page.locator("nav.shell-nav a").allTextContents();
}

/** From the main navigation: 企业, search for the enterprise by name, open it and one of its tabs. */
export async function openEnterpriseTab(page: Page, enterpriseName: string, tab: string) {
  await page.locator("nav.shell-nav a", { hasText: "企业" }).click();
  await page.waitForURL((url) => url.pathname === "/enterprises");
  await page.fill("#filter-q", enterpriseName);
  await Promise.all([
    page.waitForURL((url) => url.searchParams.get("q") === enterpriseName),
    page.press("#filter-q", "Enter"),
  ]);
  await page.getByRole("link", { name: enterpriseName, exact: true }).click();
  await page.locator("h1", { hasText: enterpriseName }).waitFor();
  await page.locator("nav.tabs a", { hasText: tab }).click();
}
