/**
 * Each person's kept notification inbox (models/notification-inbox.ts) against a full query of their
 * notifications: after a seeded random series of notifications, reads, opens and "all read", some of them
 * at the same moment, the kept rows and unread count equal what the records say. A change written around
 * the service is caught by the comparison, and the sweep's rebuild repairs it.
 */
import { Types } from "mongoose";
import {
  listNotifications,
  markAllRead,
  markRead,
  notifyUsers,
  openNotification,
  rebuildNotificationInboxes,
  unreadCount,
} from "~/services/notifications/notifications.server";
import { Notification } from "../../models/notification";
import { NotificationInbox } from "../../models/notification-inbox";
import { makeEnterprise, makeOrg, makeUser, randomToken, signInAs, type Browser } from "../support/factories";
import { seededRandom } from "../../scripts/seeded-random";

/** A seeded series (mulberry32), so a failure can be replayed (the seed is printed). */
const random = seededRandom;

const SEED = Number(process.env.INBOX_SEED ?? Date.now() % 100_000);
const rand = random(SEED);
const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)];

let people: Browser[];

beforeAll(async () => {
  const org = await makeOrg();
  const enterprise = await makeEnterprise(org);
  people = [];
  for (let i = 0; i < 4; i++) people.push(await signInAs(await makeUser({ role: "hr", enterprise })));
});

/** The kept inbox and a full query of the person's notifications, in the same shape. */
async function compare(person: Browser) {
  const userId = new Types.ObjectId(person.user.id);
  const records = await Notification.find({ userId }).lean();
  const recount = records
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (String(b._id) < String(a._id) ? -1 : 1))
    .map((n) => `${String(n._id)}:${n.readAt ? "read" : "unread"}`);
  const inbox = await NotificationInbox.findById(person.user.id).lean();
  return {
    kept: {
      rows: (inbox?.rows ?? []).map((r) => `${String(r.id)}:${r.read ? "read" : "unread"}`),
      unread: inbox?.unread,
    },
    recount: { rows: recount, unread: records.filter((n) => !n.readAt).length },
  };
}

const notify = (who: Browser[]) =>
  notifyUsers({
    userIds: who.map((p) => p.user.id),
    kind: "prescription.due_soon",
    title: "整改事项即将到期",
    link: "/enterprises",
    dedupeKey: `inbox:${randomToken()}`,
  });

async function someUnread(person: Browser) {
  const { items } = await listNotifications(person.user, { unreadOnly: true, pageSize: 100 });
  return items.length ? pick(items).id : null;
}

describe("the kept notification inbox", () => {
  it(`equals a full query after a random series of changes (seed ${SEED})`, async () => {
    for (let step = 0; step < 40; step++) {
      const r = rand();
      const person = pick(people);
      if (r < 0.4) {
        await notify(people.filter(() => rand() < 0.6));
      } else if (r < 0.55) {
        // At the same moment: notifications to everyone, and reads and "all read" by one person.
        const id = await someUnread(person);
        await Promise.all([
          notify(people),
          notify(people),
          id ? markRead(person.user, id) : null,
          rand() < 0.5 ? markAllRead(pick(people).user) : notify([person]),
        ]);
      } else if (r < 0.7) {
        const id = await someUnread(person);
        if (id) await markRead(person.user, id);
      } else if (r < 0.8) {
        const id = await someUnread(person);
        // A notification without a link (报告已生成 below) cannot be opened: refused with 400, nothing else.
        const linked = id ? !!(await Notification.findById(id).lean())?.link : false;
        if (id && linked) await openNotification(person.user, id);
        else if (id) await expect(openNotification(person.user, id)).rejects.toMatchObject({ status: 400 });
      } else if (r < 0.87) {
        await markAllRead(person.user);
      } else {
        // The same event again notifies nobody twice.
        const key = `inbox:again:${step}`;
        const who = people.map((p) => p.user.id);
        await Promise.all([
          notifyUsers({ userIds: who, kind: "report.ready", title: "报告已生成", dedupeKey: key }),
          notifyUsers({ userIds: who, kind: "report.ready", title: "报告已生成", dedupeKey: key }),
        ]);
      }
    }
    for (const person of people) {
      const { kept, recount } = await compare(person);
      expect(kept).toEqual(recount);
      expect(await unreadCount(person.user.id)).toBe(recount.unread);
      const page = await listNotifications(person.user, { pageSize: 100 });
      expect(page.items.map((n) => `${n.id}:${n.read ? "read" : "unread"}`)).toEqual(
        recount.rows.slice(0, 100),
      );
      expect(page.unread).toBe(recount.unread);
    }
    // Nothing to repair when the service wrote everything.
    expect((await rebuildNotificationInboxes()).written).toBe(0);
  });

  it("is built from the records for a person who has none yet, and pages by the kept rows", async () => {
    const person = await signInAs(
      await makeUser({ role: "hr", enterprise: await makeEnterprise(await makeOrg()) }),
    );
    const userId = new Types.ObjectId(person.user.id);
    const start = Date.now() - 100_000;
    for (let i = 0; i < 25; i++) {
      await Notification.create({
        userId,
        kind: "report.ready",
        title: `旧通知 ${i}`,
        dedupeKey: `old:${i}`,
        readAt: i % 3 === 0 ? new Date() : null,
        createdAt: new Date(start + i * 1000),
      });
    }
    expect(await NotificationInbox.findById(person.user.id).lean()).toBeNull();
    expect(await unreadCount(person.user.id)).toBe(16);
    const second = await listNotifications(person.user, { page: 2, pageSize: 10 });
    expect(second.items.map((n) => n.title)).toEqual(
      Array.from({ length: 10 }, (_, k) => `旧通知 ${14 - k}`),
    );
    expect(second).toMatchObject({ total: 25, unread: 16, pageCount: 3, page: 2 });
    const unreadOnly = await listNotifications(person.user, { unreadOnly: true, pageSize: 100 });
    expect(unreadOnly.total).toBe(16);
    expect(unreadOnly.items.every((n) => !n.read)).toBe(true);
  });

  it("a change written around the service is caught by the comparison and repaired by the sweep", async () => {
    const person = people[0];
    await notify([person]);
    const victim = await Notification.findOne({
      userId: new Types.ObjectId(person.user.id),
      readAt: null,
    }).lean();
    await Notification.updateOne({ _id: victim!._id }, { $set: { readAt: new Date() } });
    const before = await compare(person);
    expect(before.kept).not.toEqual(before.recount);
    expect((await rebuildNotificationInboxes()).written).toBeGreaterThanOrEqual(1);
    const after = await compare(person);
    expect(after.kept).toEqual(after.recount);
    expect((await rebuildNotificationInboxes()).written).toBe(0);
  });
});
