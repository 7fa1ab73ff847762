/**
 * The workbench lists the first tasks of each inbox section and counts them all (a district's instructor has
 * tens of thousands): after a seeded random series of entries in several organisations' kept documents, the
 * shortened inbox equals the first tasks of the full one, and its totals and counts equal the full one's.
 * The kept documents are read through the process cache: an entry written by the service shows at once.
 */
import { Types } from "mongoose";
import { addDays, todayInShanghai } from "../../app/domain/dates";
import { countTasks, type InboxEntry } from "../../app/domain/health-check/inbox";
import { keepInboxEntry, workInbox } from "../../app/services/workbench/inbox.server";
import { workbenchFor, INBOX_SHOWN } from "../../app/services/workbench/workbench.server";
import { makeOrg, makeUser, signInAs } from "../support/factories";
import { seededRandom } from "../../scripts/seeded-random";

const SEED = Number(process.env.TEST_SEED ?? Date.now() % 100_000);

it(`lists the first tasks and counts all, as the full inbox does (seed ${SEED})`, async () => {
  const random = seededRandom(SEED);
  const district = await makeOrg();
  const streets = [await makeOrg({ parent: district }), await makeOrg({ parent: district })];
  const instructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  const today = todayInShanghai(new Date());
  const statuses = ["issued", "acknowledged", "in_progress", "submitted", "closed"] as const;
  const entries: InboxEntry[] = [];
  for (let i = 0; i < 60; i++) {
    const org = streets[Math.floor(random() * streets.length)];
    const entry: InboxEntry = {
      kind: random() < 0.2 ? "check" : "item",
      id: String(new Types.ObjectId()),
      enterpriseId: String(new Types.ObjectId()),
      enterpriseName: `企业${i}`,
      unionOrgId: String(org._id),
      status: statuses[Math.floor(random() * statuses.length)],
      title: `事项${i}`,
      ref: `处〔2026〕${i}号 第1项`,
      dueOn: addDays(today, Math.floor(random() * 40) - 20),
      // Some entries wait since the same instant: ties keep the full list's order.
      since: new Date(Date.UTC(2026, 10, 1 + Math.floor(random() * 20))).toISOString(),
      rejected: false,
    };
    if (entry.kind === "check") entry.status = random() < 0.5 ? "submitted" : "in_progress";
    entries.push(entry);
    await keepInboxEntry(entry);
    // Now and then the full and the shortened inbox are compared mid-series (the cache must follow).
    if (i % 15 === 14 || i === 59) {
      const full = await workInbox(instructor.user);
      const section = full.sections.find((s) => s.key === "instructor")!;
      expect(section.total).toBe(section.tasks.length);
      // Every open entry the instructor acts on is listed (an overdue or submitted item, a submitted check).
      const acting = entries.filter(
        (e) => e.status !== "closed" && (e.status === "submitted" || (e.kind === "item" && e.dueOn < today)),
      );
      expect(section.tasks.map((t) => t.key).sort()).toEqual(acting.map((e) => `${e.kind}:${e.id}`).sort());
      for (const shown of [1, 3, 10]) {
        const short = (await workInbox(instructor.user, new Date(), undefined, shown)).sections.find(
          (s) => s.key === "instructor",
        )!;
        expect(short.tasks).toEqual(section.tasks.slice(0, shown));
        expect(short.total).toBe(section.tasks.length);
        expect(short.counts).toEqual(countTasks(section.tasks));
      }
    }
  }
  // The workbench shows INBOX_SHOWN at most, and its counters count every task.
  const full = (await workInbox(instructor.user)).sections.find((s) => s.key === "instructor")!;
  const page = await workbenchFor(instructor.user);
  const listed = page.inbox.sections.find((s) => s.key === "instructor")!;
  expect(listed.tasks).toEqual(full.tasks.slice(0, INBOX_SHOWN));
  expect(page.counters.find((c) => c.label === "待核验整改事项")?.value).toBe(
    full.tasks.filter((t) => t.kind === "item" && t.status === "submitted").length,
  );
  expect(page.counters.find((c) => c.label === "逾期整改事项")?.value).toBe(
    full.tasks.filter((t) => t.kind === "item" && t.overdue).length,
  );
});
