/**
 * Issue #14 acceptance in Chromium: the 云溪区 instructor makes cultivation plans for three demo enterprises,
 * logs a visit with a photo, holds a training where one enterprise signs in through the session's link, a
 * health check accepted completes that enterprise's milestone, the workbench orders the three by urgency,
 * the plan is signed off by the instructor and countersigned by the organisation's head, and both Word
 * files download and read right as PDFs. Screenshots at 1366 and 390 px.
 */
import fs from "node:fs";
import path from "node:path";
import { Types } from "mongoose";
import type { Browser, Page } from "playwright-core";
import { addDays, todayInShanghai } from "~/domain/dates";
import { latestPublished, ensureDefaultTemplate } from "~/services/health-check/templates.server";
import { acceptedAssessmentRecord } from "../../scripts/seed-assessments";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Assessment } from "../../models/assessment";
import { CultivationPlan, planIdFor } from "../../models/cultivation-plan";
import { Enterprise, type EnterpriseDoc } from "../../models/enterprise";
import { User } from "../../models/user";
import { keepAccount } from "~/services/accounts/kept-accounts.server";
import { CultivationRollup, rollupIds } from "../../models/cultivation-rollup";
import { Survey, SurveyLinkUse, SurveyResponse } from "../../models/cultivation-survey";
import { surveyToken } from "~/services/cultivation/surveys.server";
import {
  ARTIFACTS,
  BASE_URL,
  launchBrowser,
  openPage,
  screenshot,
  signInAs,
  visit,
} from "../support/browser";
import { createPdfWorkspace, squash } from "../support/pdf";

const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
const NAMES = ["湖滨优选商贸有限公司", "长桥乐学教育培训中心有限公司", "湖滨悦家酒店管理有限公司"] as const;
const today = todayInShanghai(new Date());
const year = Number(today.slice(0, 4));
const earlyStart = addDays(today, -91);

let browser: Browser;
const ent = {} as Record<(typeof NAMES)[number], EnterpriseDoc>;

beforeAll(async () => {
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("浏览器测试需要 MONGODB_URI 和 E2E_MONGODB_DB：请用 `npm test` 运行");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
  for (const name of NAMES) ent[name] = (await Enterprise.findOne({ name }).lean())!;
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await disconnectDatabase();
});

jest.setTimeout(300_000);

const planId = (name: (typeof NAMES)[number]) => String(planIdFor(ent[name]._id, year));
const planOf = async (name: (typeof NAMES)[number]) => (await CultivationPlan.findById(planId(name)).lean())!;
const status = (page: Page, key: string) =>
  page.locator(`[data-testid='milestone-status-${key}']`).textContent();

/** Screenshots at the two widths people use, full page. */
async function both(page: Page, name: string) {
  await page.setViewportSize({ width: 1366, height: 900 });
  await screenshot(page, `${name}-1366`);
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, `${name}-390`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1366, height: 900 });
  return overflow;
}

async function createPlansFor(page: Page, names: readonly string[], startOn: string) {
  await visit(page, "/plans");
  const form = page.locator("details.card").first();
  if ((await form.getAttribute("open")) === null) await form.locator("summary").click();
  await page.fill("#startOn", startOn);
  for (const name of names) await page.getByRole("checkbox", { name, exact: true }).check();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST"),
    page.getByRole("button", { name: "制定计划" }).click(),
  ]);
  await page.locator("[data-testid='plans-created']").waitFor();
  return page.locator("[data-testid='plans-created']").textContent();
}

