/**
 * The Excel import through the UI to the end: the instructor opens 企业 › Excel 导入, downloads the template,
 * fills two enterprises into it, uploads it, reads the preview (every row 通过), clicks 确认导入 and finds
 * both enterprises in the list. The preview page used to never render (the upload page had no outlet for
 * it), so the confirm step was unreachable.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { makeCreditCode } from "~/domain/credit-code";
import { Enterprise } from "../../models/enterprise";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";
import { keepEnterprisesWrittenDirectly } from "../support/factories";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  // Leave the demo as it was: other browser tests count the instructor's enterprises.
  const { MONGODB_URI, E2E_MONGODB_DB } = process.env;
  if (MONGODB_URI && E2E_MONGODB_DB) {
    await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
    const imported = await Enterprise.find({ creditCode: { $in: ROWS.map((r) => r.creditCode) } }).lean();
    await Enterprise.deleteMany({ _id: { $in: imported.map((e) => e._id) } });
    await keepEnterprisesWrittenDirectly(imported);
    await disconnectDatabase();
  }
});

const run = crypto.randomBytes(3).toString("hex");
const digits = () => String(crypto.randomInt(100_000, 999_999));
const ROWS = [
  {
    name: `湖滨导入测试机械有限公司${run}`,
    creditCode: makeCreditCode(`91330110MA8${digits()}`),
    headcount: 120,
  },
  {
    name: `湖滨导入测试物流有限公司${run}`,
    creditCode: makeCreditCode(`91330110MA9${digits()}`),
    headcount: 45,
  },
];

it("imports an .xlsx through the upload, the preview and 确认导入", async () => {
  const { page, errors } = await openPage(browser);
  await signInAs(page, "zhidao");
  await visit(page, "/enterprises");
  await page.getByRole("link", { name: /Excel 导入/ }).click();
  await page.waitForURL((url) => url.pathname === "/enterprises/import");
  await page.waitForSelector("html[data-hydrated='true']");

  // The template, downloaded as a person would, filled below its header and example row.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "导入模板" }).click(),
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fs.readFileSync(await download.path()) as never);
  const sheet = book.worksheets[0];
  // exceljs rows are 1-based sparse arrays: Array.from fills the holes.
  const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ""));
  const column = (prefix: string) => header.findIndex((h) => h.startsWith(prefix));
  ROWS.forEach((row, i) => {
    const excelRow = sheet.getRow(3 + i);
    excelRow.getCell(column("企业名称")).value = row.name;
    excelRow.getCell(column("统一社会信用代码")).value = row.creditCode;
    excelRow.getCell(column("行业门类")).value = "C";
    excelRow.getCell(column("职工人数")).value = row.headcount;
    excelRow.getCell(column("所属工会")).value = "湖滨街道总工会";
    excelRow.commit();
  });
  const filled = Buffer.from(await book.xlsx.writeBuffer());

  await page.setInputFiles("#file", {
    name: "企业名单.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: filled,
  });
  await Promise.all([
    page.waitForURL((url) => /^\/enterprises\/import\/[0-9a-f]{24}$/.test(url.pathname)),
    page.getByRole("button", { name: "上传并检查" }).click(),
  ]);
  await page.waitForSelector("html[data-hydrated='true']");
  const preview = page.url();

  // The preview: both rows passed, nothing written yet.
  await expect(page.locator("h1").textContent()).resolves.toBe("导入预览：企业名单.xlsx");
  await expect(page.locator("[data-testid='bad-count']").textContent()).resolves.toBe("0");
  const rows = page.locator("[data-testid='import-rows'] tbody tr");
  await expect(rows.count()).resolves.toBe(2);
  for (const [i, row] of ROWS.entries()) {
    await expect(rows.nth(i).locator("td").nth(1).textContent()).resolves.toBe(row.name);
    await expect(rows.nth(i).locator(".badge.ok").textContent()).resolves.toBe("通过");
  }
  await screenshot(page, "import-01-preview");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "import-01-preview-390");
  await page.setViewportSize({ width: 1366, height: 860 });

  // 确认导入: both enterprises are written, once.
  await page.getByRole("button", { name: "确认导入 2 家企业" }).click();
  await expect(page.locator("[data-testid='import-result']").textContent()).resolves.toContain(
    "已导入 2 家企业",
  );
  await screenshot(page, "import-02-done");
  await visit(page, new URL(preview).pathname);
  await expect(page.locator(".card p").first().textContent()).resolves.toContain("该批次已导入 2 家");
  await expect(page.getByRole("button", { name: /确认导入/ }).count()).resolves.toBe(0);

  for (const row of ROWS) {
    await visit(page, `/enterprises?q=${encodeURIComponent(row.name)}`);
    await expect(page.locator("[data-testid='enterprise-total']").textContent()).resolves.toContain(
      "共 1 家",
    );
    await page.getByRole("link", { name: row.name, exact: true }).click();
    await page.locator("h1", { hasText: row.name }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain(row.creditCode);
  }
  expect(errors).toEqual([]);
});
