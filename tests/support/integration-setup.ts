/**
 * Every integration test file gets its own database and its own Bull/Redis key prefix, both removed
 * afterwards, so files can run in parallel against the one FerretDB and Redis that `npm test` started.
 */
import crypto from "node:crypto";
import mongoose from "mongoose";
import "../../models/all";
import { connectDatabase, disconnectDatabase, syncIndexes } from "../../models/db";
import { closeQueues, deleteQueueKeys } from "../../jobs/queues";
import { closeRedis } from "../../app/lib/redis.server";

const { MONGODB_URI, REDIS_URL, TEST_QUEUE_PREFIX } = process.env;
if (!MONGODB_URI || !REDIS_URL || !TEST_QUEUE_PREFIX) {
  throw new Error("集成测试需要真实的数据库和 Redis：请用 `npm test` 运行（它会启动 FerretDB 并连接 Redis）");
}

const testPath = expect.getState().testPath ?? "unknown";
const fileId = crypto.createHash("sha1").update(testPath).digest("hex").slice(0, 10);
process.env.MONGODB_DB = `it_${fileId}`;
process.env.QUEUE_PREFIX = `${TEST_QUEUE_PREFIX}-${fileId}`;
process.env.NODE_ENV = "test";

jest.setTimeout(60_000);

beforeAll(async () => {
  await connectDatabase({ uri: MONGODB_URI, dbName: process.env.MONGODB_DB! });
  await mongoose.connection.dropDatabase();
  await syncIndexes();
});

afterAll(async () => {
  await closeQueues();
  await closeRedis();
  await mongoose.connection.dropDatabase();
  await disconnectDatabase();
  // The Redis this run started with (a test may point REDIS_URL at a server of its own and stop it).
  await deleteQueueKeys(REDIS_URL, process.env.QUEUE_PREFIX!);
});
