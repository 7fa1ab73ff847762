import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { requireUser } from "~/services/accounts/auth.server";
import { campaignBoard } from "~/services/bargaining/campaigns.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.progress.name ?? "集中要约"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return campaignBoard(user, params.id ?? "");
}

const STATE_LABELS: Record<string, string> = { sent: "已发出", responded: "已回应", overdue: "逾期未回应" };

export default function CampaignPage() {
  const page = useLoaderData<typeof loader>();
  const { revalidate, state } = useRevalidator();
  const running = page.progress.status !== "done";
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [running, revalidate, state]);
  const p = page.progress;
  return (
    <div>
      <p className="hint">
        <Link to="/bargaining/campaigns">集中要约</Link> › {p.unionOrgName}
      </p>
      <h1>{p.name}</h1>
      <div className="card" data-testid="campaign-progress" data-status={p.status}>
        <p>
          {p.kindLabel} · 发出日期 {p.sentOn} · 要约书 {p.done}/{p.total} 份
          {p.status === "preparing" ? `（正在建立协商案件 ${p.prepared}/${p.total + p.skipped}）` : ""}
          {p.failed ? `，${p.failed} 份生成失败` : ""}
        </p>
        <div
          className="progress"
          role="progressbar"
          aria-valuenow={p.percent}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div style={{ width: `${p.percent}%` }} />
        </div>
        {p.status === "done" ? <p className="hint">全部要约书已生成。</p> : null}
      </div>
      <div className="grid" data-testid="campaign-counts">
        {(["sent", "responded", "overdue"] as const).map((k) => (
          <div key={k} className="stat card">
            <div className="stat-label">{STATE_LABELS[k]}</div>
            <div className="stat-value">{page.counts[k]}</div>
          </div>
        ))}
      </div>
      <div className="card">
        <h2>各企业回应情况</h2>
        <table>
          <thead>
            <tr>
              <th>企业</th>
              <th>状态</th>
              <th>回应期限</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/bargaining/cases/${r.id}`}>{r.enterpriseName}</Link>
                </td>
                <td>
                  <span
                    className={`badge${r.state === "overdue" ? " danger" : r.state === "responded" ? " ok" : ""}`}
                  >
                    {STATE_LABELS[r.state]}
                  </span>
                </td>
                <td>{r.respondedOn ? `已于 ${r.respondedOn} 回应` : (r.dueOn ?? "—")}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.skipped.length ? (
          <>
            <h3>未发出要约的企业</h3>
            <ul>
              {page.skipped.map((s, i) => (
                <li key={i}>
                  {s.name}：{s.reason}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </div>
  );
}
