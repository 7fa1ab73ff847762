/**
 * The notification centre against the real database: notifying is idempotent per (person, dedupeKey)
 * however often a sweep runs, people only see and change their own notifications, and "查看" only ever
 * redirects to a path on this site.
 */
import { loader as rootLoader } from "~/root";
import { action, loader } from "~/routes/notifications";
import {
  isSafeAppPath,
  listNotifications,
  markAllRead,
  markRead,
  notifyUsers,
  openNotification,
  unreadCount,
} from "~/services/notifications/notifications.server";
import { Notification } from "../../models/notification";
import {
  formRequest,
  makeEnterprise,
  makeOrg,
  makeUser,
  oid,
  pageRequest,
  randomToken,
  rejectionOf,
  routeArgs,
  signInAs,
  thrownResponse,
  type Browser,
} from "../support/factories";

const NOT_FOUND = { status: 404, message: "通知不存在或已被删除" };

let hr: Browser;
let instructor: Browser;

beforeAll(async () => {
  const org = await makeOrg({ name: "通知测试区总工会" });
  const enterprise = await makeEnterprise(org);
  hr = await signInAs(await makeUser({ role: "hr", enterprise }));
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
});

/** A fresh person with a signed-in browser, so counts in one test never see another test's data. */
async function person(): Promise<Browser> {
  return signInAs(await makeUser({ role: "hr", enterprise: await makeEnterprise(await makeOrg()) }));
}

function notify(
  userIds: (string | ReturnType<typeof oid>)[],
  overrides: Partial<Parameters<typeof notifyUsers>[0]> = {},
) {
  return notifyUsers({
    userIds,
    kind: "prescription.due_soon",
    title: "整改事项即将到期",
    body: "“签订书面劳动合同”将于 2026年5月1日 到期，请及时提交整改材料。",
    link: "/enterprises",
    dedupeKey: `due_soon:${randomToken()}`,
    ...overrides,
  });
}

const post = (browser: Browser, fields: Record<string, string>, csrf?: string | null) =>
  action(routeArgs(formRequest(browser, "/notifications", fields, csrf)));

describe("notifyUsers", () => {
  it("is idempotent: the same dedupeKey twice notifies each person once", async () => {
    const dedupeKey = `due_soon:${randomToken()}`;
    expect(await notify([hr.user.id], { dedupeKey })).toEqual({ created: 1 });
    expect(await notify([hr.user.id], { dedupeKey, title: "再次提醒" })).toEqual({ created: 0 });
    const stored = await Notification.find({ userId: oid(hr.user.id), dedupeKey }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      title: "整改事项即将到期",
      readAt: null,
      kind: "prescription.due_soon",
    });
  });

  it("two sweeps at once still notify once (the unique index settles the race)", async () => {
    const dedupeKey = `overdue:${randomToken()}`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => notify([hr.user.id, instructor.user.id], { dedupeKey })),
    );
    expect(results.reduce((sum, r) => sum + r.created, 0)).toBe(2);
    expect(await Notification.countDocuments({ dedupeKey })).toBe(2);
  });

  it("notifies two people, counts repeated ids once, and accepts ObjectIds and strings alike", async () => {
    const a = await person();
    const b = await person();
    const dedupeKey = `issued:${randomToken()}`;
    const result = await notify([a.user.id, oid(b.user.id), oid(a.user.id), b.user.id], {
      dedupeKey,
      kind: "prescription.issued",
      title: "收到新的法律处方",
    });
    expect(result).toEqual({ created: 2 });
    expect(await unreadCount(a.user.id)).toBe(1);
    expect(await unreadCount(oid(b.user.id))).toBe(1);
    // Adding a third person to the same event later notifies only the newcomer.
    const c = await person();
    expect(await notify([a.user.id, b.user.id, c.user.id], { dedupeKey })).toEqual({ created: 1 });

    const listA = await listNotifications(a.user);
    expect(listA.items.map((n) => [n.title, n.kindLabel, n.read])).toEqual([
      ["收到新的法律处方", "法律处方下达", false],
    ]);
    expect(listA.items[0].createdAtText).toMatch(/^\d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}$/);
  });

  it("refuses links that leave the site, and bad ids, before writing anything", async () => {
    const before = await Notification.countDocuments();
    for (const link of [
      "https://evil.example",
      "//evil",
      "/\\evil",
      "javascript:alert(1)",
      "/\t/evil",
      "evil",
    ]) {
      expect(await rejectionOf(notify([hr.user.id], { link }))).toBeInstanceOf(Error);
    }
    expect(await rejectionOf(notify(["not-an-id"]))).toBeInstanceOf(Error);
    expect(await rejectionOf(notify([hr.user.id], { dedupeKey: "  " }))).toBeInstanceOf(Error);
    expect(await Notification.countDocuments()).toBe(before);
    expect(await notify([])).toEqual({ created: 0 });
  });

  it("isSafeAppPath accepts only paths on this site", () => {
    expect(
      ["/", "/notifications", "/enterprises/abc/prescriptions?item=1#x", "/a//b"].map(isSafeAppPath),
    ).toEqual([true, true, true, true]);
    expect(
      [
        "",
        "https://evil.example",
        "//evil",
        "/\\evil",
        "\\\\evil",
        "/\n/evil",
        "http:/x",
        "mailto:a@b",
        null,
      ].map(isSafeAppPath),
    ).toEqual([false, false, false, false, false, false, false, false, false]);
  });
});

