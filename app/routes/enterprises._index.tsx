import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CONTRACT_STATUS_LABELS, INDUSTRIES, SIZE_BANDS } from "~/domain/enterprise";
import { can } from "~/domain/policy";
import { requireUser } from "~/services/accounts/auth.server";
import { listEnterprises, parseFilters } from "~/services/enterprises/enterprises.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { OrgOptions } from "~/components/org-options";

export const meta: MetaFunction = () => [{ title: "企业 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = parseFilters(new URL(request.url).searchParams);
  const [list, orgs] = await Promise.all([listEnterprises(user, filters), listOrgTree(user)]);
  return { ...list, orgs, canImport: can(user, "enterprise:import", { type: "system" }) };
}

export default function Enterprises() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };
  const exportParams = new URLSearchParams(params);
  exportParams.delete("page");
  return (
    <div>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
        <h1>企业</h1>
        <div style={{ display: "flex", gap: 8 }}>
          <Link className="button" to="/enterprises/new">
            登记企业
          </Link>
          {data.canImport ? (
            <Link className="button secondary" to="/enterprises/import">
              Excel 导入
            </Link>
          ) : null}
          <a
            className="button secondary"
            href={`/enterprises/export.xlsx?${exportParams.toString()}`}
            download
          >
            导出当前筛选
          </a>
        </div>
      </div>
      <Form method="get" className="toolbar card">
        <div className="field">
          <label htmlFor="q">名称或信用代码</label>
          <input id="q" name="q" defaultValue={params.get("q") ?? ""} placeholder="搜索" />
        </div>
        <div className="field">
          <label htmlFor="org">工会组织（含下级）</label>
          <select id="org" name="org" defaultValue={params.get("org") ?? ""}>
            <option value="">全部</option>
            <OrgOptions orgs={data.orgs} />
          </select>
        </div>
        <div className="field">
          <label htmlFor="industry">行业</label>
          <select id="industry" name="industry" defaultValue={params.get("industry") ?? ""}>
            <option value="">全部</option>
            {INDUSTRIES.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="size">规模</label>
          <select id="size" name="size" defaultValue={params.get("size") ?? ""}>
            <option value="">全部</option>
            {SIZE_BANDS.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="contract">集体合同</label>
          <select id="contract" name="contract" defaultValue={params.get("contract") ?? ""}>
            <option value="">全部</option>
            <option value="none">未签订</option>
            <option value="bargaining">协商中</option>
            <option value="in_effect">生效中</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="union">工会</label>
          <select id="union" name="union" defaultValue={params.get("union") ?? ""}>
            <option value="">全部</option>
            <option value="yes">已建会</option>
            <option value="no">未建会</option>
          </select>
        </div>
        <button type="submit">筛选</button>
      </Form>
      <table data-testid="enterprise-table">
        <thead>
          <tr>
            <th>企业名称</th>
            <th>统一社会信用代码</th>
            <th>行业</th>
            <th>职工人数</th>
            <th>所属工会</th>
            <th>工会</th>
            <th>集体合同</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.length === 0 ? (
            <tr>
              <td colSpan={7} className="hint">
                没有符合条件的企业
              </td>
            </tr>
          ) : (
            data.rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
                </td>
                <td>{e.creditCode}</td>
                <td>{e.industryName}</td>
                <td>{e.headcount}</td>
                <td>{e.unionOrgName}</td>
                <td>
                  {e.unionEstablished ? (
                    <span className="badge ok">已建会</span>
                  ) : (
                    <span className="badge">未建会</span>
                  )}
                </td>
                <td>
                  {CONTRACT_STATUS_LABELS[e.contractStatus]}
                  {e.contractValidUntil ? <div className="hint">至 {e.contractValidUntil}</div> : null}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <div className="pager">
        <span className="hint" data-testid="enterprise-total">
          共 {data.total} 家，第 {data.page}/{data.pageCount} 页
        </span>
        {data.page > 1 ? (
          <Link className="button secondary" to={pageLink(data.page - 1)}>
            上一页
          </Link>
        ) : null}
        {data.page < data.pageCount ? (
          <Link className="button secondary" to={pageLink(data.page + 1)}>
            下一页
          </Link>
        ) : null}
      </div>
    </div>
  );
}
