/**
 * The workbench inbox: open health checks and prescription items kept in small documents per enterprise
 * and per union organisation (models/work-inbox.ts), so that the workbench reads a handful of documents by
 * `_id`. The assessment and prescription services call keepInboxEntry after every change to a record;
 * rebuildInboxes (the seed and the work sweep) repairs what a crash left behind.
 */
import { Types } from "mongoose";
import { todayInShanghai } from "~/domain/dates";
import {
  addCounts,
  countTasks,
  inboxTasks,
  isOpenEntry,
  taskOrder,
  type InboxEntry,
  type InboxTask,
  type TaskCounts,
} from "~/domain/health-check/inbox";
import { can, instructedOrgs, memberEnterprises } from "~/domain/policy";
import type { AssessmentDoc } from "../../../models/assessment";
import { Assessment } from "../../../models/assessment";
import { enterpriseRows, manyOrgsRows } from "../bargaining/kept-rows.server";
import { Enterprise } from "../../../models/enterprise";
import { PrescriptionItem, type PrescriptionItemDoc } from "../../../models/prescription";
import { WorkInbox } from "../../../models/work-inbox";
import { updateAtVersion } from "../../../models/write-claim";
import { readStamped, stamp } from "../../../models/kept-rows";
import { subtreeIds } from "../access/list-scope.server";
import type { CurrentUser } from "../accounts/auth.server";
import { orgPathOf } from "../orgs/orgs.server";
import { sliceOfSorted } from "~/lib/sorted";

const enterpriseDocId = (id: unknown) => `enterprise:${String(id)}`;
const orgDocId = (id: unknown) => `org:${String(id)}`;

type CheckFields = Pick<
  AssessmentDoc,
  "_id" | "enterpriseId" | "unionOrgId" | "status" | "dueOn" | "events" | "createdAt"
>;
type ItemFields = Pick<
  PrescriptionItemDoc,
  | "_id"
  | "enterpriseId"
  | "unionOrgId"
  | "status"
  | "dueOn"
  | "events"
  | "title"
  | "prescriptionNo"
  | "no"
  | "rejectReason"
  | "createdAt"
>;

const lastAt = (events: { at: Date }[], fallback: Date | undefined) =>
  new Date(events.at(-1)?.at ?? fallback ?? Date.now()).toISOString();

export function checkEntry(a: CheckFields, enterpriseName: string): InboxEntry {
  return {
    kind: "check",
    id: String(a._id),
    enterpriseId: String(a.enterpriseId),
    enterpriseName,
    unionOrgId: String(a.unionOrgId),
    status: a.status,
    title: "法律体检",
    ref: "",
    dueOn: a.dueOn,
    since: lastAt(a.events, a.createdAt),
    rejected: false,
  };
}

export function itemEntry(item: ItemFields, enterpriseName: string): InboxEntry {
  // Saving a note is not a new state: the item waits since its last status change.
  const moves = item.events.filter((e) => e.action !== "work" || e.note?.startsWith("上传"));
  return {
    kind: "item",
    id: String(item._id),
    enterpriseId: String(item.enterpriseId),
    enterpriseName,
    unionOrgId: String(item.unionOrgId),
    status: item.status,
    title: item.title.slice(0, 60),
    ref: `${item.prescriptionNo} 第${item.no}项`,
    dueOn: item.dueOn,
    since: lastAt(moves.length ? moves : item.events, item.createdAt),
    rejected: !!item.rejectReason && item.status !== "submitted",
  };
}

