import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { DimensionRadarChart } from "~/components/charts/radar-chart";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice } from "~/components/form-bits";
import { NotYet } from "~/components/not-yet";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import { RenderStatus, usePolling } from "~/components/reports/render-status";
import { RichText } from "~/components/reports/rich-text";
import { parseAnalysis } from "~/domain/reports/analysis";
import { requireActionForm, requireUser } from "~/services/auth.server";
import { attempt, attemptKeepingInput, isFailure, parseForm } from "~/services/http.server";
import { legalBasisView } from "~/services/legal-basis.server";
import { reportPage, requestReportFile, saveAnalysis } from "~/services/reports.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Before the check is accepted there is no report: the page says so (a use-case refusal, not a 500).
  const page = await attempt(() => reportPage(user, params.id ?? ""));
  if (isFailure(page)) return { notYet: page.message };
  return {
    notYet: null,
    ...page,
    findings: page.findings.map((f) => ({ ...f, basis: legalBasisView(f.legalBasis, f.citations) })),
  };
}

const version = z.coerce.number().int().nonnegative();
const ReportAction = z.discriminatedUnion("intent", [
  // The length is checked with its message by the domain (analysisProblem); this only bounds the input.
  z.object({ intent: z.literal("analysis"), version, analysis: z.string().max(200_000).default("") }),
  z.object({ intent: z.literal("render"), version }),
]);

type ReportData = Extract<SerializeFrom<typeof loader>, { notYet: null }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  return attemptKeepingInput(async () => {
    const input = parseForm(form, ReportAction);
    switch (input.intent) {
      case "analysis": {
        const saved = await saveAnalysis(user, id, input.version, input.analysis);
        return {
          ok: true as const,
          intent: "analysis" as const,
          message: `问题分析已保存，报告更新为第 ${saved.version} 版`,
        };
      }
      case "render": {
        const render = await requestReportFile(user, id, input.version);
        return {
          ok: true as const,
          intent: "render" as const,
          message: render.status === "done" ? "该版本的报告已生成，可直接下载" : "已开始生成 Word 报告",
        };
      }
    }
  });
}

const SEVERITY_ORDER = ["H", "M", "L"] as const;
const SEVERITY_HEADINGS = { H: "高风险", M: "中风险", L: "低风险" } as const;
const fmt = (n: number | null) => (n === null ? "不适用" : String(n));

export default function ReportRoute() {
  const data = useLoaderData<typeof loader>();
  if (data.notYet !== null) return <NotYet title="体检报告" message={data.notYet} />;
  return <ReportPage data={data} />;
}

