/**
 * axe-core's WCAG 2 A and AA rules (GB/T 37668 builds on WCAG 2.0) over every main page of every demo
 * role. Any violation fails the test, named by page, rule and element. Reads only: the demo data is left
 * as it was.
 */
import type { Browser, Page } from "playwright-core";
import { BASE_URL, launchBrowser, signInAs, visit } from "../support/browser";

const AXE = require.resolve("axe-core/axe.min.js");
const ENTERPRISE = "滨江湖滨精密机械有限公司";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Runs axe on the page as it is now; returns one line per failing element. */
async function axeViolations(page: Page, label: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (...args: unknown[]) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return result.violations as Violation[];
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${label} · ${v.id}（${v.help}）· ${n.target.join(" ")}`),
  );
}

/** A page of the person's own: the first link whose href matches, as the app shows it. */
async function firstHref(page: Page, pathname: string, pattern: RegExp): Promise<string | null> {
  await visit(page, pathname);
  const hrefs = await page
    .locator("a[href]")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  return hrefs.find((h) => pattern.test(h)) ?? null;
}

async function signedIn(account: string) {
  // The app's CSP allows only its own scripts; the injected axe script needs it bypassed.
  const context = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 1366, height: 900 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  await signInAs(page, account);
  return page;
}

/** The pages of the health-check track that hang off the demo enterprise, found as the person would. */
async function enterprisePages(page: Page, enterpriseHref: string) {
  const pages = [enterpriseHref, `${enterpriseHref}/bargaining`];
  await visit(page, enterpriseHref);
  const tabs = await page
    .locator("nav.tabs a")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  pages.push(...tabs.filter((t) => !pages.includes(t)));
  const checks = tabs.find((t) => t.endsWith("/health-checks"));
  if (checks) {
    const check = await firstHref(page, checks, /^\/assessments\/[0-9a-f]{24}$/);
    if (check) {
      pages.push(`${check}/report`, `${check}/prescription`, `${check}/scores`, `${check}/summary`);
      const dim = await firstHref(page, check, /^\/assessments\/[0-9a-f]{24}\/d\/[A-Z]+$/);
      if (dim) pages.push(dim);
    }
  }
  const prescriptionsTab = tabs.find((t) => t.endsWith("/prescriptions"));
  if (prescriptionsTab) {
    const item = await firstHref(page, prescriptionsTab, /^\/prescriptions\/items\/[0-9a-f]{24}$/);
    if (item) pages.push(item);
  }
  return pages;
}

const STAFF_PAGES = [
  "/",
  "/enterprises",
  "/reports",
  "/prescriptions",
  "/plans",
  "/trainings",
  "/surveys",
  "/bargaining",
  "/bargaining/campaigns",
  "/accounts",
  "/audit",
  "/notifications",
  "/account",
];
const ADMIN_PAGES = ["/orgs", "/templates", "/plans/templates", "/system", "/bargaining/calendar"];
const ENTERPRISE_PAGES = ["/", "/prescriptions", "/notifications", "/account"];

async function enterpriseHrefFor(page: Page, account: string): Promise<string> {
  if (["hr", "chair", "rep"].includes(account)) {
    const href = await page.locator("nav.shell-nav a", { hasText: "本企业" }).getAttribute("href");
    return href!;
  }
  await visit(page, `/enterprises?q=${encodeURIComponent(ENTERPRISE)}`);
  const href = await page.getByRole("link", { name: ENTERPRISE, exact: true }).getAttribute("href");
  return href!;
}

describe("axe-core wcag2a + wcag2aa on every main page", () => {
  it.each([
    ["admin", [...STAFF_PAGES, ...ADMIN_PAGES]],
    ["zhidao", STAFF_PAGES],
    ["lingdao", STAFF_PAGES],
    ["hr", ENTERPRISE_PAGES],
    ["chair", ENTERPRISE_PAGES],
    ["rep", ENTERPRISE_PAGES.filter((p) => p !== "/prescriptions")],
  ])(
    "%s",
    async (account, basePages) => {
      const page = await signedIn(account);
      const pages = [...basePages, ...(await enterprisePages(page, await enterpriseHrefFor(page, account)))];
      // A check's review page, for those who review.
      if (account === "zhidao" || account === "admin") {
        const check = pages.find((p) => /^\/assessments\/[0-9a-f]{24}\/report$/.test(p));
        if (check) pages.push(check.replace(/\/report$/, "/review"));
      }
      expect(pages.some((p) => p.endsWith("/report"))).toBe(account !== "rep");
      const found: string[] = [];
      for (const pathname of [...new Set(pages)]) {
        const response = await visit(page, pathname);
        expect([pathname, response?.status()]).toEqual([pathname, 200]);
        found.push(...(await axeViolations(page, `${account} ${pathname}`)));
      }
      expect(found).toEqual([]);
      await page.context().close();
    },
    240_000,
  );

  it("the signed-out pages", async () => {
    const context = await browser.newContext({ locale: "zh-CN", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${BASE_URL}/login`);
    expect(await axeViolations(page, "/login")).toEqual([]);
    await context.close();
  });
});