/** Writes (or, for a record no longer open, removes) one entry in one kept document, retrying on a race. */
async function writeEntry(docId: string, entry: InboxEntry) {
  const path = `entries.${entry.kind}:${entry.id}`;
  const open = isOpenEntry(entry.status);
  for (let attempt = 0; attempt < 60; attempt++) {
    let doc = await WorkInbox.findById(docId).lean();
    if (!doc) {
      if (!open) return;
      await stamp(WorkInbox as never, docId, 0); // stamped before each write (models/kept-rows.ts)
      await WorkInbox.create({ _id: docId, entries: {}, version: 0 }).catch(() => undefined);
      doc = await WorkInbox.findById(docId).lean();
      if (!doc) continue;
    }
    const update = open ? { $set: { [path]: JSON.stringify(entry) } } : { $unset: { [path]: "" } };
    await stamp(WorkInbox as never, docId, doc.version + 1);
    if (await updateAtVersion(WorkInbox, docId, doc.version, update)) return;
    // One writer wins each round; the others read the new version and try again.
    await new Promise((r) => setTimeout(r, 5 + Math.random() * Math.min(100, 10 * (attempt + 1))));
  }
  console.error(`[inbox] 工作台待办 ${docId} 更新失败，下次巡检会重建`);
}

/** Keeps the record's entry in its enterprise's and its organisation's inbox documents. */
export async function keepInboxEntry(entry: InboxEntry) {
  await writeEntry(enterpriseDocId(entry.enterpriseId), entry);
  await writeEntry(orgDocId(entry.unionOrgId), entry);
}

async function enterpriseName(id: Types.ObjectId): Promise<string> {
  return (await Enterprise.findById(id).select({ name: 1 }).lean())?.name ?? "";
}

export async function keepCheckInInbox(a: CheckFields, name?: string) {
  await keepInboxEntry(checkEntry(a, name ?? (await enterpriseName(a.enterpriseId))));
}

export async function keepItemInInbox(item: ItemFields, name?: string) {
  await keepInboxEntry(itemEntry(item, name ?? (await enterpriseName(item.enterpriseId))));
}

/**
 * Rebuilds every inbox document from the open checks and items (the seed, the work sweep). Each document
 * is read before the records, and written at the version read: a change made meanwhile either is in the
 * records read, or its own inbox write comes after this one (and a write between makes this one retry).
 */
export async function rebuildInboxes(): Promise<{ written: number }> {
  let written = 0;
  let pending = new Set((await WorkInbox.find({}).select({ _id: 1 }).lean()).map((d) => d._id));
  for (let round = 0; round < 5; round++) {
    const docs = new Map((await WorkInbox.find({}).lean()).map((d) => [d._id, d] as const));
    const [checks, items] = await Promise.all([
      Assessment.find({ status: { $ne: "accepted" } })
        .select({ enterpriseId: 1, unionOrgId: 1, status: 1, dueOn: 1, events: 1, createdAt: 1 })
        .lean(),
      PrescriptionItem.find({ status: { $ne: "closed" } })
        .select({
          enterpriseId: 1,
          unionOrgId: 1,
          status: 1,
          dueOn: 1,
          events: 1,
          title: 1,
          prescriptionNo: 1,
          no: 1,
          rejectReason: 1,
          createdAt: 1,
        })
        .lean(),
    ]);
    const names = new Map<string, string>();
    const nameOf = async (id: Types.ObjectId) => {
      if (!names.has(String(id))) names.set(String(id), await enterpriseName(id));
      return names.get(String(id))!;
    };
    const wanted = new Map<string, Record<string, string>>();
    const add = (docId: string, entry: InboxEntry) => {
      const entries = wanted.get(docId) ?? {};
      entries[`${entry.kind}:${entry.id}`] = JSON.stringify(entry);
      wanted.set(docId, entries);
    };
    for (const a of checks) {
      const entry = checkEntry(a, await nameOf(a.enterpriseId));
      add(enterpriseDocId(entry.enterpriseId), entry);
      add(orgDocId(entry.unionOrgId), entry);
    }
    for (const item of items) {
      const entry = itemEntry(item, await nameOf(item.enterpriseId));
      add(enterpriseDocId(entry.enterpriseId), entry);
      add(orgDocId(entry.unionOrgId), entry);
    }
    const ids = round === 0 ? new Set([...docs.keys(), ...wanted.keys()]) : pending;
    const failed = new Set<string>();
    for (const docId of ids) {
      const entries = wanted.get(docId) ?? {};
      const doc = docs.get(docId);
      const current = JSON.stringify(Object.entries(doc?.entries ?? {}).sort());
      if (current === JSON.stringify(Object.entries(entries).sort())) continue;
      if (!doc) {
        await stamp(WorkInbox as never, docId, 0);
        const created = await WorkInbox.create({ _id: docId, entries, version: 0 }).then(
          () => true,
          () => false,
        );
        if (created) written++;
        else failed.add(docId);
        continue;
      }
      await stamp(WorkInbox as never, docId, doc.version + 1);
      if (await updateAtVersion(WorkInbox, docId, doc.version, { $set: { entries } })) written++;
      else failed.add(docId);
    }
    if (failed.size === 0) break;
    pending = failed;
  }
  return { written };
}

