import mongoose from "mongoose";
import { SystemProbe } from "../../../models/system-probe";
import { enqueueSystemProbe } from "../../../jobs/enqueue";
import { databaseStatus } from "../../../models/db";
import { redisStatus } from "../../lib/redis.server";

export interface HealthView {
  ok: boolean;
  message: string;
  database: { ok: boolean; engine?: string };
  redis: { ok: boolean };
  checkedAt: string;
}

/** What /healthz reports: both stores must answer. */
export async function checkHealth(): Promise<HealthView> {
  const [database, redis] = await Promise.all([databaseStatus(), redisStatus()]);
  const down = [!database.ok && "数据库", !redis.ok && "Redis 队列服务"].filter(Boolean);
  return {
    ok: down.length === 0,
    message: down.length === 0 ? "服务正常" : `服务暂不可用：${down.join("、")}无法连接，请稍后重试`,
    database: { ok: database.ok, engine: database.engine },
    redis: { ok: redis.ok },
    checkedAt: new Date().toISOString(),
  };
}

export interface ProbeView {
  id: string;
  status: "queued" | "done";
  requestedAt: string;
  processedAt?: string;
  workerPid?: number;
}

function presentProbe(probe: {
  _id: mongoose.Types.ObjectId;
  status: string;
  createdAt?: Date;
  processedAt?: Date | null;
  workerPid?: number | null;
}): ProbeView {
  return {
    id: probe._id.toString(),
    status: probe.status === "done" ? "done" : "queued",
    requestedAt: (probe.createdAt ?? new Date()).toISOString(),
    processedAt: probe.processedAt?.toISOString(),
    workerPid: probe.workerPid ?? undefined,
  };
}

export async function requestSystemProbe(requestedBy: string): Promise<ProbeView> {
  const probe = await SystemProbe.create({ status: "queued", requestedBy });
  await enqueueSystemProbe(probe._id.toString());
  return presentProbe(probe);
}

/** Called by the worker. Idempotent: a probe already done stays as it was. */
export async function completeSystemProbe(probeId: string, workerPid: number) {
  if (!mongoose.isValidObjectId(probeId)) return null;
  return SystemProbe.findOneAndUpdate(
    { _id: probeId, status: "queued" },
    { $set: { status: "done", processedAt: new Date(), workerPid }, $inc: { attempts: 1 } },
    { new: true },
  ).lean();
}

export async function listRecentProbes(limit = 5): Promise<ProbeView[]> {
  const probes = await SystemProbe.find().sort({ createdAt: -1 }).limit(limit).lean();
  return probes.map(presentProbe);
}
