/**
 * Imported first by tests that flush Redis: moves this test file (and the workers it starts) to a Redis
 * database of its own, so FLUSHDB there is a real flush that cannot touch other test files' keys — nor
 * another flushing file's, which may run at the same time (each such file has its own number here).
 */
import path from "node:path";

const OWN_REDIS_DBS: Record<string, number> = {
  "report-batch.test.ts": 9,
  "bargaining-campaign.test.ts": 10,
};

const testFile = path.basename(expect.getState().testPath ?? "");
const own = OWN_REDIS_DBS[testFile];
if (own === undefined)
  throw new Error(`${testFile} flushes Redis: give it a database of its own in own-redis-db.ts`);

const base = process.env.REDIS_URL;
if (base) {
  const url = new URL(base);
  url.pathname = `/${own}`;
  process.env.REDIS_URL = url.toString();
}
