/** Loads the demo data (idempotent: running it twice changes nothing). Needs MONGODB_URI, as set by `npm run seed`. */
import { getConfig } from "../app/config.server";
import { connectDatabase, disconnectDatabase, syncIndexes } from "../models/db";
import { closeQueues } from "../jobs/queues";
import { closeRedis } from "../app/lib/redis.server";
import "../models/all";
import { seedDemo } from "./demo-data";

async function main() {
  const config = getConfig();
  await connectDatabase({ uri: config.MONGODB_URI, dbName: config.MONGODB_DB });
  await syncIndexes();
  const summary = await seedDemo();
  console.log(summary);
  // The demo's bargaining letters were queued for the worker: close the queue connections.
  await closeQueues();
  // The kept lists' stamps (models/kept-rows.ts) opened the app's Redis client.
  await closeRedis();
  await disconnectDatabase();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
