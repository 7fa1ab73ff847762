import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Link,
  redirect,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { idParam, pageParam, parseQuery } from "~/lib/query";
import { can, type Principal } from "~/domain/policy";
import { FormError, failureOf } from "~/components/form-bits";
import { usePolling } from "~/components/reports/render-status";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, forbidden, isFailure, parseForm } from "~/lib/http.server";
import { batchProgress, recentBatches, startReportBatch } from "~/services/reports/report-batches.server";
import { acceptedChecks, parseReportFilters } from "~/services/reports/reports.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { FilterBar, FilterSelect } from "~/components/lists/filter-bar";
import { Pager } from "~/components/lists/pager";
import { OrgOptions } from "~/components/org-options";
import { PERIOD_LABELS, PERIODS, RISK_LEVELS } from "~/domain/dashboards/figures";
import { RISK_LEVEL_LABELS } from "~/domain/health-check/scoring";
import { INDUSTRIES } from "~/domain/enterprise";
import { formatDateTime } from "~/domain/dates";

export const meta: MetaFunction = () => [{ title: "体检报告 · 工会协商通" }];

function requireInstructor(user: Principal) {
  if (!can(user, "report:list", { type: "system" })) throw forbidden();
}

const ReportsQuery = z.object({ batch: idParam, page: pageParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requireInstructor(user);
  const { batch: batchId, page: requestedPage } = parseQuery(ReportsQuery, request);
  const { filters, invalid } = parseReportFilters(request);
  const [list, batches, batch, orgs] = await Promise.all([
    acceptedChecks(user, filters, new Date(), requestedPage),
    recentBatches(user),
    batchId ? batchProgress(user, batchId) : null,
    listOrgTree(user),
  ]);
  const { rows: checks, total, page, pages } = list;
  return {
    checks,
    total,
    page,
    pages,
    batches,
    batch,
    orgs,
    invalid,
    filtered: Object.values(filters).some(Boolean),
  };
}

const BatchForm = z.object({
  enterpriseId: z.array(z.string().max(64)).max(5_000, "一次选择的企业过多").default([]),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  requireInstructor(user);
  const result = await attempt(async () => {
    const { enterpriseId } = parseForm(form, BatchForm);
    return startReportBatch(user, enterpriseId);
  });
  if (isFailure(result)) return result;
  return redirect(`/reports?batch=${result.batch.id}${result.reused ? "&reused=1" : ""}`);
}

const PERIOD_FILTERS = PERIODS.map((p) => ({ value: p, label: PERIOD_LABELS[p] }));
const RISK_FILTERS = RISK_LEVELS.map((l) => ({ value: l, label: `${RISK_LEVEL_LABELS[l]}风险` }));
const INDUSTRY_FILTERS = INDUSTRIES.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));

const FILE_STATUS: Record<string, string> = {
  queued: "排队中",
  rendering: "生成中",
  done: "已生成",
  failed: "生成失败",
};

