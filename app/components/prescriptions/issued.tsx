import { Link } from "@remix-run/react";
import { AuthForm } from "~/components/csrf";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import { DueBadge, ItemStatusBadge } from "~/components/reports/item-badges";
import { RenderStatus } from "~/components/reports/render-status";
import type { PrescriptionData } from "~/routes/assessments.$id.prescription";

/** The issued prescription: its number, the Word file, and its items with their rectification status. */
export function IssuedPrescription({ data, busy }: { data: PrescriptionData; busy: boolean }) {
  const p = data.prescription;
  if (!p) return null;
  return (
    <>
      <div className="card">
        <h2>
          法律处方 {p.prescriptionNo} <span className="badge ok">已签发</span>
        </h2>
        <p className="hint">
          {p.issuedByName} 于 {p.issuedOn} 签发，共 {data.items.length} 项。
        </p>
        {data.render ? <RenderStatus render={data.render} /> : null}
        {!data.render || data.render.status === "failed" ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="render" />
            <button type="submit" disabled={busy}>
              生成处方 Word 文件
            </button>
          </AuthForm>
        ) : null}
      </div>
      <div className="card">
        <table className="stack" data-testid="issued-items">
          <thead>
            <tr>
              <th>序号</th>
              <th>存在的问题</th>
              <th>责任人</th>
              <th>整改期限</th>
              <th>优先级</th>
              <th>状态</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.id}>
                <td data-label="序号">{item.no}</td>
                <td className="stack-title">
                  <Link to={`/prescriptions/items/${item.id}`}>{item.title}</Link>
                  <LegalBasis basis={item.basis} />
                </td>
                <td data-label="责任人">{item.owner}</td>
                <td data-label="整改期限">
                  {item.dueOn} <DueBadge due={item.due} label={item.dueLabel} />
                </td>
                <td data-label="优先级">{item.priorityLabel}</td>
                <td data-label="状态">
                  <ItemStatusBadge status={item.status} label={item.statusLabel} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
