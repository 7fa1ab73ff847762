import mongoose from "mongoose";
import { getConfig } from "../app/config.server";
import { connectDatabase, databaseStatus, disconnectDatabase } from "../models/db";
import { closeRenderPool, registerProcessors, scheduleSweeps } from "./register";
import { closeQueues } from "./queues";
import { profileDatabase } from "./db-profile";

/** The worker process: `npm run worker` in production, started beside the app by `npm run dev`/`demo`. */
async function main() {
  const config = getConfig();
  await connectDatabase({
    uri: config.MONGODB_URI,
    dbName: config.MONGODB_DB,
    autoIndex: config.NODE_ENV !== "production",
    monitorCommands: !!config.WORKER_DB_PROFILE,
  });
  if (config.WORKER_DB_PROFILE) profileDatabase(mongoose.connection.getClient(), config.WORKER_DB_PROFILE);
  const db = await databaseStatus();
  await registerProcessors(config.WORKER_CONCURRENCY, config.RENDER_THREADS);
  console.log(
    `[worker] 已启动 pid=${process.pid}，数据库：${db.engine ?? "未知"}，队列前缀：${config.QUEUE_PREFIX}，渲染线程：${config.RENDER_THREADS}`,
  );

  // If Redis lost its data (a flush, a failover without persistence), the repeatable sweeps are gone with
  // it; declaring them again every interval restores them, and the sweep then re-enqueues lost renders.
  const keepScheduled = setInterval(() => {
    scheduleSweeps().catch((error: unknown) => {
      console.error(
        `[worker] 重新登记定时任务失败：${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }, config.SWEEP_INTERVAL_SECONDS * 1000);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(keepScheduled);
    console.log(`[worker] 收到 ${signal}，等待进行中的任务完成后退出…`);
    await closeQueues();
    await closeRenderPool();
    await disconnectDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