/** An open bargaining deadline of the reader's enterprise (from the kept 集体协商 document). */
interface BargainingTask {
  key: string;
  label: string;
  enterpriseName: string;
  dueOn: string;
  overdue: boolean;
  link: string | null;
}

async function bargainingTasks(user: CurrentUser, enterpriseIds: string[], today: string) {
  const tasks: BargainingTask[] = [];
  for (const id of enterpriseIds) {
    const rows = Types.ObjectId.isValid(id) ? await enterpriseRows(new Types.ObjectId(id)) : [];
    for (const row of rows) {
      if (!row.nextDueOn) continue;
      const orgPath = await orgPathOf(row.unionOrgId);
      const open = can(user, "bargaining:view", {
        type: "bargaining_case",
        enterpriseIds: row.enterpriseIds,
        orgPath,
        repUserIds: row.repUserIds,
      });
      tasks.push({
        key: `case:${row.caseId}:${id}`,
        label: `集体协商：${row.nextDueLabel || "下一步"}`,
        enterpriseName: row.enterpriseNames.join("、"),
        dueOn: row.nextDueOn,
        overdue: row.nextDueOn < today,
        link: open ? `/bargaining/cases/${row.caseId}` : null,
      });
    }
  }
  return tasks.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

/** Overdue bargaining steps of the cases in the instructor's organisations (the pipeline's kept rows). */
async function overdueCases(nodes: Types.ObjectId[], today: string): Promise<BargainingTask[]> {
  const rows = await manyOrgsRows(nodes);
  return [...rows.values()]
    .flat()
    .filter((row) => !!row.nextDueOn && row.nextDueOn < today)
    .map((row) => ({
      key: `case:${row.caseId}`,
      label: `集体协商逾期：${row.nextDueLabel || "下一步"}`,
      enterpriseName: row.enterpriseNames.join("、"),
      dueOn: row.nextDueOn!,
      overdue: true,
      link: `/bargaining/cases/${row.caseId}`,
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}

export interface InboxSection {
  key: "hr" | "instructor" | "enterprise";
  title: string;
  /** Every task, or with `shown` the first so many. */
  tasks: InboxTask[];
  /** How many tasks there are in all. */
  total: number;
  counts: TaskCounts;
}

/** The kept documents' entries, through the process cache of kept documents (every write stamps). */
async function readInboxes(docIds: string[]): Promise<Map<string, InboxEntry[]>> {
  const docs = await readStamped(WorkInbox, docIds, {
    versionField: "version",
    parse: (d) => Object.values(d.entries ?? {}).map((json) => JSON.parse(json) as InboxEntry),
    sizeOf: (entries) => entries.length,
  });
  return new Map(docIds.map((id) => [id, docs.get(id) ?? []]));
}

/**
 * One document's tasks for an acting reader (HR, instructor), sorted, and their counts: worked out once per
 * cached document, audience and day (the cached entries are the same array while the document is unchanged).
 */
const actingMemo = new WeakMap<InboxEntry[], Map<string, { tasks: InboxTask[]; counts: TaskCounts }>>();
function actingTasks(audience: "hr" | "instructor", entries: InboxEntry[], today: string) {
  let memo = actingMemo.get(entries);
  if (!memo) actingMemo.set(entries, (memo = new Map()));
  const key = `${audience}:${today}`;
  let done = memo.get(key);
  if (!done) {
    const tasks = inboxTasks(audience, entries, today);
    memo.set(key, (done = { tasks, counts: countTasks(tasks) }));
  }
  return done;
}

/** A section of an acting reader from several documents' tasks: all of them, or the first `shown`. */
function actingSection(
  key: "hr" | "instructor",
  title: string,
  perDoc: { tasks: InboxTask[]; counts: TaskCounts }[],
  shown: number | undefined,
): InboxSection {
  const lists = perDoc.map((d) => d.tasks);
  const total = lists.reduce((n, l) => n + l.length, 0);
  return {
    key,
    title,
    tasks: sliceOfSorted(lists, taskOrder(key), 0, shown ?? total),
    total,
    counts: addCounts(perDoc.map((d) => d.counts)),
  };
}

/**
 * What waits for this person: as HR of an enterprise, its checks to fill and items to work; as an
 * instructor, what was submitted in their organisations and what is overdue there; as chair or
 * representative, what the enterprise must do and by when (and its bargaining deadlines). With `shown`,
 * each section lists its first so many tasks (a district's instructor has tens of thousands) and counts all.
 */
export async function workInbox(
  user: CurrentUser,
  now = new Date(),
  /** The nodes at and below those the person instructs, when the caller has read them already. */
  instructedNodes?: Types.ObjectId[],
  shown?: number,
) {
  const today = todayInShanghai(now);
  const sections: InboxSection[] = [];
  const hrOf = memberEnterprises(user, ["hr"]);
  if (hrOf.length) {
    const docs = await readInboxes(hrOf.map((id) => enterpriseDocId(id)));
    const perDoc = [...docs.values()].map((entries) => actingTasks("hr", entries, today));
    sections.push(actingSection("hr", "待我处理", perDoc, shown));
  }
  const orgs = instructedOrgs(user);
  const bargaining: BargainingTask[] = [];
  if (orgs.length) {
    const nodes = instructedNodes ?? (await subtreeIds(orgs));
    bargaining.push(...(await overdueCases(nodes, today)));
    const docs = await readInboxes(nodes.map((id) => orgDocId(id)));
    const perDoc = [...docs.values()].map((entries) => actingTasks("instructor", entries, today));
    sections.push(actingSection("instructor", "待我审核与督办", perDoc, shown));
  }
  const readers = memberEnterprises(user, ["chair", "rep"]).filter((id) => !hrOf.includes(id));
  if (readers.length) {
    const entries = [...(await readInboxes(readers.map((id) => enterpriseDocId(id)))).values()].flat();
    const paths = new Map<string, string[]>();
    for (const e of entries)
      if (!paths.has(e.unionOrgId)) paths.set(e.unionOrgId, await orgPathOf(e.unionOrgId));
    const canOpen = (e: InboxEntry) =>
      can(user, e.kind === "check" ? "assessment:view" : "prescription:view", {
        type: "enterprise",
        enterpriseId: e.enterpriseId,
        orgPath: paths.get(e.unionOrgId) ?? [],
      });
    const tasks = inboxTasks("enterprise", entries, today, canOpen);
    sections.push({
      key: "enterprise",
      title: "本企业待办事项",
      tasks: shown === undefined ? tasks : tasks.slice(0, shown),
      total: tasks.length,
      counts: countTasks(tasks),
    });
  }
  const own = memberEnterprises(user);
  if (own.length) bargaining.push(...(await bargainingTasks(user, [...new Set(own)], today)));
  return {
    sections,
    bargaining: shown === undefined ? bargaining : bargaining.slice(0, shown),
    bargainingTotal: bargaining.length,
  };
}
