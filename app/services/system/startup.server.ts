import { getConfig } from "~/config.server";
import { instrumentDatabase } from "~/lib/server-timing.server";
import { connectDatabase } from "../../../models/db";

/**
 * Connects the app process to the database once. Mongoose buffers queries until the connection is
 * up; if the database is not there yet, we keep trying instead of crashing (healthz says 503 meanwhile).
 */
let started = false;

export function startApp() {
  if (started) return;
  started = true;
  const config = getConfig();
  const attempt = () => {
    connectDatabase({
      uri: config.MONGODB_URI,
      dbName: config.MONGODB_DB,
      autoIndex: config.NODE_ENV !== "production",
      monitorCommands: true,
    })
      .then((connection) => instrumentDatabase(connection.getClient()))
      .catch((error: unknown) => {
        console.error(`[app] 数据库连接失败，2 秒后重试：${error instanceof Error ? error.message : error}`);
        setTimeout(attempt, 2_000);
      });
  };
  attempt();
}