describe("reading", () => {
  it("unreadCount, markRead and markAllRead touch only the person's own notifications", async () => {
    const me = await person();
    const other = await person();
    for (let i = 0; i < 3; i++) await notify([me.user.id, other.user.id]);
    expect(await unreadCount(me.user.id)).toBe(3);

    const [first] = (await listNotifications(me.user)).items;
    const read = await markRead(me.user, first.id);
    expect(read).toMatchObject({ id: first.id, read: true });
    const readAt = (await Notification.findById(first.id).lean())?.readAt;
    expect(readAt).toBeInstanceOf(Date);
    // Reading it again changes nothing.
    await markRead(me.user, first.id);
    expect((await Notification.findById(first.id).lean())?.readAt).toEqual(readAt);
    expect(await unreadCount(me.user.id)).toBe(2);

    expect(await markAllRead(me.user)).toEqual({ updated: 2 });
    expect(await unreadCount(me.user.id)).toBe(0);
    expect(await markAllRead(me.user)).toEqual({ updated: 0 });
    expect(await unreadCount(other.user.id)).toBe(3);
  });

  it("someone else's notification is a 404, the same as a missing one, and stays unread", async () => {
    const me = await person();
    const other = await person();
    await notify([other.user.id]);
    const [theirs] = (await listNotifications(other.user)).items;

    expect(await thrownResponse(markRead(me.user, theirs.id))).toEqual(NOT_FOUND);
    expect(await thrownResponse(openNotification(me.user, theirs.id))).toEqual(NOT_FOUND);
    expect(await thrownResponse(post(me, { intent: "read", id: theirs.id }))).toEqual(NOT_FOUND);
    expect(await thrownResponse(post(me, { intent: "open", id: theirs.id }))).toEqual(NOT_FOUND);
    expect(await thrownResponse(markRead(me.user, "0123456789abcdef01234567"))).toEqual(NOT_FOUND);
    expect(await thrownResponse(markRead(me.user, "nonsense"))).toEqual(NOT_FOUND);

    expect((await Notification.findById(theirs.id).lean())?.readAt).toBeNull();
    expect(await unreadCount(other.user.id)).toBe(1);
  });

  it("lists newest first, filters unread, pages by 20, and keeps a page past the end on the last page", async () => {
    const me = await person();
    for (let i = 1; i <= 25; i++) await notify([me.user.id], { title: `通知${i}`, dedupeKey: `n:${i}` });
    const titles = (items: { title: string }[]) => items.map((n) => n.title);

    const page1 = await listNotifications(me.user, { page: 1 });
    expect(page1).toMatchObject({ total: 25, unread: 25, page: 1, pageCount: 2, unreadOnly: false });
    expect(titles(page1.items)).toEqual(Array.from({ length: 20 }, (_, i) => `通知${25 - i}`));
    const page2 = await listNotifications(me.user, { page: 2 });
    expect(titles(page2.items)).toEqual(["通知5", "通知4", "通知3", "通知2", "通知1"]);

    // Read the newest 22 (page 1 and two from page 2): 3 stay unread.
    for (const n of [...page1.items, ...page2.items.slice(0, 2)]) await markRead(me.user, n.id);
    const unread = await listNotifications(me.user, { unreadOnly: true });
    expect(unread).toMatchObject({ total: 3, unread: 3, page: 1, pageCount: 1, unreadOnly: true });
    expect(titles(unread.items)).toEqual(["通知3", "通知2", "通知1"]);
    expect(unread.items.every((n) => !n.read)).toBe(true);

    const all = await listNotifications(me.user, { page: 1 });
    expect(all).toMatchObject({ total: 25, unread: 3 });
    expect(all.items.every((n) => n.read)).toBe(true);

    expect(await listNotifications(me.user, { page: 9 })).toMatchObject({ page: 2, pageCount: 2 });
    expect(await listNotifications(me.user, { unreadOnly: true, pageSize: 2, page: 2 })).toMatchObject({
      page: 2,
      pageCount: 2,
      items: [expect.objectContaining({ title: "通知1" })],
    });

    // The same through the page's loader: ?unread=1&page=…
    const viaLoader = await loader(routeArgs(pageRequest(me, "/notifications?unread=1&page=3")));
    expect(viaLoader).toMatchObject({ unreadOnly: true, total: 3, page: 1 });
    expect(titles(viaLoader.items)).toEqual(["通知3", "通知2", "通知1"]);
  });

  it("the root loader gives the header its unread count (and none to visitors)", async () => {
    const me = await person();
    await notify([me.user.id]);
    await notify([me.user.id]);
    expect((await rootLoader(routeArgs(pageRequest(me, "/")))).unreadNotifications).toBe(2);
    expect((await rootLoader(routeArgs(pageRequest(null, "/")))).unreadNotifications).toBeNull();
  });
});

