/**
 * The rest of the bargaining pages in Chromium, leaving the demo as it was: the admin's rule-set and
 * approval-rule choice on /orgs (set to 过半数 with its basis, then back to inherited), a bad holiday table
 * refused with Chinese errors by line; the instructor's campaign page and the industry/area case form
 * (one enterprise is refused with 劳动合同法 第五十三条, nothing is made); HR of the enterprise whose
 * contract is in its renewal window sees its term, expiry and the 提出续签 form on a 390 px phone.
 * Screenshots at 1366 and 390 px for each page.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { ARTIFACTS, BASE_URL, launchBrowser, navLink, signInAs } from "../support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function person(account: string, width: number) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signInAs(page, account);
  return { page, errors };
}

async function shots(page: Page, name: string, widths = [1366, 390]) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize()!;
  for (const width of widths) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `${ARTIFACTS}/bargaining-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

async function open(page: Page, path: string) {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForSelector("html[data-hydrated='true']");
}

it("admin: the approval rule on /orgs with its article, and a bad holiday table refused by line", async () => {
  const { page, errors } = await person("admin", 1366);
  await open(page, "/orgs");
  // The forms are those of the node chosen with 设置… on its row.
  await page.getByRole("link", { name: "设置云溪区总工会" }).click();
  await page.locator("[data-testid='org-settings-云溪区总工会']").waitFor();
  const form = page.locator("[data-testid='approval-rule-云溪区总工会']");
  await form.locator("select[name='approvalRule']").selectOption("more_than_half");
  await form.locator("input[name='note']").fill("");
  await form.getByRole("button", { name: "保存" }).click();
  await page.locator(".form-error, [role='alert']").first().waitFor();
  expect(await page.locator("body").innerText()).toContain("请写明依据");
  const again = page.locator("[data-testid='approval-rule-云溪区总工会']");
  await again.locator("select[name='approvalRule']").selectOption("more_than_half");
  await again.locator("input[name='note']").fill("本地企业民主管理条例规定须过半数通过");
  await again.getByRole("button", { name: "保存" }).click();
  await page.locator(".notice", { hasText: "表决通过规则已保存" }).waitFor();
  // The notice comes with the action's answer; the page's figures with the loader's revalidation after it.
  await page.locator("[data-testid='thresholds-云溪区总工会']", { hasText: "过半数同意" }).waitFor();
  const thresholds = page.locator("[data-testid='thresholds-云溪区总工会']");
  expect(await thresholds.innerText()).toContain("过半数同意");
  expect(await thresholds.innerText()).toContain("本组织设定");
  // A node below inherits it; the city above keeps 《集体合同规定》第三十六条.
  expect(await page.locator("[data-testid='thresholds-湖滨街道总工会']").innerText()).toContain("过半数");
  expect(await page.locator("[data-testid='thresholds-滨江市总工会']").innerText()).toContain(
    "半数以上同意（《集体合同规定》第三十六条）",
  );
  await shots(page, "orgs");
  // Back as it was.
  const reset = page.locator("[data-testid='approval-rule-云溪区总工会']");
  await reset.locator("select[name='approvalRule']").selectOption("");
  await reset.getByRole("button", { name: "保存" }).click();
  await page.locator(".notice", { hasText: "表决通过规则已保存" }).waitFor();
  await page.locator("[data-testid='thresholds-云溪区总工会']", { hasText: "半数以上同意" }).waitFor();

  await open(page, "/bargaining/calendar");
  await page.locator("textarea[name='text']").fill("年度 2031\n2031-02-30 休 春节\n2031-05-01 放假 劳动节");
  await page.getByRole("button", { name: "导入" }).click();
  await page.locator(".form-error, [role='alert']").first().waitFor();
  const text = await page.locator("body").innerText();
  expect(text).toContain("节假日安排有误，未导入");
  expect(text).toMatch(/第2行/);
  expect(text).toMatch(/第3行/);
  expect(text).not.toContain("2031</td>");
  await shots(page, "calendar");
  expect(errors).toEqual([]);
});

it("admin: 设置… on a row opens that organisation's forms; a move lands, offering neither the node nor what lies below it", async () => {
  const { page, errors } = await person("admin", 1366);
  await open(page, "/orgs");
  const name = `移动测试工会${Date.now() % 100000}`;
  const optionOf = async (select: string, org: string) =>
    (await page.locator(`${select} option`, { hasText: org }).first().getAttribute("value"))!;
  await page.locator("#new-name").fill(name);
  await page.locator("#new-kind").selectOption("street");
  await page.locator("#new-parent").selectOption(await optionOf("#new-parent", "云溪区总工会"));
  await page.getByRole("button", { name: "新建" }).click();
  await page.locator(".notice", { hasText: `已新建“${name}”` }).waitFor();
  const row = page.locator(`tr[data-org='${name}']`);
  expect(await row.locator("td").first().getAttribute("style")).toContain("padding-left: 56px");

  // 云溪区总工会's settings: the list of parents leaves out the district and every node below it.
  await page.getByRole("link", { name: "设置云溪区总工会" }).click();
  await page.waitForURL(/\?org=[0-9a-f]{24}/);
  await page.locator("[data-testid='org-settings-云溪区总工会']").waitFor(); // drawn a moment after the URL
  const district = page.locator("[data-testid='org-settings-云溪区总工会'] select[name='parentId']");
  const offered = await district.locator("option").allInnerTexts();
  expect(offered.some((o) => o.includes("滨江市总工会"))).toBe(true);
  for (const below of ["云溪区总工会", "湖滨街道总工会", name])
    expect(offered.some((o) => o.includes(below))).toBe(false);

  await row.getByRole("link", { name: `设置${name}` }).click();
  const settings = page.locator(`[data-testid='org-settings-${name}']`);
  await settings.waitFor();
  const parent = settings.locator("select[name='parentId']");
  expect(await parent.locator("option:checked").innerText()).toContain("云溪区总工会");
  await parent.selectOption(
    await optionOf(`[data-testid='org-settings-${name}'] select[name='parentId']`, "滨江市总工会"),
  );
  await settings.getByRole("button", { name: "移动" }).click();
  await page.locator(".notice", { hasText: "已移动" }).waitFor();
  await page.locator(`tr[data-org='${name}'] td[style*='padding-left: 34px']`).waitFor();
  await shots(page, "orgs-settings", [1366]);

  await page.locator(`[data-testid='org-settings-${name}']`).getByRole("button", { name: "归档" }).click();
  await page.locator(".notice", { hasText: "已归档" }).waitFor();
  // The notice comes with the action's answer, the table with the loader's revalidation after it.
  await page.locator(`tr[data-org='${name}']`).waitFor({ state: "detached" });
  expect(await page.locator(`[data-testid='org-settings-${name}']`).count()).toBe(0);
  expect(errors).toEqual([]);
});

it("instructor: the campaign page and the industry/area case form (one enterprise refused, nothing made)", async () => {
  const { page, errors } = await person("zhidao", 1366);
  await open(page, "/bargaining/campaigns");
  await page.locator("[data-testid='campaign-form']").waitFor();
  await shots(page, "campaigns", [1366]);
  await open(page, "/bargaining");
  await page.getByRole("link", { name: "行业性、区域性集体协商 →" }).click();
  await page.locator("[data-testid='joint-form']").waitFor();
  const form = page.locator("[data-testid='joint-form']");
  await form.locator("input[name='coverage']").fill("云溪区餐饮业");
  await form.locator("input[name='employerParty']").fill("云溪区餐饮行业协会（会长 王某）");
  await form.locator("input[name='enterpriseIds']").first().check();
  await form.getByRole("button", { name: "发出要约" }).click();
  await page.locator(".form-error, [role='alert']").first().waitFor();
  expect(await page.locator("body").innerText()).toContain("请至少选择两家企业（《劳动合同法》第五十三条）");
  expect(page.url()).toContain("/bargaining/joint");
  await shots(page, "joint-form", [1366]);
  expect(errors).toEqual([]);
});

it("instructor: the campaign picker narrows by name, keeps choices across filters and sends them all (a refused form makes nothing)", async () => {
  const { page, errors } = await person("zhidao", 1366);
  await open(page, "/bargaining/campaigns");
  const picker = page.locator("[data-testid='enterprise-picker']");
  const choices = picker.locator("label.choice");
  const names = (await choices.allTextContents()).map((t) => t.trim());
  expect(names.length).toBeGreaterThan(2);
  const [first, last] = [names[0], names[names.length - 1]];
  const narrow = async (q: string) => {
    await picker.locator("input[name='q']").fill(q);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("q") === q),
      picker.getByRole("button", { name: "筛选企业" }).click(),
    ]);
    await page.waitForFunction(
      (wanted) =>
        [...document.querySelectorAll("[data-testid='enterprise-picker'] label.choice")].every(
          (l) => l.textContent?.trim() === wanted,
        ),
      q,
    );
  };
  await narrow(first);
  expect((await choices.allTextContents()).map((t) => t.trim())).toEqual([first]);
  await page.getByRole("checkbox", { name: first, exact: true }).check();
  await narrow(last);
  await page.getByRole("checkbox", { name: last, exact: true }).check();
  expect(await picker.locator("legend").innerText()).toContain("已选 2 家");
  expect(await page.locator("[data-testid='picked-elsewhere']").innerText()).toContain(first);
  await shots(page, "campaign-picker", [1366, 390]);

  // Without a name the form is refused; both picks went with it (one as a hidden field), and none is lost.
  const form = page.locator("[data-testid='campaign-form']");
  await form.locator("input[name='name']").fill("");
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST"),
    form.getByRole("button", { name: "发出要约" }).click(),
  ]);
  const sent = new URLSearchParams(request.postData() ?? "").getAll("enterpriseIds");
  expect(sent).toHaveLength(2);
  await page.locator(".form-error, [role='alert']").first().waitFor();
  expect(await page.locator("body").innerText()).toContain("请填写行动名称");
  expect(await picker.locator("legend").innerText()).toContain("已选 2 家");

  // A filter that cannot match (a malformed organisation) says so in Chinese.
  await open(page, "/bargaining/campaigns?pickOrg=bad&q=");
  expect(await page.locator("[data-testid='pick-count']").innerText()).toContain("没有符合筛选条件的企业");
  expect(errors).toEqual([]);
});

it("HR of a contract in its renewal window: term, expiry and 提出续签 on a phone", async () => {
  const { page, errors } = await person("hr2", 390);
  await (await navLink(page, "集体协商")).click();
  await page.locator("[data-testid='contracts-in-force']").waitFor();
  const contract = page.locator("[data-testid='contracts-in-force'] li").first();
  expect(await contract.innerText()).toMatch(/2024-01-01 起 3 年，至 2026-12-31 期满/);
  await shots(page, "renewal-tab");
  await contract.getByRole("link").first().click();
  await page.locator("[data-testid='contract-panel']").waitFor();
  expect(await page.locator("[data-testid='contract-term']").innerText()).toContain("2026-12-31");
  await page.locator("[data-testid='renew-form']").waitFor();
  expect(await page.locator("[data-testid='case-thresholds']").innerText()).toContain(
    "《集体合同规定》第三十六条",
  );
  await shots(page, "renewal-case");
  expect(errors).toEqual([]);
});
