/**
 * The workbench inbox and the phone layout, as the demo's people see them: every inbox entry is a link
 * that opens the page where they act; counters open their filtered lists; tabs a role may not open are
 * not offered; at 390 px the header folds into a menu, no page of HR, the chair or a representative is
 * wider than the screen, and the lists they open (items, checks, reports, sign-ins) are stacked cards.
 * Screenshots of each page at 1366 and 390 px land in test-results/e2e/. Reads only.
 */
import type { Browser, Page } from "playwright-core";
import { launchBrowser, navLink, screenshot, signInAs, visit } from "../support/browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function person(account: string, width: number) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width, height: 844 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await signInAs(page, account);
  return { page, errors };
}

/** How far the page's content reaches beyond the viewport (0 when nothing sticks out). */
const overflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/**
 * The lists drawn as stacked cards (table.stack): how many rows, and what is not a card — a header row
 * on screen, a row not laid out as a card, a cell without its label, a list scrolling sideways.
 */
const stackedLists = (page: Page) =>
  page.locator("table.stack").evaluateAll((tables) =>
    tables.map((table) => {
      const problems: string[] = [];
      const head = table.querySelector("thead");
      if (head && head.getBoundingClientRect().height > 1) problems.push("表头仍然显示");
      const rows = [...table.querySelectorAll("tbody tr")];
      for (const tr of rows) {
        if (getComputedStyle(tr).display !== "flex") problems.push("行未显示为卡片");
        for (const td of tr.querySelectorAll("td")) {
          const marked =
            td.hasAttribute("data-label") ||
            td.classList.contains("stack-title") ||
            td.classList.contains("stack-select") ||
            (td as HTMLTableCellElement).colSpan > 1;
          if (!marked) problems.push(`单元格缺少标签：${(td.textContent ?? "").slice(0, 20)}`);
        }
      }
      if (table.scrollWidth > table.clientWidth + 1) problems.push("列表横向滚动");
      return { testId: table.getAttribute("data-testid"), rows: rows.length, problems };
    }),
  );

