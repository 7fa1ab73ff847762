import { Link, useRouteLoaderData } from "@remix-run/react";
import { formatDesignations } from "~/domain/enterprise";
import type { loader } from "./enterprises.$id";

export default function EnterpriseOverview() {
  const data = useRouteLoaderData<typeof loader>("routes/enterprises.$id");
  if (!data) return null;
  const e = data.enterprise;
  return (
    <div className="card">
      <dl className="facts">
        <dt>统一社会信用代码</dt>
        <dd>{e.creditCode}</dd>
        <dt>行业</dt>
        <dd>
          {e.industry} {e.industryName}
        </dd>
        <dt>职工人数</dt>
        <dd>{e.headcount} 人</dd>
        <dt>女职工占比</dt>
        <dd>{e.womenShare === null ? "—" : `${e.womenShare}%`}</dd>
        <dt>地址</dt>
        <dd>{e.address || "—"}</dd>
        <dt>所属工会</dt>
        <dd>{e.unionOrgName}</dd>
        <dt>联系人</dt>
        <dd>
          {e.contacts.length
            ? e.contacts.map((c) => `${c.name}（${c.role ?? ""}）${c.phone ?? ""}`).join("；")
            : "—"}
        </dd>
        <dt>企业工会</dt>
        <dd>{e.unionEstablishedOn ? `已建会（${e.unionEstablishedOn}）` : "未建会"}</dd>
        <dt>职代会</dt>
        <dd>{e.congressEstablished ? "已建立" : "未建立"}</dd>
        <dt>厂务公开</dt>
        <dd>{e.openAffairs ? "已实行" : "未实行"}</dd>
        <dt>劳务派遣</dt>
        <dd>{e.usesDispatch ? "使用" : "未使用"}</dd>
        <dt>集体合同</dt>
        <dd data-testid="contract-facts">{e.contract.summary}</dd>
        <dt>和谐企业称号</dt>
        <dd>
          {e.harmoniousDesignations.length ? formatDesignations(e.harmoniousDesignations as never) : "—"}
        </dd>
      </dl>
      {e.canEdit ? (
        <p style={{ marginTop: 16 }}>
          <Link className="button secondary" to="edit">
            编辑企业信息
          </Link>
        </p>
      ) : null}
    </div>
  );
}
