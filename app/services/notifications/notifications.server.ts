import { Types } from "mongoose";
import { isSafeAppPath } from "~/lib/safe-path";
import { isDuplicateKeyError } from "../../../models/errors";
import { Notification, type NotificationDoc } from "../../../models/notification";
import {
  NotificationInbox,
  type InboxRow,
  type NotificationInboxDoc,
} from "../../../models/notification-inbox";
import { updateAtVersion } from "../../../models/write-claim";
import type { CurrentUser } from "../accounts/auth.server";
import { badRequest, notFound } from "../../lib/http.server";
import { formatDateTime } from "~/domain/dates";

/** In-app notifications: sweeps and use cases notify people; each person reads and clears their own. */

export const PAGE_SIZE = 20;

export const KIND_LABELS: Record<string, string> = {
  "prescription.issued": "法律处方下达",
  "prescription.due_soon": "整改即将到期",
  "prescription.overdue": "整改已逾期",
  "prescription.acknowledged": "整改事项已确认",
  "prescription.in_progress": "整改已开始",
  "prescription.submitted": "整改材料已提交",
  "prescription.rejected": "整改被退回",
  "prescription.verified": "整改已核验",
  "report.ready": "报告已生成",
  "assessment.assigned": "法律体检任务",
  "assessment.submitted": "法律体检待审核",
  "assessment.returned": "法律体检被退回",
  "assessment.accepted": "法律体检已通过",
  "account.sign_in_failures": "账号安全",
  "bargaining.offer": "收到集体协商要约",
  "bargaining.response": "集体协商要约已回应",
  "bargaining.step": "集体协商待办",
  "bargaining.due_soon": "要约回应即将到期",
  "bargaining.overdue": "要约逾期未回应",
  "bargaining.coordination": "申请协调处理",
  "bargaining.coordination_end": "协调处理期限届满",
  "bargaining.renewal": "集体合同可续签",
};

const NOT_FOUND = "通知不存在或已被删除";

/** A notification's link must be a path on this site (the same rule as redirects after sign-in). */
export { isSafeAppPath };

function toObjectId(id: string | Types.ObjectId): Types.ObjectId | null {
  if (id instanceof Types.ObjectId) return id;
  return typeof id === "string" && Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id)
    ? new Types.ObjectId(id)
    : null;
}

/**
 * Production runs with autoIndex off and creates indexes in a deploy step, which only knows the models
 * it imports. Idempotency rests on the unique (userId, dedupeKey) index, so the write path makes sure it
 * exists before its first insert in this process (createIndexes is a no-op when it does).
 */
let indexesReady: Promise<void> | undefined;
function ensureIndexes(): Promise<void> {
  indexesReady ??= Notification.createIndexes().then(
    () => undefined,
    (error: unknown) => {
      indexesReady = undefined;
      throw error;
    },
  );
  return indexesReady;
}

// ── The kept inbox (models/notification-inbox.ts) ──────────────────────────────────────────────────────

/** Newest first, as the list shows them (createdAt, then _id, descending). */
function sortRows(rows: InboxRow[]): InboxRow[] {
  return [...rows].sort(
    (a, b) => b.at.getTime() - a.at.getTime() || b.id.toHexString().localeCompare(a.id.toHexString()),
  );
}

/** The person's rows read from the notifications themselves (a full read: building or repairing only). */
async function rowsFromRecords(userId: Types.ObjectId): Promise<InboxRow[]> {
  const docs = await Notification.find({ userId }).select({ createdAt: 1, readAt: 1 }).lean();
  return sortRows(docs.map((n) => ({ id: n._id, at: n.createdAt, read: n.readAt != null })));
}

const unreadOf = (rows: InboxRow[]) => rows.filter((r) => !r.read).length;

/** The person's kept inbox, by key; built once from their notifications when missing. */
async function readInbox(userId: Types.ObjectId): Promise<NotificationInboxDoc> {
  const id = userId.toHexString();
  const found = await NotificationInbox.findById(id).lean();
  if (found) return found;
  const rows = await rowsFromRecords(userId);
  try {
    await NotificationInbox.create({ _id: id, rows, unread: unreadOf(rows), version: 0 });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error; // made meanwhile by another writer
  }
  const made = await NotificationInbox.findById(id).lean();
  if (!made) throw new Error(`notification inbox ${id} missing after create`);
  return made;
}

/** Turns a writer may wait for (one writer wins each turn). */
const TURNS = 200;

/**
 * Changes the person's kept inbox: `change(rows)` gives the new rows (null: nothing to change), asked
 * again after every lost turn, so concurrent writers (two notifications, a notification and a read) all
 * land. Its failure is logged, not thrown: the notification itself is stored, and the sweep repairs.
 */
