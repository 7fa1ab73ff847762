/**
 * Collective bargaining end to end in Chromium on the demo data (滨江湖滨精密机械有限公司: the chair's,
 * HR's and the rep's enterprise; zhidao instructs its district). The chair works on a 390 px phone, HR
 * and the instructor on a desktop:
 * chair sends a wage offer; HR responds; HR's invalid list of representatives is refused with the rule
 * and article, then both sides name valid lists; a round with minutes where two topics reach TA and the
 * chair's private note stays invisible to HR; the offer and minutes Word files download; the instructor's
 * pipeline shows the case at the agreed-draft step. Every page is screenshot at 1366 and 390 px.
 */
import fs from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { ARTIFACTS, BASE_URL, launchBrowser, navLink, signInAs } from "../support/browser";

const ENTERPRISE = "滨江湖滨精密机械有限公司";
const CAUCUS = "职工方内部：增幅底线4%，可在津贴上让步";
const TOPICS = ["工资协议的期限", "工资分配制度、工资标准和工资分配形式", "职工年度平均工资水平及其调整幅度"];

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

/** The page at 1366 and at 390 px, full length; the viewport is put back afterwards. */
async function shots(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize()!;
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 860 });
    await page.screenshot({ path: `${ARTIFACTS}/bargaining-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize(before);
}

async function open(page: Page, path: string) {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForSelector("html[data-hydrated='true']");
}

async function done(page: Page, text: string) {
  await page.locator("[data-testid='case-done']", { hasText: text }).waitFor();
}

async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/** Reloads until the worker has rendered the file and its link shows. */
async function waitForLink(page: Page, testId: string) {
  const link = page.locator(`[data-testid='${testId}']`);
  for (let i = 0; i < 60 && (await link.count()) === 0; i++) {
    await page.waitForTimeout(1000);
    await page.reload();
    await page.waitForSelector("html[data-hydrated='true']");
  }
  return link.first();
}

async function fillMembers(form: Locator, names: string[]) {
  const rows = form.locator("[data-testid='rep-row']");
  while ((await rows.count()) < names.length) await form.getByRole("button", { name: "添加一人" }).click();
  while ((await rows.count()) > names.length)
    await form.getByRole("button", { name: "删除最后一人" }).click();
  for (const [i, name] of names.entries()) await rows.nth(i).locator("input").first().fill(name);
  await rows.first().locator("input[type='radio']").check();
}

it("offer to agreed draft: chair on a phone, HR and the instructor on a desktop", async () => {
  const chair = await person("chair", 390);
  const hr = await person("hr", 1366);
  const c = chair.page;
  const h = hr.page;

  // 1. The chair opens 集体协商 from the navigation (390 px) and sends a wage offer with three topics.
  await (await navLink(c, "集体协商")).click();
  await c.waitForURL((url) => url.pathname.endsWith("/bargaining"));
  await c.locator("[data-testid='contract-status']").waitFor();
  await shots(c, "01-enterprise-tab");
  await c.selectOption("#offer-kind", "wage");
  for (const box of await c.locator("input[name='topicKeys']").all()) await box.uncheck();
  for (const t of TOPICS) await c.locator("label.choice", { hasText: t }).locator("input").check();
  await c.fill("#offer-note", "建议本月下旬在企业二楼会议室协商，联系人李明。");
  await c.getByRole("button", { name: "发出要约" }).click();
  await Promise.race([
    c.waitForURL((url) => /^\/bargaining\/cases\/[0-9a-f]{24}$/.test(url.pathname)),
    c
      .locator(".form-error, .error-page")
      .first()
      .waitFor()
      .then(async () => {
        await shots(c, "00-offer-error");
        throw new Error(`要约未发出：${await c.locator(".form-error, .error-page").first().textContent()}`);
      }),
  ]);
  await c.waitForSelector("html[data-hydrated='true']");
  const casePath = new URL(c.url()).pathname;
  await expect(c.locator("[data-testid='case-status']").textContent()).resolves.toBe("已发出要约，待回应");
  await expect(c.locator("[data-deadline='response']").textContent()).resolves.toContain(
    "《集体合同规定》第三十二条",
  );
  await c.locator("[data-deadline='response'] summary", { hasText: "原文" }).click();
  await expect(c.locator("[data-deadline='response'] blockquote").last().textContent()).resolves.toContain(
    "20日内以书面形式给以回应",
  );
  await shots(c, "02-case-offer-sent");

  // 2. HR responds in writing.
  await open(h, casePath);
  await h.locator("[data-testid='respond-form']").getByRole("button", { name: "提交书面回应" }).click();
  await done(h, "已书面回应");
  await expect(h.locator("[data-testid='case-status']").textContent()).resolves.toBe("已同意协商");
  await shots(h, "03-case-responded");

  // 3. HR's list of two is refused with the rule and its article; three are accepted.
  const hrForm = h.locator("[data-testid='rep-form-employer']");
  await fillMembers(hrForm, ["张丽", "刘强"]);
  await hrForm.getByRole("button", { name: "保存用人单位方名单" }).click();
  const refusal = h.locator(".form-error");
  await refusal.waitFor();
  await expect(refusal.textContent()).resolves.toContain("每方协商代表不少于3人");
  await expect(refusal.textContent()).resolves.toContain("《集体合同规定》第十九条");
  await shots(h, "04-representatives-refused");
  await fillMembers(hrForm, ["张丽", "刘强", "吴敏"]);
  await hrForm.getByRole("button", { name: "保存用人单位方名单" }).click();
  await done(h, "协商代表名单已保存");

  // 4. The chair names the employee side on the phone: the case moves on.
  await c.reload();
  await c.waitForSelector("html[data-hydrated='true']");
  const chairForm = c.locator("[data-testid='rep-form-employee']");
  await fillMembers(chairForm, ["李明", "赵刚", "陈静"]);
  await chairForm.getByRole("button", { name: "保存职工方名单" }).click();
  await done(c, "协商代表名单已保存");
  await expect(c.locator("[data-testid='case-status']").textContent()).resolves.toBe("协商代表已确定");
  await c.fill("#recorderName", "孙晓");
  await c.getByRole("button", { name: "保存准备事项" }).click();
  await done(c, "记录员和议程已保存");

  // 5. A round; HR agrees to the three topics (TA).
  await open(h, casePath);
  await h.fill("#heldOn", "2026-03-25");
  await h.fill("#place", "企业二楼会议室");
  await h.getByRole("button", { name: "安排会议" }).click();
  await done(h, "协商会议已安排");
  for (const t of TOPICS) {
    const topic = h.locator(`[data-topic='${t}']`);
    await topic.locator("select[name='move']").selectOption("agree");
    await topic.getByRole("button", { name: "提交" }).click();
    await done(h, "议题已更新");
    // The notice of the previous topic may still be on screen: wait for this topic's row to be reloaded.
    const status = h.locator(`[data-topic='${t}'] [data-testid='topic-status']`);
    await status
      .filter({ hasText: "暂定一致" })
      .waitFor({ timeout: 15_000 })
      .catch(() => undefined);
    await expect(status.textContent()).resolves.toBe("暂定一致");
  }

  // 6. The chair's private note: on the chair's page, nowhere on HR's.
  await open(c, casePath);
  await c.locator("[data-testid='caucus-employee'] textarea").fill(CAUCUS);
  await c.getByRole("button", { name: "保存内部记录" }).click();
  await done(c, "内部记录已保存");
  await expect(c.locator("[data-testid='caucus-note']").first().textContent()).resolves.toContain(CAUCUS);
  await c.fill("#minutes-1", "双方就工资分配制度和年度平均工资调整幅度达成暂定一致。");
  await c.getByRole("button", { name: "保存会议记录" }).click();
  await done(c, "会议记录已保存");
  await c.getByRole("button", { name: "职工方首席代表确认会议记录" }).click();
  await done(c, "已确认会议记录");
  await shots(c, "05-chair-round-and-caucus");

  await open(h, casePath);
  await expect(h.locator("body").textContent()).resolves.not.toContain(CAUCUS);
  await expect(h.locator("[data-testid='caucus-employee']").count()).resolves.toBe(0);
  await h.getByRole("button", { name: "用人单位方首席代表确认会议记录" }).click();
  await done(h, "已确认会议记录");

  // 7. The Word files: the offer and the minutes.
  const minutesLink = await waitForLink(h, "minutes-download");
  const minutes = await download(h, minutesLink);
  expect(minutes.name).toContain("集体协商会议记录");
  expect(minutes.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  const offerLink = await waitForLink(h, "offer-download");
  const offer = await download(h, offerLink);
  expect(offer.name).toContain("集体协商要约书");
  fs.writeFileSync(`${ARTIFACTS}/bargaining-offer.docx`, offer.bytes);
  fs.writeFileSync(`${ARTIFACTS}/bargaining-minutes.docx`, minutes.bytes);
  expect(minutes.bytes.includes(Buffer.from(CAUCUS))).toBe(false);
  await shots(h, "06-hr-case-after-round");

  // 8. The chair enters the wage data (the draft's wage standards are checked against the local minimum
  //    wage), makes 第1稿 from the clause library and agrees it (on the phone).
  await open(c, casePath);
  const wage = c.locator("[data-testid='wage']");
  for (const [name, value] of Object.entries({
    year: "2025",
    averageWage: "96000",
    payroll: "31296000",
    headcount: "326",
    lower: "3",
    baseline: "5",
    upper: "8",
    cpi: "0.8",
    minimumMonthly: "2490",
    minimumHourly: "24",
    proposedRaise: "5",
  }))
    await wage.locator(`[name='${name}']`).fill(value);
  await wage.getByRole("button", { name: "保存工资数据" }).click();
  await done(c, "工资数据已保存");
  await c.locator("[data-testid='drafts-panel']").getByRole("link", { name: "打开合同草案" }).click();
  await c.waitForURL((url) => url.pathname === `${casePath}/drafts`);
  await c.waitForSelector("html[data-hydrated='true']");
  await c.getByRole("button", { name: "由条款库生成第1稿" }).click();
  await c.locator("[data-testid='version'][data-version='1']").waitFor();
  await expect(c.locator("[data-testid='checks'] [data-level='error']").count()).resolves.toBe(0);
  await shots(c, "07-draft-v1");
  await open(c, casePath);
  await c.getByRole("button", { name: "确认草案协商一致" }).click();
  await done(c, "草案已协商一致");
  await expect(c.locator("[data-testid='case-status']").textContent()).resolves.toBe("草案已协商一致");
  await shots(c, "07b-draft-agreed");

  // 9. The instructor's pipeline shows the case at the agreed-draft step.
  const zd = await person("zhidao", 1366);
  await zd.page.locator("nav.shell-nav a", { hasText: "集体协商" }).first().click();
  await zd.page.waitForURL((url) => url.pathname === "/bargaining");
  const row = zd.page.locator("[data-stage='approval'] li", { hasText: ENTERPRISE });
  await row.first().waitFor();
  await expect(row.first().locator("[data-testid='pipeline-status']").textContent()).resolves.toBe(
    "草案已协商一致",
  );
  await shots(zd.page, "08-instructor-pipeline");
  await open(zd.page, casePath);
  await expect(zd.page.locator("body").textContent()).resolves.not.toContain(CAUCUS);

  expect([...chair.errors, ...hr.errors, ...zd.errors]).toEqual([]);
});
