import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { AuthForm } from "~/components/csrf";
import { can } from "~/domain/policy";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { forbidden } from "~/lib/http.server";
import { checkHealth, listRecentProbes, requestSystemProbe } from "~/services/system/system.server";
import { formatDateTime } from "~/domain/dates";

export const meta: MetaFunction = () => [{ title: "系统状态 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "system:view", { type: "system" })) throw forbidden("只有平台管理员可以查看系统状态");
  const [health, probes] = await Promise.all([checkHealth(), listRecentProbes()]);
  return { health, probes };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireActionForm(request);
  if (!can(user, "system:view", { type: "system" })) throw forbidden("只有平台管理员可以发送测试任务");
  const probe = await requestSystemProbe(user.accountName);
  return { probeId: probe.id };
}

function formatTime(iso?: string) {
  return formatDateTime(iso);
}

export default function SystemPage() {
  const { health, probes } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const waiting = probes.some((probe) => probe.status === "queued");

  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 800);
    return () => clearInterval(timer);
  }, [waiting, revalidator]);

  return (
    <div>
      <h1>系统状态</h1>
      <div className="card">
        <p>
          <span className={`status-dot ${health.database.ok ? "ok" : "down"}`} />
          数据库：{health.database.ok ? `正常（${health.database.engine ?? "未知引擎"}）` : "无法连接"}
        </p>
        <p>
          <span className={`status-dot ${health.redis.ok ? "ok" : "down"}`} />
          Redis 队列服务：{health.redis.ok ? "正常" : "无法连接"}
        </p>
        <p className="hint">{health.message}</p>
      </div>
      <div className="card">
        <h2>后台任务自检</h2>
        <p className="hint">发送一个测试任务，由后台任务进程处理后在此显示结果。</p>
        <AuthForm method="post">
          <button type="submit" disabled={navigation.state !== "idle"}>
            发送测试任务
          </button>
        </AuthForm>
        <table style={{ marginTop: 16 }} data-testid="probe-table">
          <thead>
            <tr>
              <th>提交时间</th>
              <th>状态</th>
              <th>处理时间</th>
              <th>处理进程</th>
            </tr>
          </thead>
          <tbody>
            {probes.length === 0 ? (
              <tr>
                <td colSpan={4} className="hint">
                  暂无测试任务
                </td>
              </tr>
            ) : (
              probes.map((probe) => (
                <tr key={probe.id} data-status={probe.status}>
                  <td>{formatTime(probe.requestedAt)}</td>
                  <td>
                    {probe.status === "done" ? (
                      <span className="badge ok">已处理</span>
                    ) : (
                      <span className="badge warn">排队中…</span>
                    )}
                  </td>
                  <td>{formatTime(probe.processedAt)}</td>
                  <td>{probe.workerPid ? `worker pid ${probe.workerPid}` : "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
