/** The sections of the health-check report page (app/routes/assessments.$id.report.tsx). */
import { Link } from "@remix-run/react";
import { DimensionRadarChart } from "~/components/charts/radar-chart";
import { AuthForm } from "~/components/csrf";
import { EvidenceFiles } from "~/components/questionnaire/evidence-files";
import type { ReportData } from "~/routes/assessments.$id.report";
import { RenderStatus } from "./render-status";

const fmt = (n: number | null) => (n === null ? "不适用" : String(n));

/** Title, report number, version and the four headline figures. */
export function ReportHead({ data }: { data: ReportData }) {
  return (
    <div className="card report-head">
      <div>
        <h2>
          法律体检报告{" "}
          <span className="hint" data-testid="report-no">
            {data.report.reportNo ?? "（报告编号在首次保存问题分析或生成 Word 报告时分配）"}
          </span>
        </h2>
        <p className="hint">
          {data.enterprise.name} · {data.orgName} · 审核通过 {data.acceptedOn} · 报告第 {data.report.version}{" "}
          版
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
  );
}

/** The Word file of the current version (one per version), and the earlier versions' files. */
export function ReportFileCard({ data, busy }: { data: ReportData; busy: boolean }) {
  const render = data.currentRender;
  const older = data.renders.filter((r) => r.version !== data.report.version && r.status === "done");
  return (
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
      {older.length ? (
        <details>
          <summary>历史版本</summary>
          <ul>
            {older.map((r) => (
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
  );
}

/** The radar chart and the table against the organisation's average (and the previous check). */
export function DimensionComparison({ data }: { data: ReportData }) {
  return (
    <div className="report-charts">
      <div className="card">
        <h2>各维度得分</h2>
        <DimensionRadarChart id="report-radar" dimensions={data.dimensions} width={460} height={360} />
      </div>
      <div className="card">
        <h2>{data.previous ? "与本组织平均、上次体检对比" : "与本组织平均对比"}</h2>
        <table className="figures-by-dimension" data-testid="report-dimensions">
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
                <td className={d.score !== null && d.average !== null && d.score < d.average ? "below" : ""}>
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
  );
}

function RuleList({ findings }: { findings: { ruleId: string; title: string }[] }) {
  return (
    <ul>
      {findings.map((f) => (
        <li key={f.ruleId}>
          {f.ruleId} {f.title}
        </li>
      ))}
    </ul>
  );
}

/** What changed since the previous check: resolved, new, persisting, no longer applicable. */
export function PreviousComparison({
  previous,
  assessmentId,
}: {
  previous: NonNullable<ReportData["previous"]>;
  assessmentId: string;
}) {
  return (
    <div className="card">
      <h2>与上次体检（{previous.acceptedOn}）相比</h2>
      <div className="report-charts">
        <div>
          <h3>已解决 {previous.resolved.length} 项</h3>
          <RuleList findings={previous.resolved} />
        </div>
        <div>
          <h3>新发现 {previous.added.length} 项</h3>
          <RuleList findings={previous.added} />
        </div>
        <div>
          <h3>仍存在 {previous.persisting.length} 项</h3>
          <RuleList findings={previous.persisting} />
        </div>
        {previous.notApplicable.length ? (
          <div data-testid="recheck-not-applicable">
            <h3>本次不再适用 {previous.notApplicable.length} 项</h3>
            <p className="hint">上次发现、本次不适用或未作答的项目，不计入已解决。</p>
            <RuleList findings={previous.notApplicable} />
          </div>
        ) : null}
      </div>
      <Link to={`/assessments/compare?a=${previous.assessmentId}&b=${assessmentId}`}>查看逐项对比</Link>
    </div>
  );
}

/** The earlier prescriptions' items, each with what this check found of it. */
export function RecheckTable({ items }: { items: ReportData["recheck"] }) {
  return (
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
          {items.map((item) => (
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
  );
}

/** The evidence files given with the answers, per question, as the Word report's annex lists them. */
export function EvidenceSection({ data }: { data: ReportData }) {
  if (data.evidence.length === 0) return null;
  const count = data.evidence.reduce((n, e) => n + e.files.length, 0);
  return (
    <div className="card" data-testid="report-evidence">
      <h2>佐证材料（{count} 份）</h2>
      <p className="hint">企业随答案提交的文件，Word 报告的附件中同样列出。</p>
      <ol className="evidence-by-question">
        {data.evidence.map((e) => (
          <li key={e.questionId} data-question={e.questionId}>
            <div>
              <span className="hint">{e.dimension}：</span>
              {e.question}
            </div>
            <EvidenceFiles assessmentId={data.assessmentId} files={e.files} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The way on to the prescription: to write it (who may prescribe) or to read it once issued. */
export function PrescriptionLink({ data }: { data: ReportData }) {
  if (data.canPrescribe)
    return (
      <p>
        <Link className="button" to="../prescription">
          {data.prescriptionStatus === "issued"
            ? "查看法律处方 →"
            : data.prescriptionStatus === "draft"
              ? "继续编辑法律处方草稿 →"
              : "开具法律处方 →"}
        </Link>
      </p>
    );
  if (data.prescriptionStatus === "issued")
    return (
      <p>
        <Link className="button" to="../prescription">
          查看法律处方 →
        </Link>
      </p>
    );
  return null;
}
