/**
 * Issue 16's clause review in Chromium on the demo enterprise 滨江湖滨精密机械 (a 女职工权益保护 case made
 * through the services up to 第1稿, removed afterwards): the representative, on a 390 px phone, comments on a
 * clause and proposes a wording; the chair (phone) accepts it into 第2稿; the redline 第1稿 → 第2稿 shows the
 * inserted words and downloads as a Word file; HR, on a desktop, sees the versions and never the comment.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { actingUser } from "~/services/accounts/auth.server";
import { assembleCaseDraft } from "~/services/contracts/drafts.server";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Enterprise } from "../../models/enterprise";
import { User } from "../../models/user";
import { ARTIFACTS, BASE_URL, launchBrowser, signInAs } from "../support/browser";
import { removeCase, wageCaseInRounds } from "../support/contract-case";

const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
const ENTERPRISE = "滨江湖滨精密机械有限公司";
const COMMENT = "孕期女职工的产前检查应当算作劳动时间，建议写明。";
const ADDED = "女职工在禁忌岗位调离期间，工资待遇不低于调离前。";

let browser: Browser;
let caseId = "";
let clauseId = "";

jest.setTimeout(240_000);

beforeAll(async () => {
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("浏览器测试需要 MONGODB_URI 和 E2E_MONGODB_DB：请用 `npm test` 运行");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
  const enterprise = (await Enterprise.findOne({ name: ENTERPRISE }).lean())!;
  const as = async (accountName: string) =>
    (await actingUser((await User.findOne({ accountName }).lean())!._id))!;
  const [chair, hr, rep] = [await as("chair"), await as("hr"), await as("rep")];
  caseId = await wageCaseInRounds({ chair, hr, rep, enterpriseId: String(enterprise._id), kind: "women" });
  const first = await assembleCaseDraft(chair, caseId, { side: "employee" });
  clauseId = first.draft.chapters.flatMap((c) => c.clauses).find((c) => c.topic === "women_minors")!.id;
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (caseId) await removeCase(caseId);
  await disconnectDatabase();
});

async function person(account: string, width: number) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signInAs(page, account);
  return { page, errors };
}

async function open(page: Page, path: string) {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForSelector("html[data-hydrated='true']");
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/drafts-${name}.png`, fullPage: true });
}

/** The page is no wider than the phone: nothing to scroll sideways. */
async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

it("a representative comments and proposes a wording; the chief accepts; 第2稿's redline shows it", async () => {
  const drafts = `/bargaining/cases/${caseId}/drafts`;
  // 1. The representative reads 第1稿 clause by clause on the phone and comments on one clause.
  const rep = await person("rep", 390);
  const r = rep.page;
  await open(r, drafts);
  const clause = r.locator(`article.clause[data-clause='${clauseId}']`);
  await clause.locator("summary", { hasText: "提意见或建议修改" }).click();
  await clause.locator("textarea[name='text']").first().fill(COMMENT);
  await clause.getByRole("button", { name: "发表意见" }).click();
  await r.locator("[data-testid='drafts-done']", { hasText: "意见已发表" }).waitFor();
  await expect(clause.locator("[data-testid='thread']").textContent()).resolves.toContain(COMMENT);
  expect(await fitsWidth(r)).toBe(true);

  // 2. … and proposes a wording: the clause's text with one more sentence (the forms are still open).
  const forms = clause.locator("details.review-forms");
  if (!(await forms.evaluate((d) => (d as HTMLDetailsElement).open)))
    await clause.locator("summary", { hasText: "提意见或建议修改" }).click();
  const proposal = clause.locator(`textarea#suggest-${clauseId.replace(/\./g, "\\.")}`);
  const current = await proposal.inputValue();
  await proposal.fill(`${current}${ADDED}`);
  await clause.getByRole("button", { name: "提交修改建议" }).click();
  await r.locator("[data-testid='drafts-done']", { hasText: "修改建议已提交" }).waitFor();
  await expect(clause.locator("[data-testid='suggestion']").getAttribute("data-status")).resolves.toBe(
    "pending",
  );
  await shot(r, "01-rep-comment-and-suggestion-390");

  // 3. HR (desktop) sees 第1稿 but no comment and no suggestion.
  const hr = await person("hr", 1366);
  await open(hr.page, drafts);
  await hr.page.locator("[data-testid='version'][data-version='1']").waitFor();
  const hrText = (await hr.page.locator("body").textContent()) ?? "";
  expect(hrText).not.toContain(COMMENT);
  expect(hrText).not.toContain(ADDED);
  expect(await hr.page.locator("[data-testid='clause-review']").count()).toBe(0);
  await shot(hr.page, "02-hr-sees-versions-1366");

  // 4. The chair accepts it on the phone: 第2稿.
  const chair = await person("chair", 390);
  const c = chair.page;
  await open(c, drafts);
  const chairClause = c.locator(`article.clause[data-clause='${clauseId}']`);
  await chairClause.getByRole("button", { name: "采纳（生成新稿）" }).click();
  await c.waitForURL((url) => url.searchParams.get("v") === "2");
  await c.locator("[data-testid='version'][data-version='2']").waitFor();
  await expect(
    c.locator(`article.clause[data-clause='${clauseId}'] .clause-text`).textContent(),
  ).resolves.toContain(ADDED);
  await shot(c, "03-chair-accepted-390");

  // 5. The redline 第1稿 → 第2稿: the added sentence inserted in that clause, readable at 390 px.
  await c.getByRole("link", { name: "与第1稿对照" }).click();
  await c.waitForURL((url) => url.pathname.endsWith("/redline"));
  await c.waitForSelector("html[data-hydrated='true']");
  await expect(c.locator("[data-testid='redline-title']").textContent()).resolves.toBe("第1稿 → 第2稿");
  const entry = c.locator(`.redline-entry[data-clause='${clauseId}']`);
  await expect(entry.getAttribute("data-kind")).resolves.toBe("changed");
  await expect(entry.locator("ins").allTextContents()).resolves.toEqual([ADDED]);
  expect(await fitsWidth(c)).toBe(true);
  await shot(c, "04-redline-390");

  // 6. The redline as a Word file.
  await c.getByRole("button", { name: "生成修改对照（Word）" }).click();
  const link = c.locator("[data-testid='redline-download']");
  for (let i = 0; i < 60 && (await link.count()) === 0; i++) {
    await c.waitForTimeout(1000);
    await c.reload();
    await c.waitForSelector("html[data-hydrated='true']");
  }
  const [file] = await Promise.all([c.waitForEvent("download"), link.click()]);
  expect(file.suggestedFilename()).toContain("集体合同草案修改对照");
  const bytes = fs.readFileSync((await file.path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  fs.writeFileSync(`${ARTIFACTS}/drafts-redline.docx`, bytes);

  // 7. The representative sees the suggestion accepted into 第2稿.
  await open(r, `${drafts}?v=2`);
  await expect(
    r.locator(`article.clause[data-clause='${clauseId}'] [data-testid='suggestion']`).textContent(),
  ).resolves.toContain("已进入第2稿");

  expect([...rep.errors, ...hr.errors, ...chair.errors]).toEqual([]);
});
