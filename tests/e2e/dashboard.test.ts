/**
 * The organisation dashboard in Chromium, on the demo data: the 云溪区 instructor opens it from the
 * navigation, every panel shows something, a child organisation's overdue figure opens the prescription list
 * filtered to that organisation and to overdue items (with as many rows as the figure said), the .xlsx export
 * opens with one sheet per panel, and the print view (Chromium's PDF of the print stylesheet) is one A4 page
 * per panel group, drawn as PNG under test-results/e2e/ to look at.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { ARTIFACTS, launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";

const run = promisify(execFile);

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The overdue figure of each child organisation in the rectification table: name, number, link. */
async function overdueByChild(page: Page) {
  const rows = page.locator("[data-testid='table-rectification'] tbody tr:not(.dash-total)");
  const out: { name: string; value: number; href: string | null }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const cell = row.locator("td").nth(4);
    out.push({
      name: (await row.locator("th").textContent())!.trim(),
      value: Number((await cell.textContent())!.trim()),
      href: await cell
        .locator("a")
        .getAttribute("href", { timeout: 500 })
        .catch(() => null),
    });
  }
  return out;
}

it("the instructor opens the dashboard and follows a child organisation's overdue figure to its list", async () => {
  const { page, errors } = await openPage(browser);
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  await signInAs(page, "zhidao");
  await page.locator("nav.shell-nav a", { hasText: "数据看板" }).click();
  await page.waitForURL((url) => url.pathname === "/dashboard");
  await page.waitForSelector("html[data-hydrated='true']");
  // The address changes before the new page is drawn: wait for its heading (on a loaded machine it lags).
  await page.locator("h1", { hasText: "云溪区总工会" }).waitFor();
  // Every panel has a chart and shows something from the demo data.
  for (const title of ["覆盖情况", "体检风险", "整改落实", "集体协商", "培育助推", "协商质量评价"])
    await expect(page.locator("section.dash-panel h2", { hasText: title }).count()).resolves.toBe(1);
  await expect(page.locator("section.dash-panel .recharts-surface").count()).resolves.toBeGreaterThanOrEqual(
    8,
  );
  const total = (id: string, column: number) =>
    page.locator(`[data-testid='${id}'] tr.dash-total td`).nth(column).textContent();
  await expect(total("table-coverage", 0).then(Number)).resolves.toBeGreaterThan(0);
  await expect(
    total("table-risk", 0).then(async (high) => Number(high) + Number(await total("table-risk", 2))),
  ).resolves.toBeGreaterThan(0);
  await expect(total("table-rectification", 0).then(Number)).resolves.toBeGreaterThan(0);
  await expect(
    page.locator("[data-testid='table-funnel'] td").first().textContent().then(Number),
  ).resolves.toBeGreaterThan(0);
  await expect(total("table-cultivation", 0).then(Number)).resolves.toBeGreaterThan(0);
  await expect(total("table-quality", 0)).resolves.toMatch(/%$/);
  await screenshot(page, "dashboard");

  // Other test files may move items meanwhile: read the figure and the list back to back, a few times.
  let landed = false;
  for (let attempt = 0; attempt < 3 && !landed; attempt++) {
    await visit(page, "/dashboard");
    const child = (await overdueByChild(page)).find((c) => c.value > 0 && c.href && !c.name.includes("本级"));
    expect(child).toBeDefined();
    await page.getByRole("link", { name: `${child!.name}已逾期事项 ${child!.value} 项` }).click();
    await page.waitForURL(
      (url) => url.pathname === "/prescriptions" && url.searchParams.get("due") === "overdue",
    );
    await page.waitForSelector("html[data-hydrated='true']");
    const url = new URL(page.url());
    expect(url.searchParams.get("org")).toMatch(/^[0-9a-f]{24}$/);
    const count = Number(
      /共 (\d+) 项/.exec((await page.locator("p.hint", { hasText: /^共/ }).textContent())!)![1],
    );
    // Every row shown is overdue, and there are as many as the dashboard said.
    await expect(page.locator("[data-testid='item-list'] tbody tr").count()).resolves.toBe(
      Math.min(count, 30),
    );
    await expect(
      page.locator("[data-testid='item-list'] tbody tr", { hasText: "已逾期" }).count(),
    ).resolves.toBe(Math.min(count, 30));
    landed = count === child!.value;
  }
  expect(landed).toBe(true);
  await screenshot(page, "dashboard-overdue-list");
  expect(errors).toEqual([]);
});

