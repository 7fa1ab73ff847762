import type { Browser } from "playwright-core";
import {
  BASE_URL,
  launchBrowser,
  navLabels,
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

const EXPECTED_NAV: Record<string, string[]> = {
  admin: [
    "工作台",
    "数据看板",
    "企业",
    "体检报告",
    "法律处方",
    "培育助推",
    "政策培训",
    "质量调查",
    "集体协商",
    "集中要约",
    "账号",
    "操作日志",
    "工会组织",
    "问卷模板",
    "条款库",
    "培育模板",
    "系统状态",
    "节假日",
  ],
  zhidao: [
    "工作台",
    "数据看板",
    "企业",
    "体检报告",
    "法律处方",
    "培育助推",
    "政策培训",
    "质量调查",
    "集体协商",
    "集中要约",
    "账号",
    "操作日志",
  ],
  hr: ["工作台", "本企业", "整改事项", "集体协商"],
  chair: ["工作台", "本企业", "整改事项", "集体协商"],
  rep: ["工作台", "本企业", "集体协商"],
};

describe("each demo role signs in and sees its own navigation", () => {
  it.each(Object.entries(EXPECTED_NAV))("%s", async (account, expected) => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, account);
    expect(new URL(page.url()).pathname).toBe("/");
    expect(await navLabels(page)).toEqual(expected);
    await expect(page.locator("h1").first().textContent()).resolves.toBe("工作台");
    await screenshot(page, `role-${account}-workbench`);
    expect(errors).toEqual([]);
  });
});

describe("access control in the browser", () => {
  it("an HR manager opening another enterprise's URL gets the Chinese 403 page", async () => {
    const other = await openPage(browser);
    await signInAs(other.page, "hr2");
    const otherHref = await other.page.locator("nav.shell-nav a", { hasText: "本企业" }).getAttribute("href");
    expect(otherHref).toMatch(/^\/enterprises\/[0-9a-f]{24}$/);

    const { page } = await openPage(browser);
    await signInAs(page, "hr");
    const ownHref = await page.locator("nav.shell-nav a", { hasText: "本企业" }).getAttribute("href");
    expect(ownHref).not.toBe(otherHref);
    const own = await visit(page, ownHref!);
    expect(own?.status()).toBe(200);
    await expect(page.locator("h1").textContent()).resolves.toBe("滨江湖滨精密机械有限公司");

    const response = await visit(page, otherHref!);
    expect(response?.status()).toBe(403);
    await expect(page.locator(".error-page h1").textContent()).resolves.toBe("无权访问");
    await screenshot(page, "hr-forbidden-403");

    const list = await visit(page, "/enterprises");
    expect(list?.status()).toBe(403);
  });

  it("the instructor's list holds only their district (no 临江区 enterprises)", async () => {
    const { page } = await openPage(browser);
    await signInAs(page, "zhidao");
    await visit(page, "/enterprises?q=临江");
    await expect(page.locator("[data-testid='enterprise-total']").textContent()).resolves.toContain(
      "共 0 家",
    );
    await visit(page, "/enterprises");
    await expect(page.locator("[data-testid='enterprise-total']").textContent()).resolves.toContain(
      "共 30 家",
    );
    await screenshot(page, "instructor-enterprises");
  });

  it("a cross-site form post is rejected before it reaches the app", async () => {
    const response = await fetch(`${BASE_URL}/login`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "identifier=admin&password=Demo2026",
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("已拒绝跨站提交的请求");
    const fetchSite = await fetch(`${BASE_URL}/logout`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(fetchSite.status).toBe(403);
  });
});
