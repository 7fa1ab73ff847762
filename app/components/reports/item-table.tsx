import { Link } from "@remix-run/react";
import { DueBadge, ItemStatusBadge } from "./item-badges";

export interface ItemRow {
  id: string;
  enterpriseName?: string;
  prescriptionNo: string;
  no: number;
  title: string;
  dueOn: string;
  due: string;
  dueLabel: string;
  status: string;
  statusLabel: string;
}

/** Prescription items as the lists show them (the 法律处方 list and an enterprise's tab); one link per row, to the item. */
export function ItemTable({
  rows,
  showEnterprise,
  testId,
}: {
  rows: ItemRow[];
  showEnterprise: boolean;
  testId: string;
}) {
  return (
    <table className="stack" data-testid={testId}>
      <thead>
        <tr>
          {showEnterprise ? <th>企业</th> : null}
          <th>处方</th>
          <th>存在的问题</th>
          <th>整改期限</th>
          <th>状态</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            {showEnterprise ? <td data-label="企业">{r.enterpriseName}</td> : null}
            <td data-label="处方">
              {r.prescriptionNo} 第{r.no}项
            </td>
            <td className="stack-title">
              <Link to={`/prescriptions/items/${r.id}`}>{r.title}</Link>
            </td>
            <td data-label="整改期限">
              {r.dueOn} <DueBadge due={r.due} label={r.dueLabel} />
            </td>
            <td data-label="状态">
              <ItemStatusBadge status={r.status} label={r.statusLabel} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
