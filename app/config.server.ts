import { availableParallelism } from "node:os";
import * as z from "zod";
import { parseTrustedProxies } from "./lib/client-address";

/**
 * Configuration, parsed once from the environment at start-up. Nothing else reads process.env.
 * A bad variable stops the process with a message naming it.
 */
const DEV_SECRET = "dev-only-secret-change-me-in-production-0000";

const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().min(1).default("127.0.0.1"),
    MONGODB_URI: z
      .string({ error: "必须设置（例如 mongodb://127.0.0.1:27017/gonghui）" })
      .regex(/^mongodb(\+srv)?:\/\/\S+$/, "必须以 mongodb:// 或 mongodb+srv:// 开头"),
    MONGODB_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,60}$/, "只能包含英文字母、数字、下划线和连字符")
      .default("gonghui"),
    REDIS_URL: z
      .string({ error: "必须设置（例如 redis://127.0.0.1:6379/0）" })
      .regex(/^rediss?:\/\/\S+$/, "必须以 redis:// 或 rediss:// 开头"),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:-]{1,40}$/, "只能包含英文字母、数字、下划线、冒号和连字符")
      .default("ghxs"),
    SESSION_SECRET: z.string().min(32, "至少 32 个字符").default(DEV_SECRET),
    APP_URL: z.url("必须是完整网址，例如 https://xieshang.example.org").optional(),
    DB_ENGINE_LABEL: z.string().optional(),
    COOKIE_SECURE: z.enum(["true", "false"], "只能是 true 或 false").optional(),
    /** Sign-in throttling: failures before a lock, and the lock's length. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
    /**
     * Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated). Empty:
     * the connection's own address is the client's, whatever the header says.
     */
    TRUSTED_PROXIES: z
      .string()
      .default("")
      .transform((list, ctx) => {
        try {
          return parseTrustedProxies(list);
        } catch (error) {
          ctx.addIssue({
            code: "custom",
            message: `“${(error as Error).message}”不是 IP 地址或网段（例如 10.0.0.2 或 10.0.0.0/8）`,
          });
          return z.NEVER;
        }
      }),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /**
     * Threads one worker builds Word files in (chart raster, docx packing), off the thread that runs the
     * jobs; 0 builds them on that thread. Default: one per core.
     */
    RENDER_THREADS: z.coerce.number().int().min(0).max(32).default(availableParallelism()),
    /**
     * Benchmarks only: a file the worker writes its database commands to every 5 s, counted and timed by
     * collection and command (jobs/db-profile.ts); unset, nothing is counted.
     */
    WORKER_DB_PROFILE: z.string().optional(),
    /** How often the worker sweeps deadlines and re-enqueues document jobs lost from Redis. */
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** A job whose worker died is handed to another worker after this long (bull's lock duration). */
    JOB_LOCK_SECONDS: z.coerce.number().int().min(2).max(600).default(30),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NODE_ENV === "production" && cfg.SESSION_SECRET === DEV_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_SECRET"],
        message: "生产环境必须设置自己的随机密钥（至少 32 个字符）",
      });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

/** Session cookies are Secure in production unless COOKIE_SECURE=false (plain-http demo). */
export function cookieSecure(config: Config) {
  return config.COOKIE_SECURE ? config.COOKIE_SECURE === "true" : config.NODE_ENV === "production";
}

export class ConfigError extends Error {}

/** Parses an environment; throws ConfigError naming every bad variable. Pure, for tests. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`配置错误，请检查以下环境变量：\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Config | undefined;

export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
