/**
 * Benchmark of autosave (not a test): `npx tsx bench/autosave.ts [--n 10000] [--users 200] [--saves 10]`.
 *
 * Starts its own FerretDB (or uses MONGODB_URI, in a database of its own that it drops afterwards), seeds N
 * enterprises each with a health check being filled in, then U HR users of different enterprises save
 * answers at the same moment, S saves each, through the service the autosave route calls (saveAnswer), and
 * reads the page's answers back (currentAnswers) after each save. Prints p50/p95 per save and per read, and
 * the same for a bare `{_id}` upsert and a bare `{_id}` read on the same database with the same concurrency,
 * measured in the same run, and the ratios.
 */
import { Types } from "mongoose";
import { log } from "../scripts/services";
import { flag, quantile, ms, runBench } from "./lib";

const N = flag("n", 10_000);
const USERS = Math.min(flag("users", 200), N);
const SAVES = flag("saves", 10);

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs `users` loops at once, each doing `count` steps; returns every step's duration. */
async function concurrently(
  users: number,
  count: number,
  step: (user: number, i: number) => Promise<unknown>,
) {
  const durations: number[] = [];
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      for (let i = 0; i < count; i++) durations.push(await timed(() => step(user, i)));
    }),
  );
  return durations;
}

const state: { assessmentIds: string[]; enterpriseIds: string[] } = { assessmentIds: [], enterpriseIds: [] };

runBench("autosave", async ({ runId, connect }) => {
  await connect();
  const { default: mongoose } = await import("mongoose");
  const { seedAcceptedAssessments } = await import("../scripts/seed-assessments");
  const { saveAnswer, currentAnswers } = await import("../app/services/health-check/assessments.server");
  const { latestPublished } = await import("../app/services/health-check/templates.server");

  const seedMs = await timed(async () => {
    Object.assign(state, await seedAcceptedAssessments({ count: N, label: runId, inProgress: true }));
  });
  log(`已生成 ${N} 家企业及其填写中的体检（${(seedMs / 1000).toFixed(1)} 秒）`);

  const template = (await latestPublished())!.template;
  const yesNo = template.questions.filter((q) => q.type === "yesno" && !q.visibleWhen).map((q) => q.id);
  // Users spread over the seeded checks; each keeps the revision it last saw, as the page does.
  const users = Array.from({ length: USERS }, (_, u) => {
    const index = Math.floor((u * state.assessmentIds.length) / USERS);
    return {
      assessmentId: state.assessmentIds[index],
      user: {
        id: String(new Types.ObjectId()),
        accountName: `bench.hr.${u}`,
        displayName: `填报人${u}`,
        mustChangePassword: false,
        roles: [{ role: "hr" as const, enterpriseId: state.enterpriseIds[index] }],
        sessionId: "bench",
        csrfToken: "bench",
      },
      revs: new Map<string, number>(),
    };
  });

  // Warm-up: the questionnaire is parsed once per process.
  await saveAnswer(users[0].user, users[0].assessmentId, yesNo[0], true, 0);
  users[0].revs.set(yesNo[0], 1);

  const failures: string[] = [];
  const reads: number[] = [];
  const saves = await concurrently(USERS, SAVES, async (u, i) => {
    const user = users[u];
    const questionId = yesNo[(u + i) % yesNo.length];
    const base = user.revs.get(questionId) ?? 0;
    try {
      const result = await saveAnswer(user.user, user.assessmentId, questionId, i % 2 === 0, base);
      user.revs.set(questionId, result.rev);
    } catch (error) {
      // A refusal (UserError, e.g. a stale answer) or a database error: counted, the user goes on.
      failures.push(error instanceof Error ? error.message.slice(0, 80) : String(error));
    }
    reads.push(await timed(() => currentAnswers(user.assessmentId)));
  });

  // The floor, same database, same concurrency: a bare upsert and a bare read by _id.
  const bare = mongoose.connection.collection(`bench_bare_${runId}`);
  const bareWrites = await concurrently(USERS, SAVES, (u, i) =>
    bare.updateOne({ _id: `u${u}` as never }, { $set: { [`q${i % 8}`]: i } }, { upsert: true }),
  );
  const bareReads = await concurrently(USERS, SAVES, (u) => bare.findOne({ _id: `u${u}` as never }));

  const line = (label: string, values: number[], floor?: number[]) =>
    console.log(
      `${label.padEnd(48)} p50 ${ms(quantile(values, 0.5)).padStart(10)}  p95 ${ms(quantile(values, 0.95)).padStart(10)}` +
        (floor
          ? `   ratio p50 ${(quantile(values, 0.5) / quantile(floor, 0.5)).toFixed(1)}×, p95 ${(quantile(values, 0.95) / quantile(floor, 0.95)).toFixed(1)}×`
          : ""),
    );
  console.log(
    `\n${N} checks being filled in, ${USERS} HR users at once, ${SAVES} saves each (database at ${process.env.MONGODB_URI!.replace(/\/\/[^@]*@/, "//")})`,
  );
  line("bare {_id} upsert", bareWrites);
  line("bare {_id} read", bareReads);
  line("saveAnswer (autosave of one answer)", saves, bareWrites);
  line("currentAnswers (the page's answers after a save)", reads, bareReads);
  console.log(
    `saves refused: ${failures.length}${failures.length ? ` (${[...new Set(failures)].join("；")})` : ""}`,
  );
});