it("exports one sheet per panel and prints one clean A4 page per panel group", async () => {
  const { page, errors } = await openPage(browser);
  await signInAs(page, "zhidao");
  await visit(page, "/dashboard?period=since_prev");
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "导出 Excel" }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/^数据看板-云溪区总工会-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(fs.readFileSync((await file.path())!) as unknown as ArrayBuffer);
  expect(book.worksheets.map((s) => s.name)).toEqual([
    "覆盖情况",
    "风险分布",
    "整改落实",
    "集体协商",
    "培育助推",
    "质量评价",
  ]);
  const coverage = book.getWorksheet("覆盖情况")!;
  expect(String(coverage.getCell("A1").value)).toContain("云溪区总工会");
  const totalRow = coverage.getRows(1, coverage.rowCount)!.find((r) => r.getCell(1).value === "合计")!;
  expect(Number(totalRow.getCell(2).value)).toBeGreaterThan(0);

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const pdf = path.join(ARTIFACTS, "dashboard-print.pdf");
  await page.emulateMedia({ media: "print" });
  await page.pdf({ path: pdf, format: "A4", printBackground: true, preferCSSPageSize: true });
  const info = (await run("pdfinfo", [pdf])).stdout;
  // Five panel groups, five pages, each A4 (595 × 842 pt).
  expect(/Pages:\s+(\d+)/.exec(info)![1]).toBe("5");
  expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  const text = (await run("pdftotext", ["-layout", pdf, "-"])).stdout.split("\f");
  expect(text[0]).toContain("覆盖情况");
  expect(text[2]).toContain("整改落实");
  expect(text.join("")).not.toContain("工作台"); // no navigation in the printout
  expect(text.join("")).not.toContain("表格视图");
  await run("pdftoppm", ["-png", "-r", "50", pdf, path.join(ARTIFACTS, "dashboard-print")]);
  expect(errors).toEqual([]);
});

/** A figure of a panel's table (child rows first, then 合计) with its link, if any. */
async function cellsOf(page: Page, testId: string, column: number) {
  const rows = page.locator(`[data-testid='${testId}'] tbody tr`);
  const out: { name: string; text: string; href: string | null }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const cell = rows.nth(i).locator("td").nth(column);
    out.push({
      name: (await rows.nth(i).locator("th").textContent())!.trim(),
      text: (await cell.textContent())!.trim(),
      href: await cell
        .locator("a")
        .getAttribute("href", { timeout: 500 })
        .catch(() => null),
    });
  }
  return out;
}

/** Follows a figure's link and returns the list page's URL; the figure's filters must all be in it. */
async function follow(page: Page, href: string, pathname: string) {
  await page.locator(`a[href='${href}']`).first().click();
  await page.waitForURL((url) => url.pathname === pathname);
  await page.waitForSelector("html[data-hydrated='true']");
  const url = new URL(page.url());
  expect(`${url.pathname}${url.search}`).toBe(href);
  return url;
}

/**
 * Retries a read-the-figure-then-the-list check (other test files change the demo data meanwhile, and the
 * subtree totals follow a change by a job per level: a few seconds up to the city).
 */
async function eventually(check: () => Promise<boolean>) {
  let ok = false;
  for (let attempt = 0; attempt < 4 && !ok; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 3_000));
    ok = await check();
  }
  expect(ok).toBe(true);
}

