import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { failureOf, FormError } from "~/components/form-bits";
import { addDays, todayInShanghai } from "~/domain/dates";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { listEnterpriseAssessments, startAssessments } from "~/services/health-check/assessments.server";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt } from "~/lib/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const list = await listEnterpriseAssessments(user, params.id ?? "");
  return { ...list, defaultDue: addDays(todayInShanghai(new Date()), 30), enterpriseId: params.id ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const dueOn = form.get("dueOn");
  const result = await attempt(() =>
    startAssessments(user, [params.id ?? ""], typeof dueOn === "string" ? dueOn : ""),
  );
  const failure = failureOf(result);
  if (failure) return failure;
  const { started, skipped } = result as { started: string[]; skipped: string[] };
  if (started.length) return redirect(`/assessments/${started[0]}`);
  return { ok: false as const, message: `未发起：${skipped.join("；")}`, fieldErrors: {} };
}

export default function HealthChecks() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const accepted = data.rows.filter((r) => r.status === "accepted");
  return (
    <div>
      {data.canStart ? (
        <div className="card">
          <h2>发起法律体检</h2>
          <FormError failure={failure} />
          <AuthForm method="post" className="toolbar">
            <div className="field">
              <label htmlFor="dueOn">填写截止日期</label>
              <input id="dueOn" name="dueOn" type="date" defaultValue={data.defaultDue} required />
            </div>
            <button type="submit">发起体检</button>
          </AuthForm>
        </div>
      ) : null}
      <table className="stack" data-testid="assessment-list">
        <thead>
          <tr>
            <th>发起日期</th>
            <th>问卷版本</th>
            <th>截止日期</th>
            <th>状态</th>
            <th>综合得分</th>
            <th>风险等级</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="hint">
                该企业尚未开展法律体检。
              </td>
            </tr>
          ) : (
            data.rows.map((r) => (
              <tr key={r.id}>
                <td data-label="发起日期">
                  <Link to={`/assessments/${r.id}`}>{r.startedOn}</Link>
                </td>
                <td data-label="问卷版本">第 {r.templateVersion} 版</td>
                <td data-label="截止日期">{r.dueOn}</td>
                <td data-label="状态">
                  <span
                    className={`badge ${r.status === "accepted" ? "ok" : r.status === "returned" ? "warn" : ""}`}
                  >
                    {r.statusLabel}
                  </span>
                </td>
                <td data-label="综合得分">{r.overall ?? "—"}</td>
                <td data-label="风险等级">{r.riskLevel ? RISK_LEVEL_LABELS[r.riskLevel] : "—"}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {accepted.length >= 2 ? (
        <p>
          <Link to={`/assessments/compare?a=${accepted[1].id}&b=${accepted[0].id}`}>对比最近两次体检</Link>
        </p>
      ) : null}
    </div>
  );
}
