import { Types } from "mongoose";
import { isSafeAppPath } from "~/lib/safe-path";
import { isDuplicateKeyError } from "../../../models/errors";
import { Notification, type NotificationDoc } from "../../../models/notification";
import { scopedQuery } from "../access/list-scope.server";
import type { CurrentUser } from "../accounts/auth.server";
import { badRequest, notFound } from "../../lib/http.server";

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
      await Notification.create({
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
    createdAtText: n.createdAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hourCycle: "h23" }),
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
  const [all, unreadFilter] = await Promise.all([
    scopedQuery(user, "notification"),
    scopedQuery(user, "notification", { readAt: null }),
  ]);
  const filter = unreadOnly ? unreadFilter : all;
  const [total, unread] = await Promise.all([
    Notification.countDocuments(filter),
    unreadOnly ? null : Notification.countDocuments(unreadFilter),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const current = Math.min(pageCount, Math.max(1, Math.floor(page) || 1));
  const docs = await Notification.find(filter)
    .sort({ createdAt: -1, _id: -1 })
    .skip((current - 1) * size)
    .limit(size)
    .lean();
  return {
    items: docs.map(present),
    total,
    unread: unread ?? total,
    page: current,
    pageCount,
    unreadOnly,
  };
}

/** How many unread notifications the person has: one count, cheap enough for every page's header. */
export async function unreadCount(userId: string | Types.ObjectId): Promise<number> {
  const oid = toObjectId(userId);
  if (!oid) return 0;
  return Notification.countDocuments({ userId: oid, readAt: null });
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

async function setRead(doc: NotificationDoc): Promise<NotificationDoc> {
  if (doc.readAt) return doc;
  const readAt = new Date();
  // Two clicks at once both set readAt; either time is right.
  await Notification.updateOne({ _id: doc._id }, { $set: { readAt } });
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

/** Marks all of the person's unread notifications read. */
export async function markAllRead(user: CurrentUser): Promise<{ updated: number }> {
  const result = await Notification.updateMany(
    { userId: new Types.ObjectId(user.id), readAt: null },
    { $set: { readAt: new Date() } },
  );
  return { updated: result.modifiedCount };
}