/** Waits (reloading) until the worker has rendered the file the section shows, and returns its bytes. */
async function downloadRendered(page: Page, heading: string): Promise<{ name: string; bytes: Buffer }> {
  const section = page.locator("h3", { hasText: heading }).locator("xpath=following-sibling::*[1]");
  const link = section.locator("a.button");
  await link.waitFor({ timeout: 90_000 });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const file = path.join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe("cultivation plans (培育助推) end to end", () => {
  it("plans, a visit with a photo, a training sign-in, a check accepted, urgency, two-step sign-off, both Word files", async () => {
    const { page: zd, errors } = await openPage(browser);
    await signInAs(zd, "zhidao");

    // 1. Plans for three demo enterprises: two starting today, one started three months ago.
    expect(await createPlansFor(zd, NAMES.slice(0, 2), today)).toContain("已为 2 家企业");
    expect(await createPlansFor(zd, NAMES.slice(2), earlyStart)).toContain("已为 1 家企业");
    expect(await both(zd, "cultivation-01-plans")).toBeLessThanOrEqual(0);
    // The picker narrows the enterprises by name (a district has thousands; the form lists 200 at most).
    const picks = zd.locator("[data-testid='enterprise-picker'] label.choice");
    const planForm = zd.locator("details.card").first();
    if ((await planForm.getAttribute("open")) === null) await planForm.locator("summary").click();
    const wanted = ((await picks.first().textContent()) ?? "").trim();
    expect(wanted).not.toBe("");
    await zd.fill("#plan-q", wanted);
    await Promise.all([
      zd.waitForURL((url) => url.searchParams.get("q") === wanted),
      zd.getByRole("button", { name: "筛选企业" }).click(),
    ]);
    // The URL moves a moment before the list is drawn again: wait for the narrowed list.
    await picks.nth(1).waitFor({ state: "detached" });
    expect((await picks.allTextContents()).map((t) => t.trim())).toEqual([wanted]);
    expect(await zd.locator("#plan-q").inputValue()).toBe(wanted);

    // 2. A visit with a photo (a picture of the enterprise's own page, as a PNG) on the first plan.
    const [shop, school, hotel] = NAMES;
    await visit(zd, `/plans/${planId(shop)}`);
    await expect(status(zd, "first_visit")).resolves.toBe("即将到期");
    const visitItem = zd.locator("[data-milestone='first_visit']");
    await visitItem.locator("summary", { hasText: "登记走访记录" }).click();
    const form = zd.locator("[data-testid='record-form-first_visit']");
    await form.locator("input[name='date']").fill(today);
    await form.locator("input[name='peopleMet']").fill("总经理、人力资源负责人");
    await form.locator("textarea[name='findings']").fill("尚未建立工会，劳动合同台账不完整");
    await form.locator("textarea[name='nextSteps']").fill("两周内指导筹建工会并完善合同台账");
    const photo = await zd.screenshot({ clip: { x: 0, y: 0, width: 480, height: 320 } });
    await form
      .locator("input[type='file']")
      .setInputFiles({ name: "走访现场.png", mimeType: "image/png", buffer: photo });
    await form.getByRole("button", { name: "登记" }).click();
    await zd.locator(".notice", { hasText: "该事项已完成" }).waitFor();
    await expect(status(zd, "first_visit")).resolves.toBe("已完成");
    await expect(zd.locator("[data-testid='records'] img").count()).resolves.toBe(1);
    await zd.waitForFunction(
      () =>
        (document.querySelector("[data-testid='records'] img") as HTMLImageElement | null)?.complete === true,
    );
    const img = await zd
      .locator("[data-testid='records'] img")
      .evaluate((el: HTMLImageElement) => el.naturalWidth);
    expect(img).toBe(480);

    // 3. A training; one enterprise (the school) signs in through the session's link, without an account.
    await visit(zd, "/trainings");
    const trainingForm = zd.locator("details.card");
    if ((await trainingForm.getAttribute("open")) === null) await trainingForm.locator("summary").click();
    await zd.fill("#topic", "劳动合同法实务与集体协商政策解读");
    await zd.fill("#date", today);
    await zd.fill("#place", "云溪区总工会三楼会议室");
    await zd.getByRole("checkbox", { name: shop, exact: true }).check();
    await zd.getByRole("checkbox", { name: school, exact: true }).check();
    await Promise.all([
      zd.waitForURL(/\/trainings\/[0-9a-f]{24}$/),
      zd.getByRole("button", { name: "发布培训" }).click(),
    ]);
    const signInUrl = (await zd.locator("[data-testid='sign-in-link']").getAttribute("href"))!;
    expect(signInUrl.startsWith(BASE_URL)).toBe(true);

    const attendeeContext = await browser.newContext({
      locale: "zh-CN",
      viewport: { width: 390, height: 844 },
    });
    const phone = await attendeeContext.newPage();
    await phone.goto(signInUrl);
    await phone.waitForSelector("html[data-hydrated='true']");
    await phone.selectOption("#enterpriseId", { label: school });
    await phone.fill("#name", "周老师");
    await phone.getByRole("button", { name: "签到" }).click();
    await phone.locator("[data-testid='signed-in']").waitFor();
    await screenshot(phone, "cultivation-03-sign-in-390");
    await phone.getByRole("radio", { name: "5 非常满意" }).check();
    await phone.fill("#comment", "案例讲解很实用");
    await phone.getByRole("button", { name: "提交反馈" }).click();
    await phone.locator("[data-testid='feedback-thanks']").waitFor();
    await attendeeContext.close();

    await zd.reload();
    await zd.waitForSelector("html[data-hydrated='true']");
    await expect(zd.locator("[data-testid='attendances']").textContent()).resolves.toContain("周老师");
    await expect(zd.locator("[data-testid='attendances']").textContent()).resolves.toContain("5（非常满意）");
    expect(await both(zd, "cultivation-04-training")).toBeLessThanOrEqual(0);
    await visit(zd, `/plans/${planId(school)}`);
    await expect(status(zd, "policy_training")).resolves.toBe("已完成");
    await visit(zd, `/plans/${planId(shop)}`);
    await expect(status(zd, "policy_training")).resolves.not.toBe("已完成");

    // 4. A health check of the school, submitted by its HR (written straight into the database), accepted by
    //    the instructor in the browser: the health-check milestone of the school's plan completes.
    await ensureDefaultTemplate();
    const version = (await latestPublished())!;
    const zhidao = (await User.findOne({ accountName: "zhidao" }).lean())!;
    const record = acceptedAssessmentRecord({
      enterprise: ent[school],
      version,
      answers: {},
      acceptedAt: new Date(),
      by: { id: zhidao._id, name: zhidao.displayName },
    });
    const check = await Assessment.create({
      ...record,
      _id: new Types.ObjectId(),
      status: "submitted",
      score: undefined,
      overall: undefined,
      riskLevel: undefined,
      acceptedAt: undefined,
      events: [],
      version: 2,
    });
    await visit(zd, `/plans/${planId(school)}`);
    await expect(status(zd, "health_check")).resolves.not.toBe("已完成");
    await visit(zd, `/assessments/${String(check._id)}/review`);
    await zd.getByRole("button", { name: "审核通过" }).click();
    await zd.getByRole("button", { name: "确认通过" }).click();
    await zd.waitForURL((url) => url.pathname === `/assessments/${String(check._id)}/scores`);
    await visit(zd, `/plans/${planId(school)}`);
    await expect(status(zd, "health_check")).resolves.toBe("已完成");
    await expect(zd.locator("[data-milestone='health_check']").textContent()).resolves.toContain(
      "法律体检通过审核",
    );
    expect((await planOf(shop)).milestones.find((m) => m.kind === "health_check")?.doneOn).toBeNull();

    // 5. The workbench orders the three by urgency: the hotel (three months in, milestones overdue), the
    //    school (first visit due in 14 days), the shop (visited; next the health check in 45 days).
    await visit(zd, "/");
    const order = await zd
      .locator("[data-testid='my-enterprises'] .cohort-name")
      .evaluateAll((links) => links.map((a) => a.textContent ?? ""));
    const ours = order.filter((n) => (NAMES as readonly string[]).includes(n));
    expect(ours).toEqual([hotel, school, shop]);
    const hotelRow = zd.locator(`[data-plan-id='${planId(hotel)}']`);
    await expect(hotelRow.textContent()).resolves.toMatch(/逾期 \d+ 项/);
    await expect(zd.locator("[data-testid='stage-board']").textContent()).resolves.toContain(shop);
    expect(await both(zd, "cultivation-05-workbench")).toBeLessThanOrEqual(0);

    // 6. The instructor signs the shop's plan off; the head of 云溪区总工会 countersigns; it is read-only.
    await visit(zd, `/plans/${planId(shop)}`);
    await zd.fill(
      "#summary",
      "本年度完成首次走访，指导企业筹建工会、完善劳动合同台账，下一步开展法律体检和政策培训。",
    );
    await zd.getByRole("button", { name: "指导员签署" }).click();
    await zd.locator(".notice", { hasText: "等待组织负责人审签" }).waitFor();
    await expect(zd.getByRole("button", { name: "组织负责人审签" }).count()).resolves.toBe(0);
    const { page: head, errors: headErrors } = await openPage(browser);
    await signInAs(head, "lingdao");
    await visit(head, `/plans/${planId(shop)}`);
    await head.getByRole("button", { name: "组织负责人审签" }).click();
    await head.locator("[data-testid='head-signed']").waitFor();
    await expect(head.locator("[data-testid='plan-stage']").textContent()).resolves.toBe("已审签");
    await expect(head.locator("[data-testid='read-only']").count()).resolves.toBe(1);
    await expect(head.locator(".plan-page form button").count()).resolves.toBe(0);
    expect((await planOf(shop)).status).toBe("signed_off");

    // 7. Both Word files download once the worker has rendered them, and read right as PDFs.
    const planFile = await downloadRendered(head, "一企一策 培育方案");
    const summaryFile = await downloadRendered(head, "培育工作总结");
    expect(planFile.name).toBe(`${shop}${year}年度培育方案.docx`);
    expect(summaryFile.name).toBe(`${shop}${year}年度培育工作总结.docx`);
    expect(await both(head, "cultivation-06-signed-plan")).toBeLessThanOrEqual(0);
    const pdf = createPdfWorkspace("cultivation-e2e");
    try {
      const pages = await pdf.convert({ plan: planFile.bytes, summary: summaryFile.bytes });
      const planText = squash(pages.plan.join(""));
      expect(planText).toContain("和谐劳动关系企业培育方案");
      expect(planText).toContain(squash(shop));
      expect(planText).toContain("培育事项进度表");
      expect(planText).toContain("法律体检");
      const summaryText = squash(pages.summary.join(""));
      expect(summaryText).toContain("和谐劳动关系企业培育工作总结");
      expect(summaryText).toContain("总经理、人力资源负责人");
      expect(summaryText).toContain("审签：刘志强");
      expect(summaryText).toContain("指导员：王建国");
      await pdf.savePages("plan", "cultivation-plan", 60);
      await pdf.savePages("summary", "cultivation-summary", 60);
    } finally {
      pdf.cleanup();
    }
    expect(errors).toEqual([]);
    expect(headErrors).toEqual([]);
  });
});

describe("binding an account to an enterprise on /accounts", () => {
  it("the enterprise list is narrowed by name or credit code, with a line saying how many match", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "admin");
    await visit(page, "/accounts");
    await page.locator("#new-role").selectOption("hr");
    const listed = () => page.locator("#new-ent option:not([value=''])").allInnerTexts();
    const all = await listed();
    expect(all.length).toBeGreaterThan(20);
    expect(await page.locator("[data-testid='enterprise-search'] .hint").innerText()).toContain(
      `全部 ${all.length} 家企业`,
    );
    await page.locator("#ent").fill("湖滨");
    await page.getByRole("button", { name: "查找" }).click();
    await page.waitForURL(/ent=/);
    await page.locator("[data-testid='enterprise-search'] .hint", { hasText: "含“湖滨”" }).waitFor();
    await page.locator("#new-role").selectOption("hr");
    const narrowed = await listed();
    expect(narrowed).toEqual(all.filter((n) => n.includes("湖滨")));
    expect(narrowed).toContain("滨江湖滨精密机械有限公司");
    await screenshot(page, "cultivation-07-accounts-enterprise-search");
    expect(errors).toEqual([]);
  });
});