function ReportPage({ data }: { data: ReportData }) {
  const result = useActionData<typeof action>();
  const { busy, done, failure } = useActionNotice(result);
  // The analysis is saved mid-page: its message shows beside its button, the others at the top.
  const analysisSaved =
    done && result && "intent" in result && result.intent === "analysis" ? done : undefined;
  const notice = analysisSaved ? undefined : done;
  const render = data.currentRender;
  usePolling(!!render && (render.status === "queued" || render.status === "rendering"));
  const [draft, setDraft] = useState(data.report.analysis);
  const signals = data.findings.filter((f) => f.signal);

  return (
    <div className="report-page">
      <div className="card report-head">
        <div>
          <h2>
            法律体检报告{" "}
            <span className="hint" data-testid="report-no">
              {data.report.reportNo ?? "（报告编号在首次保存问题分析或生成 Word 报告时分配）"}
            </span>
          </h2>
          <p className="hint">
            {data.enterprise.name} · {data.orgName} · 审核通过 {data.acceptedOn} · 报告第{" "}
            {data.report.version} 版
            {data.report.analysisByName
              ? `（${data.report.analysisByName} 更新于 ${data.report.issuedOn}）`
              : ""}
          </p>
        </div>
        <div className="grid">
          <div className="stat">
            <div className="stat-label">综合得分</div>
            <div className="stat-value" data-testid="report-overall">
              {fmt(data.overall)}
            </div>
          </div>
          <div className="stat">
            <div className="stat-label">风险等级</div>
            <div className={`stat-value risk-${data.riskLevel}`}>{data.riskLevelLabel}</div>
          </div>
          <div className="stat">
            <div className="stat-label">本组织平均（{data.average.enterprises} 家）</div>
            <div className="stat-value">{fmt(data.average.overall)}</div>
          </div>
          <div className="stat">
            <div className="stat-label">上次体检</div>
            <div className="stat-value">{data.previous ? fmt(data.previous.overall) : "—"}</div>
          </div>
        </div>
      </div>

      <FormError failure={failure} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}

      <div className="card">
        <h2>Word 报告</h2>
        <p className="hint">
          按当前页面内容（第 {data.report.version} 版）生成正式的体检报告 Word
          文件；同一版本只生成一次，重复点击不会产生第二份。
        </p>
        {render ? <RenderStatus render={render} /> : null}
        {!render || render.status === "failed" ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="render" />
            <input type="hidden" name="version" value={data.report.version} />
            <button type="submit" disabled={busy}>
              生成 Word 报告（第 {data.report.version} 版）
            </button>
          </AuthForm>
        ) : null}
        {data.renders.filter((r) => r.version !== data.report.version && r.status === "done").length ? (
          <details>
            <summary>历史版本</summary>
            <ul>
              {data.renders
                .filter((r) => r.version !== data.report.version && r.status === "done")
                .map((r) => (
                  <li key={r.id}>
                    <a href={`/documents/${r.id}/download`}>
                      第 {r.version} 版 · {r.fileName}
                    </a>
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </div>

      <div className="report-charts">
        <div className="card">
          <h2>各维度得分</h2>
          <DimensionRadarChart id="report-radar" dimensions={data.dimensions} width={460} height={360} />
        </div>
        <div className="card">
          <h2>{data.previous ? "与本组织平均、上次体检对比" : "与本组织平均对比"}</h2>
          <table data-testid="report-dimensions">
            <thead>
              <tr>
                <th>维度</th>
                <th>本企业</th>
                <th>组织平均</th>
                {data.previous ? <th>上次</th> : null}
                <th>问题数</th>
              </tr>
            </thead>
            <tbody>
              {data.dimensions.map((d) => (
                <tr key={d.id}>
                  <td>{d.title}</td>
                  <td
                    className={d.score !== null && d.average !== null && d.score < d.average ? "below" : ""}
                  >
                    <strong>{fmt(d.score)}</strong>
                  </td>
                  <td>{fmt(d.average)}</td>
                  {data.previous ? <td>{fmt(d.previous)}</td> : null}
                  <td>{d.findingCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            红色得分低于本组织平均（本组织 {data.average.enterprises} 家企业最近一次体检的平均分）
            {data.previous ? "" : "；本次为该企业首次体检，暂无上次得分可比"}。
          </p>
        </div>
      </div>

      <div className="card">
        <h2>问题分析</h2>
        {data.canEdit ? (
          <AuthForm method="post" className="analysis-editor" preventScrollReset>
            <input type="hidden" name="intent" value="analysis" />
            <input type="hidden" name="version" value={data.report.version} />
            <div className="analysis-columns">
              <div>
                <label htmlFor="analysis">
                  编辑（空一行分段；“- ”开头为列表，“1.”开头为编号，“## ”开头为小标题）
                </label>
                <textarea
                  id="analysis"
                  name="analysis"
                  rows={14}
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                  placeholder={
                    "例如：\n## 主要问题\n- 劳动合同签订不及时\n- 加班费计算基数偏低\n\n建议企业……"
                  }
                />
                {failure?.fieldErrors.analysis ? (
                  <div className="field-error">{failure.fieldErrors.analysis.join("；")}</div>
                ) : null}
              </div>
              <div>
                <div className="hint">预览</div>
                <div className="analysis-preview">
                  {draft.trim() ? (
                    <RichText blocks={parseAnalysis(draft)} />
                  ) : (
                    <p className="hint">尚未填写</p>
                  )}
                </div>
              </div>
            </div>
            <button type="submit" disabled={busy || draft.trim() === data.report.analysis}>
              保存问题分析
            </button>
            {analysisSaved ? (
              <span className="saved-note" role="status" data-testid="analysis-saved">
                {analysisSaved}
              </span>
            ) : null}
          </AuthForm>
        ) : data.report.analysisBlocks.length ? (
          <RichText blocks={data.report.analysisBlocks} />
        ) : (
          <p className="hint">指导员尚未填写问题分析。</p>
        )}
      </div>

      <div className="card">
        <h2>发现的问题（{data.findings.length} 项）</h2>
        {data.findings.length === 0 ? <p className="hint">本次体检未发现问题。</p> : null}
        {SEVERITY_ORDER.map((severity) => {
          const list = data.findings.filter((f) => f.severity === severity && !f.signal);
          if (!list.length) return null;
          return (
            <section key={severity} className="finding-group">
              <h3>
                <span className={`badge ${severity === "H" ? "danger" : severity === "M" ? "warn" : ""}`}>
                  {SEVERITY_HEADINGS[severity]}
                </span>{" "}
                {list.length} 项
              </h3>
              {list.map((f) => (
                <div key={f.ruleId} className="question" data-finding={f.ruleId}>
                  <div className="question-title">
                    <span className="question-id">{f.ruleId}</span>
                    {f.title}
                    <span className="hint">（{f.dimensionTitle}）</span>
                  </div>
                  <div>整改建议：{f.recommendation}</div>
                  <div className="finding-deadline">整改期限：{f.deadline}</div>
                  <LegalBasis basis={f.basis} />
                </div>
              ))}
            </section>
          );
        })}
        {signals.length ? (
          <section className="finding-group">
            <h3>
              <span className="badge">风险信号</span> {signals.length} 项
            </h3>
            {signals.map((f) => (
              <div key={f.ruleId} className="question" data-finding={f.ruleId}>
                <div className="question-title">
                  <span className="question-id">{f.ruleId}</span>
                  {f.title}
                  <span className="hint">（{f.dimensionTitle}）</span>
                </div>
                <div>建议：{f.recommendation}</div>
                <div className="finding-deadline">建议期限：{f.deadline}</div>
                <LegalBasis basis={f.basis} />
              </div>
            ))}
          </section>
        ) : null}
      </div>

      {data.previous ? (
        <div className="card">
          <h2>与上次体检（{data.previous.acceptedOn}）相比</h2>
          <div className="report-charts">
            <div>
              <h3>已解决 {data.previous.resolved.length} 项</h3>
              <ul>
                {data.previous.resolved.map((f) => (
                  <li key={f.ruleId}>
                    {f.ruleId} {f.title}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>新发现 {data.previous.added.length} 项</h3>
              <ul>
                {data.previous.added.map((f) => (
                  <li key={f.ruleId}>
                    {f.ruleId} {f.title}
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>仍存在 {data.previous.persisting.length} 项</h3>
              <ul>
                {data.previous.persisting.map((f) => (
                  <li key={f.ruleId}>
                    {f.ruleId} {f.title}
                  </li>
                ))}
              </ul>
            </div>
            {data.previous.notApplicable.length ? (
              <div data-testid="recheck-not-applicable">
                <h3>本次不再适用 {data.previous.notApplicable.length} 项</h3>
                <p className="hint">上次发现、本次不适用或未作答的项目，不计入已解决。</p>
                <ul>
                  {data.previous.notApplicable.map((f) => (
                    <li key={f.ruleId}>
                      {f.ruleId} {f.title}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
          <Link to={`/assessments/compare?a=${data.previous.assessmentId}&b=${data.assessmentId}`}>
            查看逐项对比
          </Link>
        </div>
      ) : null}

      {data.recheck.length ? (
        <div className="card" data-testid="recheck">
          <h2>复查：以往法律处方的整改事项</h2>
          <table>
            <thead>
              <tr>
                <th>处方</th>
                <th>事项</th>
                <th>整改状态</th>
                <th>本次复查</th>
              </tr>
            </thead>
            <tbody>
              {data.recheck.map((item) => (
                <tr key={item.id}>
                  <td>
                    {item.prescriptionNo} 第{item.no}项
                  </td>
                  <td>
                    <Link to={`/prescriptions/items/${item.id}`}>{item.title}</Link>
                  </td>
                  <td>{item.statusLabel}</td>
                  <td>
                    {item.recheck === "manual" ? (
                      <span className="hint">人工添加事项，需人工判断</span>
                    ) : item.recheck === "resolved" ? (
                      <span className="badge ok">已不再发现</span>
                    ) : item.recheck === "not_applicable" ? (
                      <span className="badge">本次不再适用</span>
                    ) : (
                      <span className="badge danger">仍然存在</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {data.canPrescribe ? (
        <p>
          <Link className="button" to="../prescription">
            {data.prescriptionStatus === "issued"
              ? "查看法律处方 →"
              : data.prescriptionStatus === "draft"
                ? "继续编辑法律处方草稿 →"
                : "开具法律处方 →"}
          </Link>
        </p>
      ) : data.prescriptionStatus === "issued" ? (
        <p>
          <Link className="button" to="../prescription">
            查看法律处方 →
          </Link>
        </p>
      ) : null}
    </div>
  );
}
