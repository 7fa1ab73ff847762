import mongoose, { Schema } from "mongoose";
import { DuplicateError, explainDuplicate } from "../../models/errors";
import { updateAtVersion, WriteClaim } from "../../models/write-claim";
import { getQueue, QUEUES } from "../../jobs/queues";
import { registerProcessors } from "../../jobs/register";
import { SystemProbe } from "../../models/system-probe";
import { requestSystemProbe } from "../../app/services/system/system.server";

const Versioned = mongoose.model(
  "FoundationVersioned",
  new Schema({ title: String, version: { type: Number, required: true } }),
);

const Thing = mongoose.model(
  "FoundationThing",
  new Schema({ code: { type: String, required: true, unique: true }, title: String, tags: [String] }),
);

describe("the database (real FerretDB or MongoDB)", () => {
  beforeAll(() => Thing.createIndexes());

  it("writes a document and reads it back", async () => {
    const created = await Thing.create({ code: "A-1", title: "中文标题", tags: ["甲", "乙"] });
    const read = await Thing.findById(created._id).lean();
    expect(read).toMatchObject({ code: "A-1", title: "中文标题", tags: ["甲", "乙"] });
  });

  it("rejects a duplicate through the unique index with a clear Chinese error", async () => {
    await Thing.create({ code: "DUP-1" });
    const error = await Thing.create({ code: "DUP-1" }).then(
      () => undefined,
      (e: unknown) => explainDuplicate(e, { code: "编号" }),
    );
    expect(error).toBeInstanceOf(DuplicateError);
    expect((error as DuplicateError).message).toMatch(/^编号.*已存在，不能重复添加$/);
    expect(await Thing.countDocuments({ code: "DUP-1" })).toBe(1);
  });

  it("settles a race of four writers on one version: exactly one wins, the others are told", async () => {
    for (let round = 0; round < 10; round++) {
      const doc = await Versioned.create({ title: "v0", version: 0 });
      const results = await Promise.all(
        ["a", "b", "c", "d"].map((who) =>
          updateAtVersion(Versioned, doc._id, 0, { $set: { title: `by-${who}` } }, { title: "v0" }),
        ),
      );
      const winners = results.filter(Boolean);
      expect(winners).toHaveLength(1);
      const stored = await Versioned.findById(doc._id).lean();
      expect(stored?.version).toBe(1);
      expect(stored?.title).toBe(winners[0]?.title);
    }
  });

  it("a later writer at the new version succeeds; a stale one does not", async () => {
    const doc = await Versioned.create({ title: "v0", version: 0 });
    expect(await updateAtVersion(Versioned, doc._id, 0, { $set: { title: "one" } })).toMatchObject({
      version: 1,
    });
    expect(await updateAtVersion(Versioned, doc._id, 0, { $set: { title: "stale" } })).toBeNull();
    expect(await updateAtVersion(Versioned, doc._id, 1, { $set: { title: "two" } })).toMatchObject({
      title: "two",
      version: 2,
    });
  });

  it("a claim left by a writer that died is cleared after it goes stale", async () => {
    const doc = await Versioned.create({ title: "v0", version: 0 });
    await WriteClaim.create({
      _id: `${Versioned.collection.name}:${String(doc._id)}:0`,
      at: new Date(Date.now() - 120_000),
    });
    expect(await updateAtVersion(Versioned, doc._id, 0, { $set: { title: "recovered" } })).toMatchObject({
      title: "recovered",
      version: 1,
    });
  });
});

describe("the queue (real Redis through bull)", () => {
  it("processes a job that fails once and succeeds on retry", async () => {
    const queue = getQueue(QUEUES.system);
    const attempts: number[] = [];
    void queue.process("flaky", 1, async (job) => {
      attempts.push(job.attemptsMade);
      if (job.attemptsMade === 0) throw new Error("第一次故意失败");
      return { ok: true };
    });
    const job = await queue.add("flaky", { n: 1 }, { attempts: 3, backoff: { type: "fixed", delay: 100 } });
    const result = await job.finished();
    expect(result).toEqual({ ok: true });
    expect(attempts).toEqual([0, 1]);
    const done = await queue.getJob(job.id);
    expect(done?.attemptsMade).toBe(1);
    expect(await done?.getState()).toBe("completed");
  });

  it("round trip: the app enqueues a probe, the worker's processor marks it done", async () => {
    await registerProcessors(1);
    const probe = await requestSystemProbe("test");
    expect(probe.status).toBe("queued");
    const deadline = Date.now() + 15_000;
    let status = "queued";
    while (status !== "done" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await SystemProbe.findById(probe.id).lean())?.status ?? "missing";
    }
    expect(status).toBe("done");
    const stored = await SystemProbe.findById(probe.id).lean();
    expect(stored?.workerPid).toBe(process.pid);
    expect(stored?.attempts).toBe(1);
  });
});

describe("the repeatable session sweep", () => {
  it("is scheduled by the worker and removes expired sessions when it runs", async () => {
    const { Session } = await import("../../models/session");
    // registerProcessors already ran in the round-trip test above (bull allows one handler per name).
    const repeatable = await getQueue(QUEUES.sweeps).getRepeatableJobs();
    expect(repeatable.map((r) => r.name)).toContain("sessions");
    const userId = new mongoose.Types.ObjectId();
    const past = new Date(Date.now() - 60_000);
    await Session.create({
      _id: "expired-1",
      userId,
      csrfToken: "x",
      createdAt: past,
      lastSeenAt: past,
      expiresAt: past,
    });
    await Session.create({
      _id: "live-1",
      userId,
      csrfToken: "y",
      createdAt: past,
      lastSeenAt: past,
      expiresAt: new Date(Date.now() + 60_000),
    });
    const job = await getQueue(QUEUES.sweeps).add("sessions", {});
    expect(await job.finished()).toEqual({ removed: 1 });
    expect(await Session.exists({ _id: "expired-1" })).toBeNull();
    expect(await Session.exists({ _id: "live-1" })).not.toBeNull();
  });
});
