/**
 * Batch generation of Word reports in Chromium, on the demo data: the instructor ticks enterprises on
 * /reports, starts one batch, watches the progress bar run to 100 % while the worker renders, and sees
 * the files listed as generated. Clicking again with nothing selected is refused in Chinese and starts
 * nothing. The enterprise the report/prescription test works on is left out of the selection.
 */
import type { Browser } from "playwright-core";
import { launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";

const LEFT_OUT = "滨江湖滨精密机械有限公司";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

it("starts a batch for the ticked enterprises and shows its progress until every report is generated", async () => {
  const { page, errors } = await openPage(browser);
  await signInAs(page, "zhidao");
  await visit(page, "/reports");

  const rows = page.locator("[data-testid='report-checks'] tbody tr").filter({ hasNotText: LEFT_OUT });
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  const chosen: string[] = [];
  // A report that exists already keeps its number (the demo's older record: 体检〔2026〕N号).
  const numberBefore: string[] = [];
  for (let i = 0; i < 3; i++) {
    const row = rows.nth(i);
    chosen.push((await row.locator("td").nth(1).textContent())!.trim());
    numberBefore.push((await row.locator("td").nth(6).textContent())!.trim());
    await row.locator("input[name='enterpriseId']").check();
  }

  await Promise.all([
    page.waitForURL((url) => url.searchParams.has("batch")),
    page.getByRole("button", { name: "批量生成所选企业的体检报告" }).click(),
  ]);
  await page.waitForSelector("html[data-hydrated='true']");
  const progress = page.locator("[data-testid='batch-progress']");
  await progress.waitFor();
  await expect(progress.locator("h2").textContent()).resolves.toMatch(/^批量生成(准备中|进行中|完成)$/);

  // The page polls while the worker prepares the batch and renders the three files.
  await page.waitForSelector("[data-testid='batch-progress'][data-batch-status='done']", {
    timeout: 120_000,
  });
  await expect(progress.locator("h2").textContent()).resolves.toBe("批量生成完成");
  await expect(page.locator("[data-testid='batch-summary']").textContent()).resolves.toMatch(/^共 3 份报告/);
  await expect(page.locator("[data-testid='batch-done']").textContent()).resolves.toBe("3");
  await expect(page.getByRole("progressbar").getAttribute("aria-valuenow")).resolves.toBe("100");
  await screenshot(page, "report-batch-done");

  for (const [i, name] of chosen.entries()) {
    const row = page.locator("[data-testid='report-checks'] tbody tr", { hasText: name });
    await expect(row.locator("td").nth(7).textContent()).resolves.toBe("已生成");
    const number = (await row.locator("td").nth(6).textContent())!.trim();
    if (/号$/.test(numberBefore[i])) expect(number).toBe(numberBefore[i]);
    else expect(number).toMatch(/^[\u4e00-\u9fff]{2,6}工体〔\d{4}〕\d+号$/);
  }
  // At least one of the three was numbered by the batch itself.
  expect(numberBefore.filter((n) => !/号$/.test(n)).length).toBeGreaterThan(0);
  // The batch is listed among the instructor's recent batches.
  await expect(page.locator("a[href^='/reports?batch=']").count()).resolves.toBeGreaterThan(0);

  // Nothing ticked: refused in Chinese, no new batch.
  const batchUrl = page.url();
  await page
    .locator("[data-testid='report-checks'] input[name='enterpriseId']:checked")
    .evaluateAll((boxes) => boxes.forEach((b) => ((b as HTMLInputElement).checked = false)));
  await page.getByRole("button", { name: "批量生成所选企业的体检报告" }).click();
  await page.locator(".form-error, [role='alert']", { hasText: "请至少选择一家企业" }).waitFor();
  expect(new URL(page.url()).searchParams.get("batch")).toBe(new URL(batchUrl).searchParams.get("batch"));
  expect(errors).toEqual([]);
});
