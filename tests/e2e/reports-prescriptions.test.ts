/**
 * Risk report (体检报告) and legal prescription (法律处方) end to end in Chromium, one browser context per
 * person, on the demo data: the hr account's enterprise has an accepted health check with neither a
 * report file nor a prescription (scripts/demo-data.ts).
 *
 * The instructor opens the report, writes the problem analysis, generates the Word report (the worker
 * renders it while the page shows the progress) and downloads it; drafts the prescription from the
 * findings, edits one item, issues it and downloads the prescription; HR confirms one item, uploads
 * evidence and submits it; the instructor returns it with a reason; HR reads the reason and resubmits;
 * the instructor verifies it, and the headline 整改率 on /prescriptions moves. A second test reads the demo
 * union's history: a re-check compared with the check a year before, and prescription items in every state.
 *
 * The health-check flow test may accept a newer check of the same enterprise meanwhile (test files run in
 * parallel), so the seeded check is picked as the oldest accepted row, and nothing here counts checks.
 */
import fs from "node:fs";
import JSZip from "jszip";
import type { Browser, Locator, Page } from "playwright-core";
import { addDays, todayInShanghai } from "~/domain/dates";
import { launchBrowser, openEnterpriseTab, openPage, screenshot, signInAs, visit } from "../support/browser";

const ENTERPRISE = "滨江湖滨精密机械有限公司";
/** Checked twice in the demo, with a prescription after each check. */
const HISTORY_ENTERPRISE = "云溪新材料科技股份有限公司";
const ANALYSIS = [
  "## 主要问题",
  "- 部分岗位职工入职后超过一个月才签订书面劳动合同",
  "- 加班时长超出法定上限，且未与工会协商",
  "",
  "企业对体检发现的问题认识到位，建议按法律处方逐项整改，企业工会全程监督。",
].join("\n");
/** Added to the proposed requirement of the edited item, whichever finding it answers. */
const ADDED_ACTION = "整改完成后，将整改台账和修订后的制度文本报湖滨街道总工会备案。";
const REJECT_REASON = "佐证材料缺少职工签字确认页，请补充后重新提交。";
const NOTE = "已按整改要求完成整改，整改台账见附件。";
const NOTE_AGAIN = "已补充职工签字确认页。";
/** A 1×1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);
const EVIDENCE = { name: "整改台账.png", mimeType: "image/png", buffer: PNG };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Clicks a download link and returns the file's name and bytes. */
async function download(page: Page, link: Locator) {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(path) };
}

/** The 合计 row of the headline figures on /prescriptions. */
async function headline(page: Page) {
  await page.goto(new URL("/prescriptions", page.url()).toString());
  await page.waitForSelector("html[data-hydrated='true']");
  const cells = await page
    .locator("[data-testid='headline-figures'] tr[data-org='total'] td")
    .allTextContents();
  return {
    items: Number(cells[3]),
    closed: Number(cells[4]),
    rectified: await page.locator("[data-testid='rectified-pct']").textContent(),
  };
}

const pct = (closed: number, items: number) => `${Math.round((closed / items) * 1000) / 10}%`;

async function expectItemStatus(page: Page, label: string) {
  await page.locator("[data-testid='item-status']", { hasText: label }).waitFor();
}