export default function ReportsPage() {
  const { checks, total, page, pages, batches, batch, orgs, invalid, filtered } =
    useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  usePolling(!!batch && batch.status !== "done");
  return (
    <div>
      <h1>体检报告</h1>
      {batch ? (
        <div className="card" data-testid="batch-progress" data-batch-status={batch.status}>
          <h2>
            {batch.status === "done"
              ? "批量生成完成"
              : batch.status === "preparing"
                ? "批量生成准备中"
                : "批量生成进行中"}
          </h2>
          {params.get("reused") ? <p className="notice">相同的批量任务正在进行，未重复创建。</p> : null}
          <div
            className="progress"
            role="progressbar"
            aria-valuenow={batch.percent}
            aria-label="批量生成进度"
          >
            <div style={{ width: `${batch.percent}%` }} />
          </div>
          {batch.status === "preparing" ? (
            <p data-testid="batch-summary">
              正在打开各企业的体检报告并排队生成：已处理 {batch.prepared} / {batch.total + batch.skipped}{" "}
              份体检，已生成 <strong data-testid="batch-done">{batch.done}</strong> 份 Word 文件（
              {batch.percent}
              %）。可以离开本页，稍后在“最近的批量任务”中查看。
            </p>
          ) : (
            <p data-testid="batch-summary">
              共 {batch.total} 份报告：已生成 <strong data-testid="batch-done">{batch.done}</strong> 份
              {batch.failed ? `，失败 ${batch.failed} 份（可在报告页重新生成）` : ""}（{batch.percent}%）
              {batch.skipped
                ? `；另有 ${batch.skipped} 份体检已不能生成报告（已撤回审核或已无权限），已跳过`
                : ""}
            </p>
          )}
        </div>
      ) : null}
      <FormError failure={failure} />
      <FilterBar
        invalid={invalid}
        testId="report-filters"
        after={
          filtered ? (
            <Link className="button secondary" to="/reports">
              全部
            </Link>
          ) : null
        }
      >
        <FilterSelect name="org" label="工会组织（含下级）">
          <OrgOptions orgs={orgs} />
        </FilterSelect>
        <FilterSelect name="period" label="审核通过" options={PERIOD_FILTERS} />
        <FilterSelect name="risk" label="风险等级" options={RISK_FILTERS} />
        <FilterSelect name="industry" label="行业" options={INDUSTRY_FILTERS} />
      </FilterBar>
      <AuthForm method="post" className="card">
        <p className="hint">
          列出您负责范围内每家企业最近一次已通过审核的法律体检。勾选企业后可一次生成全部报告的 Word
          文件；已生成的版本不会重复生成。
        </p>
        <p className="hint" data-testid="report-total">
          共 {total} 家企业{pages > 1 ? `（第 ${page} / ${pages} 页）` : ""}
        </p>
        {checks.length === 0 ? (
          <p className="hint">{filtered ? "没有符合条件的体检。" : "暂无已通过审核的体检。"}</p>
        ) : (
          <>
            {/* Above the table, not in its header: on a phone the header is hidden and the rows are cards. */}
            <label className="choice" data-testid="select-all">
              <input
                type="checkbox"
                onChange={(e) => {
                  const boxes =
                    e.currentTarget.form?.querySelectorAll<HTMLInputElement>("input[name=enterpriseId]");
                  boxes?.forEach((b) => (b.checked = e.currentTarget.checked));
                }}
              />
              全选{pages > 1 ? "本页" : ""}（{checks.length} 家企业）
            </label>
            <table className="stack" data-testid="report-checks">
              <thead>
                <tr>
                  <th>
                    <span className="visually-hidden">选择</span>
                  </th>
                  <th>企业</th>
                  <th>所属工会</th>
                  <th>审核通过</th>
                  <th>综合得分</th>
                  <th>风险等级</th>
                  <th>报告编号</th>
                  <th>Word 文件</th>
                </tr>
              </thead>
              <tbody>
                {checks.map((c) => (
                  <tr key={c.assessmentId}>
                    <td className="stack-select">
                      <input
                        type="checkbox"
                        name="enterpriseId"
                        value={c.enterpriseId}
                        aria-label={c.enterpriseName}
                      />
                    </td>
                    <td className="stack-title">
                      <Link to={`/assessments/${c.assessmentId}/report`}>{c.enterpriseName}</Link>
                    </td>
                    <td data-label="所属工会">{c.orgName}</td>
                    <td data-label="审核通过">{c.acceptedOn ?? "—"}</td>
                    <td data-label="综合得分">{c.overall ?? "不适用"}</td>
                    <td data-label="风险等级" className={c.riskLevel ? `risk-${c.riskLevel}` : ""}>
                      {c.riskLabel}
                    </td>
                    <td data-label="报告编号">{c.reportNo ?? "—"}</td>
                    <td data-label="Word 文件">{c.fileStatus ? FILE_STATUS[c.fileStatus] : "未生成"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager page={page} pages={pages} drop={["batch"]} />
          </>
        )}
        <button type="submit" disabled={busy || checks.length === 0}>
          {busy ? "正在创建批量任务…" : "批量生成所选企业的体检报告"}
        </button>
      </AuthForm>
      {batches.length ? (
        <div className="card">
          <h2>最近的批量任务</h2>
          <ul>
            {batches.map((b) => (
              <li key={b.id}>
                <Link to={`/reports?batch=${b.id}`}>{formatDateTime(b.createdAt)}</Link> {b.enterpriseCount}{" "}
                家企业 · {b.done}/{b.total} 份 ·{" "}
                {b.status === "done" ? "已完成" : b.status === "preparing" ? "准备中" : "进行中"}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