async function keepInbox(userId: Types.ObjectId, change: (rows: InboxRow[]) => InboxRow[] | null) {
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      const doc = await readInbox(userId);
      const next = change(doc.rows);
      if (!next) return;
      const rows = sortRows(next);
      if (
        await updateAtVersion(NotificationInbox, doc._id, doc.version, {
          $set: { rows, unread: unreadOf(rows) },
        })
      )
        return;
      await new Promise((r) => setTimeout(r, 2 + Math.random() * 5 * Math.min(turn + 1, 20)));
    }
    console.error(`[notifications] 通知收件箱 ${userId.toHexString()} 未能更新（并发写入过多），巡检会修复`);
  } catch (error) {
    console.error(
      `[notifications] 通知收件箱 ${userId.toHexString()} 未能更新：${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Rebuilds every kept inbox that differs from the notifications (the work sweep: after a crash between a
 * notification and its row). Each inbox is read before the records and written at the version read, so a
 * change made meanwhile either is in the records read or makes this write lose its turn (tried again).
 */
export async function rebuildNotificationInboxes(): Promise<{ written: number }> {
  let written = 0;
  let pending: Set<string> | null = null;
  for (let round = 0; round < 5; round++) {
    const inboxes = new Map((await NotificationInbox.find({}).lean()).map((d) => [d._id, d] as const));
    const records = await Notification.find({}).select({ userId: 1, createdAt: 1, readAt: 1 }).lean();
    const wanted = new Map<string, InboxRow[]>();
    for (const n of records) {
      const key = n.userId.toHexString();
      const rows = wanted.get(key) ?? [];
      rows.push({ id: n._id, at: n.createdAt, read: n.readAt != null });
      wanted.set(key, rows);
    }
    const ids: Set<string> = pending ?? new Set([...inboxes.keys(), ...wanted.keys()]);
    const failed = new Set<string>();
    const same = (a: InboxRow[], b: InboxRow[]) =>
      a.length === b.length &&
      a.every((r, i) => r.id.equals(b[i].id) && r.read === b[i].read && r.at.getTime() === b[i].at.getTime());
    for (const id of ids) {
      const rows = sortRows(wanted.get(id) ?? []);
      const doc = inboxes.get(id);
      if (!doc) {
        // Nobody has read this person's inbox yet: it is built from the records on first read.
        continue;
      }
      if (same(doc.rows, rows) && doc.unread === unreadOf(rows)) continue;
      if (
        await updateAtVersion(NotificationInbox, id, doc.version, { $set: { rows, unread: unreadOf(rows) } })
      )
        written++;
      else failed.add(id);
    }
    if (failed.size === 0) break;
    pending = failed;
  }
  return { written };
}

export interface NotifyInput {
  userIds: (string | Types.ObjectId)[];
  kind: string;
  title: string;
  body?: string;
  link?: string;
  /** The event's identity; notifying the same person with the same key again does nothing. */
  dedupeKey: string;
}

/**
 * Notifies each person once per dedupeKey. Safe to call again and again (sweeps do): a person who
 * already has a notification with that key is skipped. Returns how many notifications were created.
 */
export async function notifyUsers(input: NotifyInput): Promise<{ created: number }> {
  const kind = input.kind.trim();
  const title = input.title.trim();
  const dedupeKey = input.dedupeKey.trim();
  const body = input.body?.trim() || undefined;
  const link = input.link?.trim() || undefined;
  if (!kind || !title || !dedupeKey) throw new Error("通知的类型、标题和去重键不能为空");
  if (link !== undefined && !isSafeAppPath(link)) throw new Error(`通知链接必须是本站路径：${link}`);

  const recipients = new Map<string, Types.ObjectId>();
  for (const id of input.userIds) {
    const oid = toObjectId(id);
    if (!oid) throw new Error(`无效的用户 ID：${String(id)}`);
    recipients.set(oid.toHexString(), oid);
  }
  if (recipients.size === 0) return { created: 0 };

  await ensureIndexes();
  let created = 0;
  // One insert per recipient (no multi-document writes on FerretDB); the unique index settles repeats
  // and concurrent sweeps alike.
  for (const userId of recipients.values()) {
    try {
      const saved = await Notification.create({
        userId,
        kind,
        title,
        body,
        link,
        dedupeKey,
        readAt: null,
        createdAt: new Date(),
      });
      created++;
      const row: InboxRow = { id: saved._id, at: saved.createdAt, read: false };
      await keepInbox(userId, (rows) => (rows.some((r) => r.id.equals(row.id)) ? null : [...rows, row]));
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
  return { created };
}

export interface NotificationView {
  id: string;
  kind: string;
  kindLabel: string;
  title: string;
  body: string | null;
  /** Only a safe in-app path; anything else is not offered. */
  link: string | null;
  read: boolean;
  /** ISO instant, for <time dateTime>. */
  createdAt: string;
  /** The same instant as China reads it. */
  createdAtText: string;
}

function present(n: NotificationDoc): NotificationView {
  return {
    id: String(n._id),
    kind: n.kind,
    kindLabel: KIND_LABELS[n.kind] ?? "通知",
    title: n.title,
    body: n.body ?? null,
    link: isSafeAppPath(n.link) ? n.link : null,
    read: n.readAt != null,
    createdAt: n.createdAt.toISOString(),
    createdAtText: formatDateTime(n.createdAt),
  };
}

/** The person's notifications, newest first; `page` past the end shows the last page. */
export async function listNotifications(
  user: CurrentUser,
  {
    page = 1,
    unreadOnly = false,
    pageSize = PAGE_SIZE,
  }: { page?: number; unreadOnly?: boolean; pageSize?: number } = {},
) {
  const size = Math.min(100, Math.max(1, Math.floor(pageSize)));
  // The kept inbox by key, then the page's notifications by key (each person sees only their own).
  const inbox = await readInbox(new Types.ObjectId(user.id));
  const rows = unreadOnly ? inbox.rows.filter((r) => !r.read) : inbox.rows;
  const total = rows.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const current = Math.min(pageCount, Math.max(1, Math.floor(page) || 1));
  const shown = rows.slice((current - 1) * size, current * size);
  const docs = await Promise.all(shown.map((r) => Notification.findById(r.id).lean()));
  return {
    items: docs.flatMap((n) => (n && String(n.userId) === user.id ? [present(n)] : [])),
    total,
    unread: inbox.unread,
    page: current,
    pageCount,
    unreadOnly,
  };
}

/** How many unread notifications the person has: one keyed read of their kept inbox, for every page's bell. */
export async function unreadCount(userId: string | Types.ObjectId): Promise<number> {
  const oid = toObjectId(userId);
  if (!oid) return 0;
  return (await readInbox(oid)).unread;
}

async function loadOwn(user: CurrentUser, notificationId: string) {
  const id = toObjectId(notificationId);
  // Someone else's notification answers exactly like a missing one.
  // By key alone (any other condition beside it reads the whole collection on FerretDB), then checked.
  const found = id ? await Notification.findById(id).lean() : null;
  const doc = found && String(found.userId) === user.id ? found : null;
  if (!doc) throw notFound(NOT_FOUND);
  return doc;
}

/** Marks the rows of `ids` read in the person's kept inbox. */
function inboxRead(userId: Types.ObjectId, ids: Types.ObjectId[]) {
  const wanted = new Set(ids.map((id) => id.toHexString()));
  return keepInbox(userId, (rows) =>
    rows.some((r) => !r.read && wanted.has(r.id.toHexString()))
      ? rows.map((r) => (wanted.has(r.id.toHexString()) ? { ...r, read: true } : r))
      : null,
  );
}

async function setRead(doc: NotificationDoc): Promise<NotificationDoc> {
  const readAt = doc.readAt ?? new Date();
  // Two clicks at once both set readAt; either time is right.
  if (!doc.readAt) await Notification.updateOne({ _id: doc._id }, { $set: { readAt } });
  // Also when already read: the kept row follows the record (nothing is written when it does).
  await inboxRead(doc.userId, [doc._id]);
  return { ...doc, readAt };
}

/** Marks one of the person's own notifications read (reading it again changes nothing). */
export async function markRead(user: CurrentUser, notificationId: string): Promise<NotificationView> {
  return present(await setRead(await loadOwn(user, notificationId)));
}

/**
 * "查看": marks the notification read and returns where to go. A notification whose link is not a path
 * on this site is refused before anything changes.
 */
export async function openNotification(user: CurrentUser, notificationId: string): Promise<string> {
  const doc = await loadOwn(user, notificationId);
  if (!isSafeAppPath(doc.link)) throw badRequest("该通知没有可打开的站内链接");
  await setRead(doc);
  return doc.link;
}

/**
 * Marks all of the person's unread notifications read: those their kept inbox lists as unread, each by key
 * (a notification arriving meanwhile stays unread, in the records and in the inbox alike).
 */
export async function markAllRead(user: CurrentUser): Promise<{ updated: number }> {
  const userId = new Types.ObjectId(user.id);
  const unread = (await readInbox(userId)).rows.filter((r) => !r.read).map((r) => r.id);
  const readAt = new Date();
  let updated = 0;
  for (const id of unread) {
    const result = await Notification.updateOne({ _id: id }, { $set: { readAt } });
    updated += result.modifiedCount;
  }
  if (unread.length) await inboxRead(userId, unread);
  return { updated };
}