describe("the inbox on 工作台", () => {
  it("HR: each entry opens the page where HR acts; counters open the filtered lists", async () => {
    // hr3's enterprise (湖滨安居建设) has an issued prescription with items still open in the demo data.
    const { page, errors } = await person("hr3", 1366);
    const inbox = page.locator("[data-testid='inbox-hr']");
    await inbox.waitFor();
    const links = await inbox
      .locator("li a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^\/(assessments|prescriptions\/items)\/[0-9a-f]{24}$/);
    await screenshot(page, "workbench-hr3-1366");
    await inbox.locator("li a").first().click();
    await page.waitForURL((url) => url.pathname === links[0]);
    await page.locator("h1").first().waitFor();
    await visit(page, "/");
    const counter = page.locator("[data-testid='inbox'] a.stat-link", { hasText: "整改中" });
    const to = (await counter.getAttribute("href"))!;
    expect(to).toMatch(/^\/prescriptions\?status=/);
    await counter.click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === to);
    const status = new URL(to, "http://x").searchParams.get("status");
    expect(await page.locator("select[name='status']").inputValue()).toBe(status);
    expect(errors).toEqual([]);
  });

  it("the instructor: entries open the review or the item; the figures open the filtered enterprise list", async () => {
    const { page, errors } = await person("zhidao", 1366);
    const inbox = page.locator("[data-testid='inbox-instructor']");
    await inbox.waitFor();
    const links = await inbox
      .locator("li a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of links)
      expect(href).toMatch(/^\/(assessments\/[0-9a-f]{24}\/review|prescriptions\/items\/[0-9a-f]{24})$/);
    await screenshot(page, "workbench-zhidao-1366");
    await page.locator("[data-testid='figures'] a", { hasText: "集体合同生效中" }).click();
    await page.waitForURL(
      (url) => url.pathname === "/enterprises" && url.searchParams.get("contract") === "in_effect",
    );
    expect(errors).toEqual([]);
  });

  it("chair and representative read what the enterprise must do; the representative is offered no tab it may not open", async () => {
    const chair = await person("chair", 1366);
    await chair.page.locator("[data-testid='inbox-enterprise']").waitFor();
    await screenshot(chair.page, "workbench-chair-1366");
    const rep = await person("rep", 1366);
    const repInbox = rep.page.locator("[data-testid='inbox-enterprise']");
    await repInbox.waitFor();
    // Read-only: nothing in it links to a page the representative may not open.
    const repLinks = await repInbox
      .locator("li a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
    expect(repLinks.filter((h) => /^\/(assessments|prescriptions)\//.test(h))).toEqual([]);
    await (await navLink(rep.page, "本企业")).click();
    await rep.page.locator("nav.tabs").waitFor();
    const tabs = await rep.page.locator("nav.tabs a").allTextContents();
    expect(tabs).toEqual(["概况", "集体协商"]);
    // And the tabs' addresses are refused, not shown empty.
    const enterpriseHref = new URL(rep.page.url()).pathname;
    for (const tab of ["health-checks", "prescriptions", "cultivation"]) {
      const response = await rep.page.goto(`${new URL(rep.page.url()).origin}${enterpriseHref}/${tab}`);
      expect([tab, response?.status()]).toEqual([tab, 403]);
    }
    expect(rep.errors).toEqual([]);
  });
});

describe("at 390 px", () => {
  it.each(["hr", "hr3", "chair", "rep"])(
    "%s: the header is a menu, no page is wider than the phone",
    async (account) => {
      const { page, errors } = await person(account, 390);
      await screenshot(page, `phone-${account}-workbench`);
      const menu = page.locator("button.shell-menu-button");
      await expect(menu.isVisible()).resolves.toBe(true);
      await expect(page.locator("nav.shell-nav").isVisible()).resolves.toBe(false);
      await menu.click();
      await expect(page.locator("nav.shell-nav").isVisible()).resolves.toBe(true);
      await screenshot(page, `phone-${account}-menu`);
      await (await navLink(page, "本企业")).click();
      await page.locator("nav.tabs").waitFor();
      await expect(page.locator("nav.shell-nav").isVisible()).resolves.toBe(false); // closed after following a link
      const enterprise = new URL(page.url()).pathname;
      const tabs = await page
        .locator("nav.tabs a")
        .evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
      const pages = ["/", enterprise, ...tabs.filter((t) => t !== enterprise), "/notifications", "/account"];
      // The list of prescription items is for HR and the chair, not representatives.
      if (account !== "rep") pages.push("/prescriptions");
      // The health-check pages of the latest check, and an item, where the role may open them.
      if (tabs.some((t) => t.endsWith("/health-checks"))) {
        await visit(page, `${enterprise}/health-checks`);
        const checks = page.locator("[data-testid='assessment-list'] a[href^='/assessments/']");
        const check = (await checks.count()) ? await checks.first().getAttribute("href") : null;
        if (check && /^\/assessments\/[0-9a-f]{24}$/.test(check))
          pages.push(
            check,
            `${check}/summary`,
            `${check}/report`,
            `${check}/prescription`,
            `${check}/scores`,
          );
      }
      // A bargaining case of the enterprise, where the person may open one.
      if (tabs.some((t) => t.endsWith("/bargaining"))) {
        await visit(page, `${enterprise}/bargaining`);
        const cases = page.locator("a[href^='/bargaining/cases/']");
        if (await cases.count()) pages.push((await cases.first().getAttribute("href"))!);
      }
      if (tabs.some((t) => t.endsWith("/prescriptions"))) {
        await visit(page, `${enterprise}/prescriptions`);
        const items = page.locator("a[href^='/prescriptions/items/']");
        if (await items.count()) pages.push((await items.first().getAttribute("href"))!);
      }
      const wide: string[] = [];
      const lists: string[] = [];
      let cards = 0;
      for (const [i, pathname] of pages.entries()) {
        const response = await visit(page, pathname);
        expect([pathname, response?.status()]).toEqual([pathname, 200]);
        await page.waitForLoadState("networkidle");
        const name =
          pathname
            .replace(/[0-9a-f]{24}/g, "id")
            .replace(/[^a-z0-9]+/gi, "-")
            .replace(/^-|-$/g, "") || "home";
        await screenshot(page, `phone-${account}-${String(i + 1).padStart(2, "0")}-${name}`);
        const extra = await overflow(page);
        if (extra > 1) wide.push(`${pathname}：宽出 ${extra}px`);
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > 390) wide.push(`${pathname}：页面宽 ${scrollWidth}px`);
        for (const list of await stackedLists(page)) {
          cards += list.rows;
          for (const problem of list.problems) lists.push(`${pathname} ${list.testId ?? "列表"}：${problem}`);
        }
      }
      expect(wide).toEqual([]);
      // The lists these people open are cards on a phone, each line with its label.
      expect(lists).toEqual([]);
      expect(cards).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    },
    180_000,
  );
});