describe("risk report and legal prescription", () => {
  it("report with analysis and Word file, prescription issued, one item returned once and verified", async () => {
    const instructor = await openPage(browser);
    const zd = instructor.page;
    await signInAs(zd, "zhidao");

    // 1. The report of the enterprise's accepted check (the seeded one: the oldest accepted row).
    await openEnterpriseTab(zd, ENTERPRISE, "法律体检");
    const accepted = zd.locator("[data-testid='assessment-list'] tbody tr", {
      has: zd.locator(".badge", { hasText: "已通过" }),
    });
    await accepted.first().waitFor();
    const overall = (await accepted.last().locator("td").nth(4).textContent()) ?? "";
    await accepted.last().locator("a").click();
    await zd.waitForURL((url) => /^\/assessments\/[0-9a-f]{24}\/scores$/.test(url.pathname));
    const assessmentId = new URL(zd.url()).pathname.split("/")[2];
    await zd.locator("nav.dimension-nav a", { hasText: "体检报告" }).click();
    await zd.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/report`);
    await zd.waitForSelector("html[data-hydrated='true']");
    await expect(zd.locator("[data-testid='report-overall']").textContent()).resolves.toBe(overall);
    // Opening the page creates nothing: the report is numbered by the first action that needs it.
    await expect(zd.locator(".report-head h2 .hint").textContent()).resolves.toContain("首次保存问题分析");
    const findings = await zd.locator("[data-finding]").count();
    expect(findings).toBeGreaterThan(0);
    // A fresh report: version 1, no Word file yet.
    await expect(zd.locator(".render-status").count()).resolves.toBe(0);
    // The file HR attached to an answer (the demo attaches one to the first) is listed with its facts.
    const evidence = zd.locator("[data-testid='report-evidence']");
    await expect(evidence.locator("h2").textContent()).resolves.toBe("佐证材料（1 份）");
    await expect(evidence.locator("a").allTextContents()).resolves.toEqual(["劳动合同签订台账.pdf"]);
    await expect(evidence.locator("li .hint").last().textContent()).resolves.toMatch(
      /^[\d.]+ (字节|KB) · 张丽 · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
    );
    await screenshot(zd, "reports-01-instructor-report");

    // 2. The problem analysis, previewed as typed, saved as version 2.
    await zd.fill("#analysis", ANALYSIS);
    await expect(zd.locator(".analysis-preview h3").textContent()).resolves.toBe("主要问题");
    await expect(zd.locator(".analysis-preview li").count()).resolves.toBe(2);
    await screenshot(zd, "reports-02-analysis-preview");
    await zd.getByRole("button", { name: "保存问题分析" }).click();
    // Saved mid-page: the message shows beside the button.
    await zd
      .locator("[data-testid='analysis-saved']", { hasText: "问题分析已保存，报告更新为第 2 版" })
      .waitFor();
    await expect(zd.locator("#analysis").inputValue()).resolves.toBe(ANALYSIS);
    const reportNo = (await zd.locator(".report-head h2 .hint").textContent()) ?? "";
    expect(reportNo).toMatch(/^[\u4e00-\u9fff]{2,6}工体〔\d{4}〕\d+号$/);

    // 3. The Word report: progress while the worker renders it, then the download link.
    await zd.getByRole("button", { name: "生成 Word 报告（第 2 版）" }).click();
    await zd.locator(".render-status").waitFor();
    await screenshot(zd, "reports-03-word-report-progress");
    const reportLink = zd.locator(".render-status[data-render-status='done'] a");
    await reportLink.waitFor({ timeout: 60_000 });
    await screenshot(zd, "reports-04-word-report-ready");
    const reportFile = await download(zd, reportLink);
    expect(reportFile.name).toContain(ENTERPRISE);
    expect(reportFile.name).toContain(reportNo);
    expect(reportFile.name.endsWith(".docx")).toBe(true);
    expect(reportFile.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(reportFile.bytes.includes(Buffer.from("word/document.xml"))).toBe(true);
    // Its annex lists the attached file.
    const documentXml = await (
      await JSZip.loadAsync(reportFile.bytes)
    )
      .file("word/document.xml")!
      .async("string");
    expect(documentXml).toContain("体检佐证材料清单");
    expect(documentXml).toContain("劳动合同签订台账.pdf");

    // 4. The prescription draft: one item per finding; one item edited.
    await zd.getByRole("link", { name: "开具法律处方" }).click();
    await zd.waitForURL((url) => url.pathname === `/assessments/${assessmentId}/prescription`);
    await zd.getByRole("button", { name: "根据体检发现生成处方草稿" }).click();
    await zd.locator(".notice", { hasText: "已根据体检发现生成处方草稿" }).waitFor();
    const drafts = zd.locator(".draft-item");
    await drafts.first().waitFor();
    await expect(drafts.count()).resolves.toBe(findings);
    await screenshot(zd, "reports-05-prescription-draft");
    const first = drafts.first();
    const title = await first.locator("input[name='title']").inputValue();
    const editedAction = `${await first.locator("textarea[name='action']").inputValue()}；${ADDED_ACTION}`;
    const dueOn = addDays(todayInShanghai(new Date()), 20);
    await first.locator("textarea[name='action']").fill(editedAction);
    await first.locator("input[name='dueOn']").fill(dueOn);
    await first.getByRole("button", { name: "保存本项" }).click();
    // Saved: said in the item's own card, the page stays where it was.
    await first.locator("[data-testid='item-saved']", { hasText: "第 1 项已保存" }).waitFor();
    await expect(zd.locator(".notice").count()).resolves.toBe(0);
    await screenshot(zd, "reports-06-prescription-item-edited");
    await zd.reload();
    await zd.waitForSelector("html[data-hydrated='true']");
    await expect(drafts.first().locator("textarea[name='action']").inputValue()).resolves.toBe(editedAction);
    await expect(drafts.first().locator("input[name='dueOn']").inputValue()).resolves.toBe(dueOn);

    // 5. Issued: numbered, items frozen, the Word file rendered and downloaded.
    // Irreversible: the button asks in place (no browser dialog); 确认签发 issues.
    await zd.getByRole("button", { name: "签发处方" }).click();
    await expect(zd.locator(".notice", { hasText: "处方已签发" }).count()).resolves.toBe(0);
    await zd.getByRole("button", { name: "确认签发" }).click();
    const issuedNotice = zd.locator(".notice", { hasText: "处方已签发" });
    await issuedNotice.waitFor();
    const prescriptionNo =
      /[\u4e00-\u9fff]{2,6}工处〔\d{4}〕\d+号/.exec((await issuedNotice.textContent()) ?? "")?.[0] ?? "";
    expect(prescriptionNo).not.toBe("");
    const issued = zd.locator("[data-testid='issued-items'] tbody tr");
    await issued.first().waitFor();
    await expect(issued.count()).resolves.toBe(findings);
    await expect(issued.first().locator("td").nth(1).textContent()).resolves.toContain(title);
    await expect(issued.first().locator("td").nth(3).textContent()).resolves.toContain(dueOn);
    const prescriptionLink = zd.locator(".render-status[data-render-status='done'] a");
    await prescriptionLink.waitFor({ timeout: 60_000 });
    await screenshot(zd, "reports-07-prescription-issued");
    const prescriptionFile = await download(zd, prescriptionLink);
    expect(prescriptionFile.name).toContain(ENTERPRISE);
    expect(prescriptionFile.name).toContain(prescriptionNo);
    expect(prescriptionFile.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const itemHref = (await issued.first().locator("a").getAttribute("href")) ?? "";
    expect(itemHref).toMatch(/^\/prescriptions\/items\/[0-9a-f]{24}$/);

    // 6. The headline figures before any of the new items is closed.
    const before = await headline(zd);
    expect(before.items).toBeGreaterThanOrEqual(findings);
    expect(before.rectified).toBe(pct(before.closed, before.items));
    await screenshot(zd, "reports-08-headline-before");

    // 7. HR confirms the item, uploads evidence and submits it.
    const hrSession = await openPage(browser);
    const hr = hrSession.page;
    await signInAs(hr, "hr");
    await hr.locator("nav.shell-nav a", { hasText: "整改事项" }).click();
    await hr.waitForURL((url) => url.pathname === "/prescriptions");
    const row = hr.locator("[data-testid='item-list'] tbody tr", { hasText: `${prescriptionNo} 第1项` });
    // One enterprise: no enterprise column, and the figures as a summary of its own items.
    await expect(row.locator("td").first().textContent()).resolves.toBe(`${prescriptionNo} 第1项`);
    await expect(hr.locator("[data-testid='rectified-pct']").textContent()).resolves.toBe("0%");
    await screenshot(hr, "reports-09-hr-item-list");
    await row.getByRole("link", { name: title }).click();
    await hr.waitForURL((url) => url.pathname === itemHref);
    await hr.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(hr, "待确认");
    await expect(hr.locator("main").textContent()).resolves.toContain(ADDED_ACTION);
    await hr.getByRole("button", { name: "确认收到" }).click();
    await expectItemStatus(hr, "已确认");
    // The upload button speaks Chinese; choosing a file uploads it.
    await expect(
      hr.locator("label.button", { has: hr.locator("#evidence-file") }).textContent(),
    ).resolves.toBe("选择文件上传");
    // Refused uploads say why beside the button and leave the page usable: a type the browser already
    // refuses (nothing is sent), then a "PDF" whose content is not one (refused by the server).
    await hr.locator("#evidence-file").setInputFiles({
      name: "工具.exe",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("MZ not evidence"),
    });
    await expect(hr.locator(".evidence-upload .field-error[role='alert']").textContent()).resolves.toContain(
      "类型不支持",
    );
    await hr.locator("#evidence-file").setInputFiles({
      name: "假证明.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("not a pdf at all"),
    });
    await hr.locator("[data-testid='upload-error']").waitFor();
    await expectItemStatus(hr, "已确认");
    await expect(hr.locator("[data-testid='item-evidence'] a").count()).resolves.toBe(0);
    await screenshot(hr, "reports-09a-hr-upload-refused");
    await hr.locator("#evidence-file").setInputFiles(EVIDENCE);
    await hr.locator(".notice", { hasText: `已上传：${EVIDENCE.name}` }).waitFor();
    await expectItemStatus(hr, "整改中");
    await expect(hr.locator("[data-testid='item-evidence'] a").allTextContents()).resolves.toEqual([
      EVIDENCE.name,
    ]);
    // Evidence alone is not a submission: the note is asked for beside its field, the page stays usable.
    await hr.getByRole("button", { name: "保存并提交核验" }).click();
    await hr.getByRole("button", { name: "确认提交" }).click();
    await expect(hr.locator("[data-testid='note-error']").textContent()).resolves.toContain("请填写整改说明");
    await expect(hr.locator("[data-testid='work-error']").textContent()).resolves.toBe(
      "提交核验前，请填写整改说明",
    );
    await expectItemStatus(hr, "整改中");
    await screenshot(hr, "reports-10a-hr-item-note-missing");
    await hr.fill("#note", NOTE);
    await screenshot(hr, "reports-10-hr-item-ready");
    await hr.getByRole("button", { name: "确认提交" }).click();
    await expectItemStatus(hr, "待核验");
    await expect(hr.getByRole("button", { name: "保存并提交核验" }).count()).resolves.toBe(0);
    await hr.locator("[data-testid='item-waiting']").waitFor();
    await screenshot(hr, "reports-11-hr-item-submitted");

    // 8. The instructor returns it with a reason.
    await zd.goto(new URL(itemHref, zd.url()).toString());
    await zd.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(zd, "待核验");
    await expect(zd.locator("main").textContent()).resolves.toContain(NOTE);
    await zd.fill("#reason", REJECT_REASON);
    await screenshot(zd, "reports-12-instructor-verify");
    await zd.getByRole("button", { name: "退回企业" }).click();
    await zd.locator(".notice", { hasText: "已退回企业继续整改" }).waitFor();
    await expectItemStatus(zd, "整改中");

    // 9. HR sees the reason, adds to the note and resubmits.
    await hr.reload();
    await hr.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(hr, "整改中");
    await expect(hr.locator("[data-testid='reject-reason']").textContent()).resolves.toContain(REJECT_REASON);
    await expect(hr.locator("#note").inputValue()).resolves.toBe(NOTE);
    await screenshot(hr, "reports-13-hr-sees-reason");
    await hr.fill("#note", `${NOTE}\n${NOTE_AGAIN}`);
    await hr.getByRole("button", { name: "保存并提交核验" }).click();
    await hr.getByRole("button", { name: "确认提交" }).click();
    await expectItemStatus(hr, "待核验");

    // 10. The instructor verifies: the item is closed and the 整改率 moves.
    await zd.reload();
    await zd.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(zd, "待核验");
    await expect(zd.locator("main").textContent()).resolves.toContain(NOTE_AGAIN);
    await zd.getByRole("button", { name: "核验通过" }).click();
    await zd.getByRole("button", { name: "确认销号" }).click();
    await zd.locator(".notice", { hasText: "已核验销号" }).waitFor();
    await expectItemStatus(zd, "已销号");
    await expect(zd.getByRole("button", { name: "退回企业" }).count()).resolves.toBe(0);
    await expect(zd.locator(".timeline li").allTextContents()).resolves.toEqual([
      expect.stringContaining("签发"),
      expect.stringContaining("确认收到"),
      expect.stringContaining(`上传佐证材料：${EVIDENCE.name}`),
      expect.stringContaining("提交核验"),
      expect.stringContaining(`退回：${REJECT_REASON}`),
      expect.stringContaining("提交核验"),
      expect.stringContaining("核验销号"),
    ]);
    await screenshot(zd, "reports-14-item-closed");

    await hr.reload();
    await hr.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(hr, "已销号");
    await expect(hr.locator("[data-testid='reject-reason']").count()).resolves.toBe(0);
    await expect(hr.locator("[data-testid='closed-on']").textContent()).resolves.toBe(
      `${todayInShanghai(new Date())} 销号，按期完成`,
    );
    await screenshot(hr, "reports-15-hr-item-closed");

    const after = await headline(zd);
    expect(after.items).toBe(before.items);
    expect(after.closed).toBe(before.closed + 1);
    expect(after.rectified).toBe(pct(after.closed, after.items));
    expect(after.rectified).not.toBe(before.rectified);
    await screenshot(zd, "reports-16-headline-after");

    // The reports list shows the union's accepted checks with their report files.
    await zd.locator("nav.shell-nav a", { hasText: "体检报告" }).click();
    await zd.waitForURL((url) => url.pathname === "/reports");
    await zd.locator("[data-testid='report-checks']").waitFor();
    await screenshot(zd, "reports-17-reports-list");

    expect(instructor.errors).toEqual([]);
    expect(hrSession.errors).toEqual([]);
  }, 300_000);

  it("the demo union has a history: a re-check against the last check, and items in every state", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "zhidao");
    await page.locator("nav.shell-nav a", { hasText: "体检报告" }).click();
    await page.waitForURL((url) => url.pathname === "/reports");
    // The address changes before React has drawn the list (the workbench before it lists the same
    // enterprises under its cultivation plans): click in the reports table.
    // 云溪新材料科技 was checked a year ago (prescription fully rectified) and again this autumn.
    await page
      .locator("[data-testid='report-checks']")
      .getByRole("link", { name: HISTORY_ENTERPRISE, exact: true })
      .click();
    await page.waitForURL((url) => /^\/assessments\/[0-9a-f]{24}\/report$/.test(url.pathname));
    await page.waitForSelector("html[data-hydrated='true']");
    await page.locator("h2", { hasText: /^与上次体检（\d{4}-\d{2}-\d{2}）相比$/ }).waitFor();
    const recheck = page.locator("[data-testid='recheck'] tbody tr");
    expect(await recheck.count()).toBeGreaterThan(0);
    await expect(recheck.filter({ hasText: "已销号" }).count()).resolves.toBe(await recheck.count());
    // A Word file of the current version was rendered when the report was written.
    await page.locator(".render-status[data-render-status='done'] a").waitFor();
    await screenshot(page, "reports-20-demo-recheck-report");

    // Exactly one item is overdue: the demo's 已逾期 row, acknowledged but not rectified in time.
    await visit(page, "/prescriptions?due=overdue");
    const overdue = page.locator("[data-testid='item-list'] tbody tr");
    await expect(overdue.count()).resolves.toBe(1);
    await expect(overdue.locator(".badge.danger").textContent()).resolves.toBe("已逾期");
    await expect(overdue.locator("td").first().textContent()).resolves.toBe(HISTORY_ENTERPRISE);
    await screenshot(page, "reports-21-demo-overdue");
    // Every state of an item's life is in the demo.
    for (const status of ["issued", "acknowledged", "in_progress", "submitted", "closed"]) {
      await visit(page, `/prescriptions?status=${status}`);
      expect(await page.locator("[data-testid='item-list'] tbody tr").count()).toBeGreaterThan(0);
    }
    await visit(page, "/prescriptions?due=overdue");
    await overdue.locator("a").click();
    await page.waitForURL((url) => url.pathname.startsWith("/prescriptions/items/"));
    await page.waitForSelector("html[data-hydrated='true']");
    await expectItemStatus(page, "已确认");
    await expect(page.locator("dl.facts .badge.danger").textContent()).resolves.toBe("已逾期");
    await screenshot(page, "reports-22-demo-overdue-item");
    expect(errors).toEqual([]);
  });
});