it("every panel's figures open their list already filtered, with the rows the figure counts", async () => {
  const { page, errors } = await openPage(browser);
  page.on("response", (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  await signInAs(page, "zhidao");

  // Coverage: a child's "contract in effect" opens the enterprises in effect under it, as many as it said.
  await eventually(async () => {
    await visit(page, "/dashboard");
    const child = (await cellsOf(page, "table-coverage", 3)).find(
      (c) => c.href && Number(c.text) > 0 && c.name !== "合计",
    );
    expect(child).toBeDefined();
    const url = await follow(page, child!.href!, "/enterprises");
    expect(url.searchParams.get("contract")).toBe("in_effect");
    await expect(page.locator("#filter-contract").inputValue()).resolves.toBe("in_effect");
    await expect(page.locator("#filter-org").inputValue()).resolves.toBe(url.searchParams.get("org"));
    // No row shown is expired: the list and the dashboard count in effect alike.
    await expect(
      page.locator("[data-testid='enterprise-table'] tbody tr", { hasText: "已到期" }).count(),
    ).resolves.toBe(0);
    const total = /共 (\d+) 家/.exec((await page.getByTestId("enterprise-total").textContent())!)![1];
    return Number(total) === Number(child!.text);
  });

  // Risk: a child's count of a risk level opens the reports list on that organisation, period and level.
  await eventually(async () => {
    await visit(page, "/dashboard?period=since_prev");
    let found: { text: string; href: string | null; level: string } | undefined;
    for (const [column, level] of [
      [0, "high"],
      [1, "medium"],
      [2, "low"],
    ] as const) {
      const cell = (await cellsOf(page, "table-risk", column)).find(
        (c) => c.href && Number(c.text) > 0 && c.name !== "合计",
      );
      if (cell) {
        found = { ...cell, level };
        break;
      }
    }
    expect(found).toBeDefined();
    const url = await follow(page, found!.href!, "/reports");
    expect(url.searchParams.get("risk")).toBe(found!.level);
    expect(url.searchParams.get("period")).toBe("since_prev");
    await expect(page.locator("#filter-risk").inputValue()).resolves.toBe(found!.level);
    await expect(page.locator("#filter-period").inputValue()).resolves.toBe("since_prev");
    await expect(page.locator("#filter-org").inputValue()).resolves.toBe(url.searchParams.get("org"));
    const label = { high: "高", medium: "中", low: "低" }[found!.level as "high"];
    const rows = page.locator("[data-testid='report-checks'] tbody tr");
    const n = await rows.count();
    await expect(rows.locator(`td.risk-${found!.level}`, { hasText: label }).count()).resolves.toBe(n);
    const total = /共 (\d+) 家/.exec((await page.getByTestId("report-total").textContent())!)![1];
    return Number(total) === Number(found!.text) && n === Number(total);
  });
  await screenshot(page, "dashboard-risk-list");

  // Risk by industry: the industry's row opens the reports list on that industry.
  await visit(page, "/dashboard?period=since_prev");
  // Its table view is folded under the chart: opened as a reader would.
  await page.locator("#chart-risk-industry summary", { hasText: "表格视图" }).click();
  const industryLink = page.locator("#chart-risk-industry table a").first();
  expect(await industryLink.count()).toBe(1); // the demo's checks of the period record their industries
  const href = (await industryLink.getAttribute("href"))!;
  const url = await follow(page, href, "/reports");
  expect(url.searchParams.get("industry")).toMatch(/^[A-T]$/);
  await expect(page.locator("#filter-industry").inputValue()).resolves.toBe(url.searchParams.get("industry"));

  // Bargaining: a child's expiring contracts open the pipeline on that organisation.
  await visit(page, "/dashboard");
  const expiring = (await cellsOf(page, "table-bargaining", 3)).find((c) => c.href && c.name !== "合计");
  expect(expiring).toBeDefined();
  const pipeline = await follow(page, expiring!.href!, "/bargaining");
  expect(pipeline.searchParams.get("expiring")).toBe("1");
  expect(pipeline.searchParams.get("org")).toMatch(/^[0-9a-f]{24}$/);

  // Bargaining funnel: a bar opens the cases it counts (offer sent in the period, that step reached), as many.
  // The funnel only narrows, so the bars with cases come first: the deepest of them is clicked, in the chart.
  await eventually(async () => {
    await visit(page, "/dashboard?period=since_prev");
    const bars = await cellsOf(page, "table-funnel", 0);
    const deepest = bars.findIndex((b) => Number(b.text) === 0) - 1;
    const i = deepest === -2 ? bars.length - 1 : deepest;
    expect(i).toBeGreaterThanOrEqual(0);
    expect(bars[i].href).toBeTruthy();
    await page.locator("figure[aria-labelledby='chart-funnel-title'] .recharts-bar-rectangle").nth(i).click();
    await page.waitForURL((url) => url.pathname === "/bargaining");
    await page.waitForSelector("html[data-hydrated='true']");
    const url = new URL(page.url());
    expect(`${url.pathname}${url.search}`).toBe(bars[i].href);
    expect(url.searchParams.get("period")).toBe("since_prev");
    expect(url.searchParams.get("step")).toMatch(/^(offer|responded|rounds|voted|filed|in_effect)$/);
    await expect(page.locator("#filter-step").inputValue()).resolves.toBe(url.searchParams.get("step"));
    await expect(page.locator("#filter-period").inputValue()).resolves.toBe("since_prev");
    await expect(page.locator("#filter-org").inputValue()).resolves.toBe(url.searchParams.get("org"));
    return (await page.locator("[data-testid='pipeline'] li").count()) === Number(bars[i].text);
  });
  await screenshot(page, "dashboard-funnel-list");

  // Cultivation: a child's plans open the plans of that organisation and year.
  await visit(page, "/dashboard");
  const plans = (await cellsOf(page, "table-cultivation", 0)).find((c) => c.href && c.name !== "合计");
  expect(plans).toBeDefined();
  const planList = await follow(page, plans!.href!, "/plans");
  expect(planList.searchParams.get("year")).toMatch(/^\d{4}$/);

  // Training: a child's trainings (or, where the demo's are the organisation's own, the total's) open the
  // trainings its subtree hosted that year, as many.
  await eventually(async () => {
    await visit(page, "/dashboard");
    const cells = (await cellsOf(page, "table-cultivation", 4)).filter((c) => c.href && Number(c.text) > 0);
    const child = cells.find((c) => c.name !== "合计") ?? cells[0];
    expect(child).toBeDefined();
    const url = await follow(page, child!.href!, "/trainings");
    expect(url.searchParams.get("org")).toMatch(/^[0-9a-f]{24}$/);
    await expect(page.locator("#filter-org").inputValue()).resolves.toBe(url.searchParams.get("org"));
    const rows = await page.locator("[data-testid='training-list'] tbody tr").count();
    return rows === Number(child!.text);
  });
  // The attendance rate's own link: the chosen organisation's trainings.
  await visit(page, "/dashboard");
  const attendance = page.getByRole("link", { name: /^培训参训率：/ });
  const attendanceUrl = await follow(page, (await attendance.getAttribute("href"))!, "/trainings");
  expect(attendanceUrl.searchParams.get("org")).toMatch(/^[0-9a-f]{24}$/);

  // Quality: a child's rates open the survey figures of that organisation and below it only.
  await visit(page, "/dashboard");
  const children = (await cellsOf(page, "table-quality", 0)).filter((c) => c.href && c.name !== "合计");
  // A child with answers (a rate, or too few answers to show one) if there is one.
  const quality = children.find((c) => /%$|（[1-9]\d*）$/.test(c.text)) ?? children[0];
  expect(quality).toBeDefined();
  const surveys = await follow(page, quality.href!, "/surveys");
  await expect(page.locator("#filter-org").inputValue()).resolves.toBe(surveys.searchParams.get("org"));
  const firstRow = page.locator("[data-testid='org-figures'] tbody tr").first();
  // Its own row first (the subtree's tally), and no organisation outside it.
  if (quality.text.endsWith("%") || /（[1-9]/.test(quality.text))
    await expect(firstRow.locator("td").first().textContent()).resolves.toBe(quality.name);
  else await expect(firstRow.textContent()).resolves.toContain("暂无作答");
  await screenshot(page, "dashboard-survey-list");
  expect(errors).toEqual([]);
});

it("a list given a filter it cannot read says so in Chinese and lists as without it", async () => {
  const { page } = await openPage(browser);
  await signInAs(page, "zhidao");
  await visit(page, "/reports");
  const all = await page.getByTestId("report-total").textContent();
  await visit(page, "/reports?risk=severe&org=123&period=forever");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("风险等级");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("工会组织");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("审核通过期间");
  await expect(page.getByTestId("report-total").textContent()).resolves.toBe(all);
  await visit(page, "/surveys?org=zzz");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("工会组织");
  await visit(page, "/trainings?org=zzz");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("工会组织");
  await visit(page, "/bargaining?step=signed&period=forever");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("协商进程");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("发出要约期间");
  await visit(page, "/enterprises?contract=lapsed");
  await expect(page.getByTestId("filter-invalid").textContent()).resolves.toContain("集体合同");
});
