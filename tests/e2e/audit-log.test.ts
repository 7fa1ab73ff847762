/**
 * The audit log as an admin pages through it: newest first, 50 a page, 下一页（更早） goes on from where the
 * page ended (the address carries the position), 回到最新 comes back, and the action filter keeps to its
 * action on every page. Reads only (signing in adds an entry).
 */
import type { Browser, Page } from "playwright-core";
import {
  BASE_URL,
  DEMO_PASSWORD,
  launchBrowser,
  openPage,
  screenshot,
  signInAs,
  visit,
} from "../support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const rows = (page: Page) => page.locator("[data-testid='audit-entries'] tbody tr");
/** Each row's time, person and action: what tells two entries apart on the page. */
const rowTexts = (page: Page) =>
  rows(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, " ")));

/** Signs in by posting the login form (its CSRF cookie and token from the page): one audit entry. */
async function postSignIn(account: string) {
  const form = await fetch(`${BASE_URL}/login`);
  const cookie = (form.headers.getSetCookie() ?? []).map((c) => c.split(";")[0]).join("; ");
  const token = /name="_csrf"[^>]*value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const posted = await fetch(`${BASE_URL}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({
      identifier: account,
      password: DEMO_PASSWORD,
      redirectTo: "/",
      _csrf: token,
    }),
  });
  expect(posted.status).toBe(302);
}

/** The rows' times (2026/12/2 20:34:11, Beijing time) as milliseconds. */
async function timesOf(page: Page) {
  const times = (await rows(page).locator("td:nth-child(1)").allInnerTexts()).map((t) => {
    const [date, time] = t.trim().split(/\s+/);
    const [y, m, d] = date.split("/").map(Number);
    return Date.parse(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}T${time}+08:00`);
  });
  expect(times.every((t) => Number.isFinite(t))).toBe(true);
  return times;
}

it("pages from the newest back and returns, keeping the action filter", async () => {
  // The demo records about forty entries: a few more sign-ins (posted as the form does) make a second page.
  for (let i = 0; i < 12; i++) await postSignIn("admin");
  const { page, errors } = await openPage(browser);
  await signInAs(page, "admin");
  await visit(page, "/audit");
  const pager = page.getByTestId("audit-pager");
  await expect(pager.textContent()).resolves.toContain("第 1 页");
  const first = await rowTexts(page);
  const firstTimes = await timesOf(page);
  expect(first).toHaveLength(50);
  // The newest entry is this sign-in.
  expect(first[0]).toContain("登录");

  await Promise.all([page.waitForURL(/before=/), pager.getByRole("link", { name: /下一页/ }).click()]);
  await page.waitForSelector("html[data-hydrated='true']");
  await expect(pager.textContent()).resolves.toContain("第 2 页");
  const second = await rowTexts(page);
  expect(second.length).toBeGreaterThan(0);
  // Older entries: times run down across the pages.
  const secondTimes = await timesOf(page);
  expect(secondTimes[0]).toBeLessThanOrEqual(firstTimes[firstTimes.length - 1]);
  await screenshot(page, "audit-page-2");

  await Promise.all([
    page.waitForURL((url) => !url.search.includes("before=")),
    pager.getByRole("link", { name: "回到最新" }).click(),
  ]);
  await expect(pager.textContent()).resolves.toContain("第 1 页");
  expect((await rowTexts(page))[0]).toBe(first[0]);

  await page.selectOption("#action", "auth.sign_in");
  await Promise.all([
    page.waitForURL(/action=auth.sign_in/),
    page.getByRole("button", { name: "筛选" }).click(),
  ]);
  await page.waitForSelector("html[data-hydrated='true']");
  const signIns = await rows(page).locator("td:nth-child(3)").allInnerTexts();
  expect(signIns.length).toBeGreaterThan(0);
  for (const text of signIns) expect(text).toMatch(/^登录/);
  expect(errors).toEqual([]);
});