describe("the page's actions", () => {
  it("查看 marks read and redirects to the notification's own link", async () => {
    const me = await person();
    await notify([me.user.id], { link: "/enterprises/abc/prescriptions?item=7" });
    const [n] = (await listNotifications(me.user)).items;
    expect(n.link).toBe("/enterprises/abc/prescriptions?item=7");

    const response = (await post(me, { intent: "open", id: n.id })) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/enterprises/abc/prescriptions?item=7");
    expect(await unreadCount(me.user.id)).toBe(0);
  });

  it.each(["https://evil.example", "//evil", "/\\evil", "javascript:alert(1)"])(
    "a stored link %s is never followed: 400, nothing marked read, no 查看 offered",
    async (link) => {
      const me = await person();
      // Written past notifyUsers (which refuses such links), as old or hand-made data could be.
      const doc = await Notification.create({
        userId: oid(me.user.id),
        kind: "report.ready",
        title: "报告已生成",
        link,
        dedupeKey: `raw:${randomToken()}`,
        readAt: null,
        createdAt: new Date(),
      });
      const id = String(doc._id);
      expect((await listNotifications(me.user)).items[0]).toMatchObject({ id, link: null });
      expect(await thrownResponse(post(me, { intent: "open", id }))).toEqual({
        status: 400,
        message: "该通知没有可打开的站内链接",
      });
      expect((await Notification.findById(id).lean())?.readAt).toBeNull();
    },
  );

  it("a link posted with the form is ignored: the redirect goes to the stored link", async () => {
    const me = await person();
    await notify([me.user.id], { link: "/account" });
    const [n] = (await listNotifications(me.user)).items;
    const response = (await post(me, {
      intent: "open",
      id: n.id,
      link: "https://evil.example",
      to: "//evil",
    })) as Response;
    expect(response.headers.get("Location")).toBe("/account");
  });

  it("全部标为已读 and 标为已读 through the action; every post needs the CSRF token", async () => {
    const me = await person();
    for (let i = 0; i < 3; i++) await notify([me.user.id]);
    const [newest] = (await listNotifications(me.user)).items;

    expect(await thrownResponse(post(me, { intent: "read-all" }, null))).toMatchObject({ status: 403 });
    expect(await thrownResponse(post(me, { intent: "open", id: newest.id }, "x".repeat(43)))).toMatchObject({
      status: 403,
    });
    expect(await unreadCount(me.user.id)).toBe(3);

    expect(await post(me, { intent: "read", id: newest.id })).toEqual({ ok: true, message: "已标为已读" });
    expect(await unreadCount(me.user.id)).toBe(2);
    expect(await post(me, { intent: "read-all" })).toEqual({ ok: true, message: "已将 2 条通知标为已读" });
    expect(await unreadCount(me.user.id)).toBe(0);
    expect(await post(me, { intent: "read-all" })).toEqual({ ok: true, message: "没有未读通知" });
    expect((await thrownResponse(post(me, { intent: "delete-everything" }))).status).toBe(400);
  });

  it("the page needs a signed-in person", async () => {
    const response = await rejectionOf(loader(routeArgs(pageRequest(null, "/notifications"))));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fnotifications");
  });
});
