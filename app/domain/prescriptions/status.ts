/**
 * The life of an issued prescription item. HR acknowledges it, works on it (notes and evidence), and
 * submits it for verification; the instructor verifies it (closed) or rejects it with a reason, which puts
 * it back in HR's hands. Pure: the service settles races in the database.
 */
import { dueState, type DueState, type LocalDate } from "../dates";

export const ITEM_STATUSES = ["issued", "acknowledged", "in_progress", "submitted", "closed"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  issued: "待确认",
  acknowledged: "已确认",
  in_progress: "整改中",
  submitted: "待核验",
  closed: "已销号",
};

export type ItemAction = "acknowledge" | "work" | "submit" | "verify" | "reject";

const NEXT: Record<ItemAction, Partial<Record<ItemStatus, ItemStatus>>> = {
  acknowledge: { issued: "acknowledged" },
  // Saving a note or evidence is working on it; it also acknowledges an item not yet acknowledged.
  work: { issued: "in_progress", acknowledged: "in_progress", in_progress: "in_progress" },
  submit: { acknowledged: "submitted", in_progress: "submitted" },
  verify: { submitted: "closed" },
  reject: { submitted: "in_progress" },
};

/** The next status, or null when the action is not possible from `status`. */
export function nextStatus(status: ItemStatus, action: ItemAction): ItemStatus | null {
  return NEXT[action][status] ?? null;
}

export const ACTION_REFUSALS: Record<ItemAction, string> = {
  acknowledge: "该事项已确认，无需重复确认",
  work: "该事项已提交核验或已销号，不能再修改",
  submit: "只有已确认、整改中的事项可以提交核验",
  verify: "只有待核验的事项可以核验销号",
  reject: "只有待核验的事项可以退回",
};

export type ItemDueState = DueState | "closed";

export const DUE_STATE_LABELS: Record<ItemDueState, string> = {
  overdue: "已逾期",
  due_soon: "即将到期",
  on_track: "未到期",
  closed: "已销号",
};

/**
 * Deadline state on the Asia/Shanghai calendar. Closed items are never overdue. An item waiting for
 * verification still counts against its deadline: the enterprise met it only if it is verified.
 */
export function itemDueState(status: ItemStatus, dueOn: LocalDate, today: LocalDate): ItemDueState {
  if (status === "closed") return "closed";
  return dueState(dueOn, today, DUE_SOON_DAYS);
}

/** "Due soon" means due within this many days (today included). */
export const DUE_SOON_DAYS = 7;

/** Headline figures as unions publish them; percentages with one decimal, null when nothing was issued. */
export interface HeadlineFigures {
  enterprisesChecked: number;
  reportsIssued: number;
  itemsIssued: number;
  itemsClosed: number;
  itemsOverdue: number;
  rectifiedPct: number | null;
  overduePct: number | null;
}

export function headlineFigures(
  counts: Omit<HeadlineFigures, "rectifiedPct" | "overduePct">,
): HeadlineFigures {
  const pct = (n: number) => (counts.itemsIssued ? Math.round((n / counts.itemsIssued) * 1000) / 10 : null);
  return { ...counts, rectifiedPct: pct(counts.itemsClosed), overduePct: pct(counts.itemsOverdue) };
}

export type DeadlineNotice = "due_soon" | "overdue";

/**
 * Which deadline notice an open item calls for today, if any. The sweep keys each notice by item, kind
 * and due date, so it is sent once, and again only if the deadline is moved.
 */
export function deadlineNotice(
  status: ItemStatus,
  dueOn: LocalDate,
  today: LocalDate,
): DeadlineNotice | null {
  const state = itemDueState(status, dueOn, today);
  if (state === "overdue") return "overdue";
  if (state === "due_soon") return "due_soon";
  return null;
}
