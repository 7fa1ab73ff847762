/**
 * Database commands of the workbench per role (not a test): `npx tsx bench/page-commands.ts [--verbose]`.
 *
 * Loads the demo data into a database of its own (its own FerretDB and Redis, or MONGODB_URI / REDIS_URL),
 * then calls the workbench's service (what `/` loads after the sign-in check) once per demo account and
 * counts its database commands: how many, and how many are not a lookup by `_id` (on the embedded FerretDB
 * those decode a whole collection). --verbose lists those commands. Quick (no build, no server), so a page's
 * reads can be checked after each change; bench/pages.ts measures the time.
 */
import { log } from "../scripts/services";
import { runBench } from "./lib";

const VERBOSE = process.argv.includes("--verbose");
const ACCOUNTS = [
  ["管理员", "admin"],
  ["指导员", "zhidao"],
  ["企业HR", "hr"],
  ["工会主席", "chair"],
  ["职工代表", "rep"],
] as const;

interface Command {
  commandName: string;
  command: Record<string, unknown>;
}

/** Whether a command is a lookup by `_id` alone (FerretDB answers only these by key). */
function isKeyed({ commandName, command }: Command): boolean {
  const plain = (v: unknown) =>
    typeof v !== "object" || v === null || !Object.keys(v).some((k) => k[0] === "$");
  const byId = (filter: unknown) => {
    const keys = Object.keys((filter ?? {}) as object);
    return keys.length === 1 && keys[0] === "_id" && plain((filter as { _id: unknown })._id);
  };
  if (commandName === "find") return byId(command.filter);
  if (commandName === "update" || commandName === "delete")
    return ((command.updates ?? command.deletes) as { q: unknown }[]).every((u) => byId(u.q));
  if (commandName === "findAndModify") return byId(command.query);
  return commandName === "insert";
}

const describe = ({ commandName, command }: Command) => {
  const collection = String(command[commandName]);
  const filter = command.filter ?? command.query ?? command.pipeline ?? "";
  return `${commandName} ${collection} ${JSON.stringify(filter).slice(0, 140)}`;
};

runBench("commands", async (bench) => {
  await bench.connect({ monitorCommands: true });
  const { default: mongoose } = await import("mongoose");
  log("加载演示数据…");
  const { seedDemo } = await import("../scripts/demo-data");
  await seedDemo();

  const { User } = await import("../models/user");
  const { actingUser } = await import("../app/services/accounts/auth.server");
  const { workbenchFor } = await import("../app/services/workbench/workbench.server");
  let seen: Command[] | null = null;
  mongoose.connection.getClient().on("commandStarted", (e: Command) => seen?.push(e));
  for (const [role, account] of ACCOUNTS) {
    const doc = await User.findOne({ accountName: account }).lean();
    const user = doc ? await actingUser(doc._id) : null;
    if (!user) throw new Error(`演示数据里没有账号 ${account}`);
    await workbenchFor(user); // warm-up: documents built on first read are not counted
    seen = [];
    await workbenchFor(user);
    const commands: Command[] = seen;
    seen = null;
    const scans = commands.filter((c) => !isKeyed(c));
    console.log(
      `${role}（${account}）工作台：${commands.length} 条数据库命令，其中 ${scans.length} 条不是按 _id 读取`,
    );
    if (VERBOSE) for (const c of scans) console.log(`    ${describe(c)}`);
  }
});
