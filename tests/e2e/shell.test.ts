import type { Browser } from "playwright-core";
import { launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("the Chinese app shell", () => {
  it("hydrates and shows the product name and the Chinese sign-in page", async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, "/");
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.locator("header .brand-name").textContent()).resolves.toBe("工会协商通");
    await expect(page.locator("h1").textContent()).resolves.toBe("登录");
    await expect(page.locator("footer").textContent()).resolves.toContain("构建和谐劳动关系");
    expect(await page.title()).toContain("工会协商通");
    await screenshot(page, "shell-login");
    expect(errors).toEqual([]);
  });

  it("shows the Chinese 404 page for an unknown address", async () => {
    const { page } = await openPage(browser);
    const response = await visit(page, "/no-such-page");
    expect(response?.status()).toBe(404);
    await expect(page.locator(".error-page h1").textContent()).resolves.toBe("页面不存在");
    await expect(page.locator(".error-page a").textContent()).resolves.toBe("返回首页");
    await screenshot(page, "shell-404");
  });
});

describe("cancelled requests", () => {
  it("an AbortError nobody awaited is not reported as an uncaught error; any other rejection still is", async () => {
    const { page, errors } = await openPage(browser);
    await visit(page, "/login");
    await page.evaluate(() => {
      void Promise.reject(new DOMException("signal is aborted without reason", "AbortError"));
    });
    await page.waitForTimeout(300);
    expect(errors).toEqual([]);
    await page.evaluate(() => {
      void Promise.reject(new Error("真的出错了"));
    });
    for (let i = 0; i < 20 && errors.length === 0; i++) await page.waitForTimeout(100);
    expect(errors).toEqual([expect.stringContaining("真的出错了")]);
  });
});

describe("Server-Timing", () => {
  it("every response says how long the database took, with how many commands, and the rest", async () => {
    const base = process.env.E2E_BASE_URL!;
    const health = await fetch(`${base}/healthz`);
    const header = health.headers.get("server-timing") ?? "";
    const db = /db;dur=([\d.]+);desc="database, (\d+) commands"/.exec(header);
    expect(db).not.toBeNull();
    expect(Number(db![2])).toBeGreaterThan(0); // /healthz pings the database
    const total = Number(/total;dur=([\d.]+)/.exec(header)![1]);
    expect(Number(db![1])).toBeLessThanOrEqual(total);
    const page = await fetch(`${base}/login`);
    expect(page.headers.get("server-timing")).toMatch(
      /^db;dur=[\d.]+;desc="database, \d+ commands", app;dur=/,
    );
  });
});

describe("the app ↔ queue ↔ worker round trip", () => {
  it("a click enqueues a job, the worker processes it, the page shows the result", async () => {
    const { page } = await openPage(browser);
    await signInAs(page, "admin");
    await visit(page, "/system");
    await expect(page.locator("text=数据库：正常").count()).resolves.toBe(1);
    const before = await page.locator("tr[data-status='done']").count();
    await page.getByRole("button", { name: "发送测试任务" }).click();
    await page.waitForFunction(
      (n) => document.querySelectorAll("tr[data-status='done']").length > n,
      before,
      { timeout: 20_000 },
    );
    await expect(page.locator("tr[data-status='done']").first().textContent()).resolves.toContain(
      "worker pid",
    );
    await screenshot(page, "system-round-trip");
  });
});