describe("the head of an organisation (who countersigns)", () => {
  it("an admin sets an instructor's head flag on /accounts, and clears it", async () => {
    const zhidao = (await User.findOne({ accountName: "zhidao" }).lean())!;
    const accountName = `e2e.head${Date.now() % 100000}`;
    const made = await User.create({
      accountName,
      displayName: "测试负责人",
      status: "active",
      roles: [{ role: "instructor", unionOrgId: zhidao.roles[0].unionOrgId }],
    });
    // Written around the services: the account list's kept rows follow, as createAccount keeps them.
    await keepAccount(made._id);
    const flag = async () => (await User.findById(made._id).lean())!.roles[0].head;
    try {
      const { page, errors } = await openPage(browser);
      await signInAs(page, "admin");
      await visit(page, "/accounts");
      const button = page.locator(`[data-testid='head-${accountName}']`);
      await expect(button.textContent()).resolves.toMatch(/^设为.+总工会负责人$/);
      await button.click();
      await page.locator(".notice", { hasText: "已设为工会组织负责人" }).waitFor();
      expect(await flag()).toBe(true);
      await screenshot(page, "cultivation-07-accounts-head");
      // The row says so once the page has read the accounts again.
      await page.locator("tr", { hasText: accountName }).filter({ hasText: "（负责人）" }).waitFor();
      await expect(button.textContent()).resolves.toMatch(/^取消.+总工会负责人$/);
      await button.click();
      await page.locator(".notice", { hasText: "已取消工会组织负责人" }).waitFor();
      await page
        .locator("tr", { hasText: accountName })
        .filter({ hasText: /设为.+负责人/ })
        .waitFor();
      expect(await flag()).toBeFalsy();
      expect(errors).toEqual([]);
    } finally {
      await User.deleteOne({ _id: made._id });
      await keepAccount(made._id, { orgs: [zhidao.roles[0].unionOrgId] });
    }
  });
});

