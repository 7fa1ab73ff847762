/**
 * The notification centre in the browser: a notification for the demo HR manager (written into the e2e
 * database through the same service a sweep uses) shows as an unread badge in the header; opening it in
 * the centre goes to its link and the badge drops by one.
 */
import crypto from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { makeCreditCode } from "~/domain/credit-code";
import { notifyUsers } from "~/services/notifications/notifications.server";
import { connectDatabase, disconnectDatabase } from "../../models/db";
import { Notification } from "../../models/notification";
import { User } from "../../models/user";
import { launchBrowser, openPage, screenshot, signInAs, visit } from "../support/browser";
import { makeEnterprise, makeOrg, makeUser, PASSWORD } from "../support/factories";

const { MONGODB_URI, E2E_MONGODB_DB } = process.env;

let browser: Browser;
const run = crypto.randomBytes(4).toString("hex");
const keys = [`e2e:${run}:due`, `e2e:${run}:report`];
let enterpriseId: string;

beforeAll(async () => {
  if (!MONGODB_URI || !E2E_MONGODB_DB)
    throw new Error("浏览器测试需要 MONGODB_URI 和 E2E_MONGODB_DB：请用 `npm test` 运行");
  await connectDatabase({ uri: MONGODB_URI, dbName: E2E_MONGODB_DB, autoIndex: false });
  const hr = await User.findOne({ accountName: "hr" }).lean();
  if (!hr) throw new Error("演示账号 hr 不存在");
  enterpriseId = String(hr.roles.find((g) => g.role === "hr")?.enterpriseId);
  await notifyUsers({
    userIds: [hr._id],
    kind: "report.ready",
    title: "法律体检风险报告已生成",
    body: "可在企业页面查看并下载报告。",
    dedupeKey: keys[1],
  });
  await notifyUsers({
    userIds: [hr._id],
    kind: "prescription.due_soon",
    title: "整改事项“签订书面劳动合同”即将到期",
    body: "请在 2026年5月1日 前提交整改材料，逾期将通知所属工会指导员。",
    link: `/enterprises/${enterpriseId}`,
    dedupeKey: keys[0],
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await Notification.deleteMany({ dedupeKey: { $in: keys } });
  await disconnectDatabase();
});

async function badgeCount(page: Page): Promise<number> {
  const label = await page.locator("header a.shell-bell").getAttribute("aria-label");
  if (label === "通知") return 0;
  const match = /^通知（(\d+) 条未读）$/.exec(label ?? "");
  if (!match) throw new Error(`铃铛的 aria-label 不符合预期：${label}`);
  return Number(match[1]);
}

describe("notification centre", () => {
  it("the HR manager sees the unread badge, opens a notification, and the count drops", async () => {
    const { page, errors } = await openPage(browser);
    await signInAs(page, "hr");
    const before = await badgeCount(page);
    expect(before).toBeGreaterThanOrEqual(2);
    await expect(page.locator("header .shell-bell-count").textContent()).resolves.toBe(String(before));
    // The bell sits beside the person's name, not in the main navigation.
    expect(await page.locator("nav.shell-nav a.shell-bell").count()).toBe(0);
    await screenshot(page, "notifications-header-badge");

    await page.locator("header a.shell-bell").click();
    await page.waitForURL((url) => url.pathname === "/notifications");
    // The address changes before React has drawn the new page: wait for its heading.
    await page.locator("h1", { hasText: /^通知$/ }).waitFor();
    await expect(page.locator("h1").textContent()).resolves.toBe("通知");
    const due = await Notification.findOne({ dedupeKey: keys[0] }).lean();
    const item = page.locator(`li[data-notification-id='${String(due!._id)}']`);
    await expect(item.getAttribute("data-read")).resolves.toBe("false");
    await expect(item.locator(".notification-title").textContent()).resolves.toBe(
      "整改事项“签订书面劳动合同”即将到期",
    );
    await expect(item.locator("time").textContent()).resolves.toMatch(
      /^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}$/,
    );
    // Newest first: the due-soon notice was written after the report notice.
    const report = await Notification.findOne({ dedupeKey: keys[1] }).lean();
    const ids = await page
      .locator("li[data-notification-id]")
      .evaluateAll((lis) => lis.map((li) => li.getAttribute("data-notification-id")));
    expect(ids.indexOf(String(due!._id))).toBeLessThan(ids.indexOf(String(report!._id)));
    // A notification without a link offers no 查看, only 标为已读.
    const reportItem = page.locator(`li[data-notification-id='${String(report!._id)}']`);
    await expect(reportItem.getByRole("button", { name: "查看" }).count()).resolves.toBe(0);
    await screenshot(page, "notifications-centre");

    await item.getByRole("button", { name: "查看" }).click();
    await page.waitForURL((url) => url.pathname === `/enterprises/${enterpriseId}`);
    await page.waitForFunction((n) => {
      const label = document.querySelector("header a.shell-bell")?.getAttribute("aria-label");
      return label === (n === 0 ? "通知" : `通知（${n} 条未读）`);
    }, before - 1);
    expect(await badgeCount(page)).toBe(before - 1);
    expect((await Notification.findById(due!._id).lean())?.readAt).toBeInstanceOf(Date);

    await visit(page, "/notifications?unread=1");
    await expect(page.locator(`li[data-notification-id='${String(due!._id)}']`).count()).resolves.toBe(0);
    await expect(page.locator(`li[data-notification-id='${String(report!._id)}']`).count()).resolves.toBe(1);
    await expect(page.locator("header a.shell-bell").getAttribute("aria-current")).resolves.toBe("page");
    await screenshot(page, "notifications-unread-only");
    expect(errors).toEqual([]);
  });

  it("someone with no notifications sees the empty state and a bell without a count", async () => {
    // A person of their own: the demo's chair now gets bargaining notifications.
    const org = await makeOrg({ name: `通知测试工会${crypto.randomBytes(3).toString("hex")}` });
    const creditCode = makeCreditCode(`91330110MA7${crypto.randomInt(100_000, 999_999)}`);
    const quiet = await makeUser({
      role: "chair",
      enterprise: await makeEnterprise(org, { creditCode }),
      accountName: `quiet.chair.${crypto.randomBytes(3).toString("hex")}`,
    });
    const { page, errors } = await openPage(browser);
    await signInAs(page, quiet.accountName, PASSWORD);
    expect(await badgeCount(page)).toBe(0);
    await expect(page.locator("header .shell-bell-count").count()).resolves.toBe(0);
    await visit(page, "/notifications");
    await expect(page.locator(".notification-empty").textContent()).resolves.toContain("暂无通知");
    await expect(page.getByRole("button", { name: "全部标为已读" }).count()).resolves.toBe(0);
    await screenshot(page, "notifications-empty");
    expect(errors).toEqual([]);
  });
});
