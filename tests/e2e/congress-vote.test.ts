/**
 * The congress vote to the contract in effect, in Chromium. A fresh enterprise (its chair and HR, 15
 * representatives with accounts) gets a case at the agreed-draft step with 第1稿 stored; then in the
 * browser: the chair (on a phone) submits it, types a roster of 30, calls the meeting; with 19 checked in
 * the vote does not open, with 20 it does; 15 representatives vote 同意 on 390 px phones and each sees a
 * receipt code; the count passes (15 of 30, 半数以上); both chiefs sign with their passwords; HR files and
 * the 报送审查函 downloads; the authority's receipt is recorded; once the review date has passed with no
 * objection (the sweep, run for that day) the case shows 已生效. Everything made is removed afterwards.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { makeCreditCode } from "~/domain/credit-code";
import mongoose from "mongoose";
import type { Browser, Page } from "playwright-core";
import { sweepBargainingDeadlines } from "~/services/bargaining/sweep.server";
import { applyChanges, refreshTotals } from "~/services/dashboards/rollups.server";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { BargainingCase } from "../../models/bargaining-case";
import { Enterprise } from "../../models/enterprise";
import {
  EnterpriseCaseIndex,
  EnterpriseCaseRow,
  PipelineIndex,
  PipelineRow,
} from "../../models/bargaining-summary";
import { CultivationRollup, rollupIds } from "../../models/cultivation-rollup";
import { Survey } from "../../models/cultivation-survey";
import { UnionOrg } from "../../models/union-org";
import { User } from "../../models/user";
import { ARTIFACTS, BASE_URL, launchBrowser, signInAs } from "../support/browser";
import {
  keepEnterprisesWrittenDirectly,
  makeEnterprise,
  makeUser,
  PASSWORD,
  type MadeUser,
} from "../support/factories";
import { makeAgreedCase } from "../support/vote-case";
import { forgetKept } from "../../models/kept-rows";

const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
let browser: Browser;
let caseId = "";
let enterpriseId: mongoose.Types.ObjectId;
let chair: MadeUser;
let hr: MadeUser;
const reps: MadeUser[] = [];
const userIds: string[] = [];

beforeAll(async () => {
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("浏览器测试需要 MONGODB_URI 和 E2E_MONGODB_DB：请用 `npm test` 运行");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
  const org = await UnionOrg.findOne({ name: "云溪区总工会" }).lean();
  if (!org) throw new Error("演示组织 云溪区总工会 不存在");
  const enterprise = await makeEnterprise(org, {
    name: `表决浏览器测试${Date.now() % 100000}有限公司`,
    // Other browser tests make enterprises in this database from their own counters: a random code.
    creditCode: makeCreditCode(`91330110MA8${crypto.randomInt(100_000, 999_999)}`),
  });
  enterpriseId = enterprise._id;
  chair = await makeUser({ role: "chair", enterprise, displayName: "表决主席" });
  hr = await makeUser({ role: "hr", enterprise, displayName: "表决人事" });
  for (let i = 1; i <= 15; i++)
    reps.push(
      await makeUser({ role: "rep", enterprise, displayName: `表决代表${String(i).padStart(2, "0")}` }),
    );
  userIds.push(chair.id, hr.id, ...reps.map((r) => r.id));
  caseId = await makeAgreedCase({
    enterprise,
    createdBy: chair.id,
    chiefs: { employee: "表决主席", employer: "表决人事" },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  if (caseId) {
    const db = mongoose.connection.db!;
    const like = { $regex: `^${caseId}` };
    await BargainingCase.deleteOne({ _id: caseId });
    await db.collection("contract_draft_versions").deleteMany({ _id: like } as never);
    await db.collection("congresses").deleteMany({ _id: caseId } as never);
    for (const name of [
      "congress_votes",
      "congress_voted",
      "congress_counted_ballots",
      "congress_codes",
      "contract_records",
      "bargaining_representatives",
    ])
      await db.collection(name).deleteMany({ _id: like } as never);
    await db.collection("rendered_documents").deleteMany({ sourceId: new mongoose.Types.ObjectId(caseId) });
    // The kept rows of the enterprise's tab and of the pipeline, and the case's place in their indexes.
    const enterprise = await Enterprise.findById(enterpriseId).select({ unionOrgId: 1 }).lean();
    await EnterpriseCaseRow.deleteOne({ _id: `${String(enterpriseId)}:${caseId}` });
    await EnterpriseCaseIndex.deleteOne({ _id: enterpriseId });
    if (enterprise) {
      await PipelineRow.deleteOne({ _id: `${String(enterprise.unionOrgId)}:${caseId}` });
      await PipelineIndex.updateOne({ _id: enterprise.unionOrgId }, { $pull: { caseIds: caseId } });
    }
    // Written around the bargaining module (which stamps what it writes): the app reads them again.
    await forgetKept(EnterpriseCaseIndex as never, [String(enterpriseId)]);
    if (enterprise) await forgetKept(PipelineIndex as never, [String(enterprise.unionOrgId)]);
    // The quality survey the contract's effect opened for the enterprise, and the kept rows that list it.
    for (const survey of await Survey.find({ enterpriseId }).lean()) {
      await Survey.deleteOne({ _id: survey._id });
      await CultivationRollup.deleteMany({
        _id: {
          $in: [
            rollupIds.survey(survey._id),
            rollupIds.orgSurveys(survey.unionOrgId, Number(survey.openedOn.slice(0, 4))),
          ],
        },
      });
    }
    await db
      .collection("notifications")
      .deleteMany({ userId: { $in: userIds.map((id) => new mongoose.Types.ObjectId(id)) } });
    // The case reached the dashboard through the services (vote, signing, filing): its row leaves its
    // roll-up and the totals above follow now, or the dashboard's funnel would count a case no list shows.
    await refreshTotals(await applyChanges("case", [caseId], { refreshAll: true }));
  }
  await User.deleteMany({ _id: { $in: userIds } });
  const enterprise = await Enterprise.findById(enterpriseId).lean();
  await Enterprise.deleteOne({ _id: enterpriseId });
  if (enterprise) await keepEnterprisesWrittenDirectly([enterprise]);
  await disconnectDatabase();
});

async function person(account: string, width: number, password = PASSWORD) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height: 860 } });
  const page = await context.newPage();
  await signInAs(page, account, password);
  return page;
}

async function open(page: Page, path: string) {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForSelector("html[data-hydrated='true']");
}

async function shot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/congress-${name}.png`, fullPage: true });
}

async function noOverflow(page: Page) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(wide).toBeLessThanOrEqual(1);
}

it("roster of 30, quorum, 15 phones vote 同意, signing, filing, and 生效 after the review", async () => {
  const congress = `/bargaining/cases/${caseId}/congress`;
  const chairPage = await person(chair.accountName, 390);
  await open(chairPage, congress);
  await chairPage.getByRole("button", { name: /提交.*审议/ }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "草案已提交审议" }).waitFor();

  const lines = Array.from({ length: 30 }, (_, i) =>
    i < 15
      ? `表决代表${String(i + 1).padStart(2, "0")} B${100 + i} ${i % 2 ? "女" : "男"} 是`
      : `纸质代表${i + 1} B${100 + i} ${i % 2 ? "女" : "男"} ${i % 3 ? "是" : "否"}`,
  );
  await chairPage.locator("#roster-text").fill(lines.join("\n"));
  await chairPage.getByRole("button", { name: "保存名单" }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "名单已保存" }).waitFor();
  expect(await chairPage.locator("[data-testid='roster-table'] tbody tr").count()).toBe(30);

  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  await chairPage.locator("#heldOn").fill(today);
  await chairPage.locator("#place").fill("职工之家");
  await chairPage.locator("#teller1").selectOption({ label: "表决主席" });
  await chairPage.locator("#teller2").selectOption({ label: "表决人事" });
  await chairPage.getByRole("button", { name: "召集会议" }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "会议已召集" }).waitFor();

  // 19 check in (the 15 with phones and 4 others): the vote cannot open.
  const boxes = chairPage.locator("[data-testid='checkin-form'] input[type='checkbox']");
  for (let i = 0; i < 19; i++) await boxes.nth(i).check();
  await chairPage.getByRole("button", { name: "签到", exact: true }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "签到已更新" }).waitFor();
  await chairPage.locator("[data-testid='open-vote']").click();
  const refusal = chairPage.locator(".form-error");
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain("实到19人");
  expect(await refusal.textContent()).toContain("第三十六条");
  await shot(chairPage, "quorum-refused-390");
  await chairPage
    .locator("[data-testid='checkin-form'] input[type='checkbox']:not([disabled])")
    .first()
    .check();
  await chairPage.getByRole("button", { name: "签到", exact: true }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "签到已更新" }).waitFor();
  await chairPage.locator("[data-testid='open-vote']").click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "表决已开始" }).waitFor();

  // Two slips printed; two present members without a phone each take one (which one is never recorded).
  await chairPage.getByLabel("张数").fill("2");
  await chairPage.getByRole("button", { name: "生成纸质选票" }).click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "纸质选票已生成" }).waitFor();
  const slipText = (await chairPage.getByText("选票编号（打印后裁开").textContent()) ?? "";
  const slips = slipText.match(/[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}/g) ?? [];
  expect(slips).toHaveLength(2);
  const [agreedSlip, disputedSlip] = slips as [string, string];
  for (const name of ["纸质代表16", "纸质代表17"]) {
    await chairPage
      .locator("ul.checklist li", { hasText: name })
      .getByRole("button", { name: "领取纸质选票" })
      .click();
    await chairPage.locator("[data-testid='congress-done']", { hasText: "已登记领取纸质选票" }).waitFor();
  }

  // 15 representatives vote 同意 on their phones, five at a time.
  const codes: string[] = [];
  for (let batch = 0; batch < 15; batch += 5) {
    await Promise.all(
      reps.slice(batch, batch + 5).map(async (rep, j) => {
        const phone = await person(rep.accountName, 390);
        await open(phone, `/bargaining/cases/${caseId}/vote`);
        await phone.getByRole("radio", { name: "同意", exact: true }).check();
        await phone.getByRole("button", { name: "投票" }).click();
        const code = phone.locator("[data-testid='receipt-code']");
        await code.waitFor();
        codes.push(((await code.textContent()) ?? "").replace("-", ""));
        await noOverflow(phone);
        if (batch === 0 && j === 0) await shot(phone, "receipt-390");
        await phone.context().close();
      }),
    );
  }
  expect(codes).toHaveLength(15);

  await open(chairPage, congress);
  await chairPage.locator("[data-testid='close-vote']").click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "投票已截止" }).waitFor();

  // The two tellers (the chair and HR), each on a phone, enter the slips independently: both read the first
  // as 同意; the second one reads as 同意, the other as 不同意.
  const hrPhone = await person(hr.accountName, 390);
  await open(hrPhone, congress);
  const enter = async (page: Page, code: string, choice: "同意" | "不同意") => {
    const teller = page.locator("[data-testid='teller']");
    await teller.locator("#receiptCode").fill(code);
    await teller.getByRole("radio", { name: choice, exact: true }).check();
    await teller.getByRole("button", { name: "录入" }).click();
    await page
      .locator("[data-testid='congress-done']", { hasText: `已录入选票 ${code.replace("-", "")}` })
      .waitFor();
  };
  await enter(chairPage, agreedSlip, "同意");
  await enter(hrPhone, agreedSlip, "同意");
  await enter(chairPage, disputedSlip, "同意");
  await enter(hrPhone, disputedSlip, "不同意");
  for (const page of [chairPage, hrPhone]) {
    await open(page, congress);
    const teller = page.locator("[data-testid='teller']");
    expect(await teller.textContent()).toContain("本人已录入2张；两人一致1张");
    // The slip read differently is shown to both, without the other teller's reading.
    const discrepancy = (await teller.locator("[data-testid='paper-discrepancies']").textContent()) ?? "";
    expect(discrepancy).toContain("两人录入不一致");
    expect(discrepancy).toContain(disputedSlip);
    expect(discrepancy).not.toContain(agreedSlip);
    expect(discrepancy).not.toMatch(/同意|弃权/);
    await noOverflow(page);
  }
  await shot(hrPhone, "tellers-discrepancy-390");
  await hrPhone.context().close();

  await chairPage.locator("[data-testid='confirm-count']").click();
  await chairPage.locator("[data-testid='congress-done']", { hasText: "计票结果已确认" }).waitFor();
  expect(await chairPage.locator("[data-testid='vote-verdict']").textContent()).toBe("草案获得通过");
  // The agreed slip is counted and marked paper; the disputed one is not counted.
  const row = async (label: string) =>
    (
      await chairPage
        .locator("[data-testid='vote-result'] tr", { has: chairPage.locator("th", { hasText: label }) })
        .locator("td")
        .allTextContents()
    ).map(Number);
  expect(await row("网上投票")).toEqual([15, 0, 0, 15]);
  expect(await row("纸质选票")).toEqual([1, 0, 0, 1]);
  expect(await row("合计")).toEqual([16, 0, 0, 16]);
  const published = (await chairPage.locator("[data-testid='published-codes']").textContent()) ?? "";
  for (const c of codes) expect(published).toContain(`${c.slice(0, 5)}-${c.slice(5)}`);
  expect(published).toContain(agreedSlip);
  expect(published).not.toContain(disputedSlip);
  expect(published).toContain("共16个");
  expect(published).not.toMatch(/同意|不同意|弃权/);
  await noOverflow(chairPage);
  await shot(chairPage, "result-390");

  // Both chiefs sign with their passwords.
  const contract = `/bargaining/cases/${caseId}/contract`;
  const hrPage = await person(hr.accountName, 1366);
  for (const page of [chairPage, hrPage]) {
    await open(page, contract);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "确认签字" }).click();
    await page.locator("[data-testid='contract-done']", { hasText: "已签字" }).waitFor();
  }
  expect(await hrPage.locator("[data-testid='contract-status']").textContent()).toBe("已签订");
  expect(await hrPage.locator("[data-testid='fingerprint']").textContent()).toMatch(
    /[0-9a-f]{8} [0-9a-f]{8}/,
  );

  // HR files; the letter downloads.
  await hrPage.locator("#authority").fill("云溪区人力资源和社会保障局");
  await hrPage.getByRole("button", { name: "报送并生成报送审查函" }).click();
  await hrPage.locator("[data-testid='contract-done']", { hasText: "已报送审查" }).waitFor();
  const link = hrPage.locator("[data-testid='filing-download']");
  for (let i = 0; i < 60 && (await link.count()) === 0; i++) {
    await hrPage.waitForTimeout(1000);
    await open(hrPage, contract);
  }
  const [file] = await Promise.all([hrPage.waitForEvent("download"), link.click()]);
  expect(file.suggestedFilename()).toContain("报送审查函");
  expect(
    fs
      .readFileSync((await file.path())!)
      .subarray(0, 2)
      .toString(),
  ).toBe("PK");

  await hrPage.getByRole("button", { name: "登记" }).click();
  await hrPage.locator("[data-testid='contract-done']", { hasText: "审查期开始计算" }).waitFor();
  expect(await hrPage.locator("[data-testid='contract-status']").textContent()).toBe("审查中");

  // The review date passes with no objection: the sweep (run for that day) puts it in effect.
  const effective = (await BargainingCase.findById(caseId).lean())!.deadlines.find(
    (d) => d.key === "effective",
  )!;
  await sweepBargainingDeadlines(new Date(`${effective.dueOn}T09:00:00+08:00`));
  await open(hrPage, contract);
  expect(await hrPage.locator("[data-testid='contract-status']").textContent()).toBe("已生效");
  await shot(hrPage, "in-effect-1366");
}, 400_000);