describe("phones (390 px): the survey link and the 培育助推 tab", () => {
  it("an employee answers a survey on a phone; HR and the chair read the enterprise's tab on theirs", async () => {
    const chairEnterprise = (await Enterprise.findById(
      (await User.findOne({ accountName: "chair" }).lean())!.roles[0].enterpriseId,
    ).lean())!;
    const survey = await Survey.create({
      enterpriseId: chairEnterprise._id,
      enterpriseName: chairEnterprise.name,
      unionOrgId: chairEnterprise.unionOrgId,
      title: `${chairEnterprise.name}${year}年集体协商质量调查`,
      trigger: "manual",
      secret: "e2e-phone-survey-secret-0123456789",
      employeeLinks: 5,
      status: "open",
      openedOn: today,
      createdByName: "测试",
    });
    try {
      const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
      const phone = await context.newPage();
      const errors: string[] = [];
      phone.on("pageerror", (error) => errors.push(error.message));
      await phone.goto(`${BASE_URL}/surveys/answer/${surveyToken(survey, 1)}`);
      await phone.waitForSelector("html[data-hydrated='true']");
      const overflow = () => phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await phone.getByRole("radio", { name: "是" }).first().check();
      await phone.getByRole("radio", { name: "否" }).nth(1).check();
      await phone.getByRole("radio", { name: "满意", exact: true }).check();
      await screenshot(phone, "cultivation-08-survey-390");
      await phone.getByRole("button", { name: "提交" }).click();
      await phone.locator("[data-testid='survey-thanks']").waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await context.close();
      expect(errors).toEqual([]);
      expect(await SurveyResponse.countDocuments({ surveyId: survey._id })).toBe(1);

      for (const account of ["hr", "chair"]) {
        const { page, errors: pageErrors } = await openPage(browser);
        await page.setViewportSize({ width: 390, height: 844 });
        await signInAs(page, account);
        await visit(page, `/enterprises/${String(chairEnterprise._id)}/cultivation`);
        await page.locator("[data-testid='cultivation-tab']").waitFor();
        // One answer: counted, but no figure shows below five respondents.
        await expect(page.locator("[data-testid='survey-figures']").textContent()).resolves.toContain(
          "样本不足5份",
        );
        await screenshot(page, `cultivation-09-tab-${account}-390`);
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        expect(pageErrors).toEqual([]);
        await page.context().close();
      }
    } finally {
      await Survey.deleteOne({ _id: survey._id });
      await SurveyResponse.deleteMany({ surveyId: survey._id });
      await SurveyLinkUse.deleteMany({
        _id: { $in: [0, 1, 2, 3, 4, 5].map((i) => `${String(survey._id)}:${i}`) },
      });
      await CultivationRollup.deleteMany({
        _id: { $in: [rollupIds.survey(survey._id), rollupIds.orgSurveys(chairEnterprise.unionOrgId, year)] },
      });
    }
  });
});
