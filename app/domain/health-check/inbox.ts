/**
 * The workbench inbox of the health-check track: which open record waits for whom, and what they do next.
 * A check in 填写中 or 已退回修改 and an item not yet submitted wait for the enterprise's HR manager; a
 * submitted check or item waits for the instructor; an open item past its deadline is the instructor's to
 * chase. The chair and the representatives read what their enterprise must do and by when. Pure.
 */
import type { LocalDate } from "../dates";
import type { ItemStatus } from "../prescriptions/status";
import type { AssessmentStatus } from "./status";

/** What the kept inbox document holds of one open record. */
export interface InboxEntry {
  kind: "check" | "item";
  /** The record's id. */
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  unionOrgId: string;
  status: AssessmentStatus | ItemStatus;
  /** The item's title ("法律体检" for a check). */
  title: string;
  /** The prescription's number and the item's number in it (items only). */
  ref: string;
  dueOn: LocalDate;
  /** When it started waiting in its current state (ISO instant): the inbox shows the oldest first. */
  since: string;
  /** The item was sent back by the instructor and not resubmitted yet. */
  rejected: boolean;
}

export type InboxAudience = "hr" | "instructor" | "enterprise";

export interface InboxTask {
  key: string;
  kind: InboxEntry["kind"];
  status: InboxEntry["status"];
  /** The verb: what the reader does (or, read-only, what the enterprise must do). */
  label: string;
  subject: string;
  enterpriseName: string;
  dueOn: LocalDate;
  overdue: boolean;
  since: string;
  /** Where the reader acts, or null when there is nothing for them to open. */
  link: string | null;
}

/** The record is still open (an accepted check and a closed item leave the inbox). */
export function isOpenEntry(status: AssessmentStatus | ItemStatus): boolean {
  return status !== "accepted" && status !== "closed";
}

const checkLink = (e: InboxEntry) => `/assessments/${e.id}`;
const itemLink = (e: InboxEntry) => `/prescriptions/items/${e.id}`;

function subjectOf(e: InboxEntry) {
  return e.kind === "check" ? "法律体检" : `${e.ref}“${e.title}”`;
}

/** The HR manager's next step on an entry, or null when it is not in their hands. */
function hrTask(e: InboxEntry): { label: string; link: string } | null {
  if (e.kind === "check") {
    if (e.status === "in_progress") return { label: "填写法律体检问卷并提交审核", link: checkLink(e) };
    if (e.status === "returned") return { label: "体检被退回：按审核意见修改后重新提交", link: checkLink(e) };
    return null;
  }
  if (e.status === "issued") return { label: "确认整改事项", link: itemLink(e) };
  if (e.status === "acknowledged" || e.status === "in_progress")
    return e.rejected
      ? { label: "整改被退回：修改后重新提交核验", link: itemLink(e) }
      : { label: "完成整改并提交核验", link: itemLink(e) };
  return null;
}

/** The instructor's next step: review what was submitted, chase what is overdue. */
function instructorTask(e: InboxEntry, today: LocalDate): { label: string; link: string } | null {
  if (e.kind === "check")
    return e.status === "submitted" ? { label: "审核法律体检", link: `${checkLink(e)}/review` } : null;
  if (e.status === "submitted") return { label: "核验整改事项", link: itemLink(e) };
  if (e.dueOn < today) return { label: "整改已逾期：督促企业整改", link: itemLink(e) };
  return null;
}

/** The next step of an entry for whoever acts on it: the enterprise's HR or the instructor. */
const ACTING_TASKS = {
  hr: (e: InboxEntry) => hrTask(e),
  instructor: (e: InboxEntry, today: LocalDate) => instructorTask(e, today),
} as const;

/** What the enterprise must do (read-only for the chair and the representatives). */
function enterpriseTask(e: InboxEntry): string {
  if (e.kind === "check")
    return e.status === "submitted" ? "法律体检已提交，等待指导员审核" : "完成法律体检问卷";
  if (e.status === "submitted") return "整改材料已提交，等待指导员核验";
  return e.status === "issued" ? "确认并完成整改" : "完成整改并提交核验";
}

/**
 * The tasks one reader finds in these entries: HR and instructors their own next steps, oldest first;
 * the enterprise view every open entry by deadline. `canOpen` says whether the reader may open an entry's
 * page (the enterprise view links only what the reader may open).
 */
export function inboxTasks(
  audience: InboxAudience,
  entries: readonly InboxEntry[],
  today: LocalDate,
  canOpen: (e: InboxEntry) => boolean = () => true,
): InboxTask[] {
  const tasks: InboxTask[] = [];
  for (const e of entries) {
    if (!isOpenEntry(e.status)) continue;
    const base = {
      key: `${e.kind}:${e.id}`,
      kind: e.kind,
      status: e.status,
      subject: subjectOf(e),
      enterpriseName: e.enterpriseName,
      dueOn: e.dueOn,
      overdue: e.dueOn < today,
      since: e.since,
    };
    if (audience === "enterprise") {
      const link = canOpen(e) ? (e.kind === "check" ? checkLink(e) : itemLink(e)) : null;
      tasks.push({ ...base, label: enterpriseTask(e), link });
      continue;
    }
    const task = ACTING_TASKS[audience](e, today);
    if (task) tasks.push({ ...base, ...task });
  }
  return tasks.sort(taskOrder(audience));
}

/** The order of a reader's tasks: the enterprise view by deadline, HR and instructors the oldest first. */
export function taskOrder(audience: InboxAudience): (a: InboxTask, b: InboxTask) => number {
  const by = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return audience === "enterprise"
    ? (a, b) => by(a.dueOn, b.dueOn) || by(a.since, b.since)
    : (a, b) => by(a.since, b.since) || by(a.dueOn, b.dueOn);
}

/** What the workbench counts of a reader's item tasks: by status, and those past their deadline. */
export interface TaskCounts {
  items: Partial<Record<InboxEntry["status"], number>>;
  overdueItems: number;
}

export function countTasks(tasks: readonly InboxTask[]): TaskCounts {
  const counts: TaskCounts = { items: {}, overdueItems: 0 };
  for (const t of tasks) {
    if (t.kind !== "item") continue;
    counts.items[t.status] = (counts.items[t.status] ?? 0) + 1;
    if (t.overdue) counts.overdueItems += 1;
  }
  return counts;
}

export function addCounts(all: readonly TaskCounts[]): TaskCounts {
  const sum: TaskCounts = { items: {}, overdueItems: 0 };
  for (const c of all) {
    for (const [status, n] of Object.entries(c.items) as [InboxEntry["status"], number][])
      sum.items[status] = (sum.items[status] ?? 0) + n;
    sum.overdueItems += c.overdueItems;
  }
  return sum;
}
