import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { CONTRACT_STATUS_LABELS, CONTRACT_STATUSES, INDUSTRIES, SIZE_BANDS } from "~/domain/enterprise";
import { can } from "~/domain/policy";
import { requireUser } from "~/services/accounts/auth.server";
import { listEnterprises, parseEnterpriseFilters } from "~/services/enterprises/enterprises.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { OrgOptions } from "~/components/org-options";
import { FilterBar, FilterSearch, FilterSelect } from "~/components/lists/filter-bar";
import { ListTable } from "~/components/lists/list-table";

export const meta: MetaFunction = () => [{ title: "企业 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { filters, invalid } = parseEnterpriseFilters(new URL(request.url).searchParams);
  const [list, orgs] = await Promise.all([listEnterprises(user, filters), listOrgTree(user)]);
  return { ...list, orgs, invalid, canImport: can(user, "enterprise:import", { type: "system" }) };
}

const CONTRACT_FILTERS = [...CONTRACT_STATUSES, "expired" as const].map((s) => ({
  value: s,
  label: CONTRACT_STATUS_LABELS[s],
}));
const UNION_FILTERS = [
  { value: "yes", label: "已建会" },
  { value: "no", label: "未建会" },
];

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
      <FilterBar invalid={data.invalid}>
        <FilterSearch name="q" label="名称或信用代码" placeholder="搜索" />
        <FilterSelect name="org" label="工会组织（含下级）">
          <OrgOptions orgs={data.orgs} />
        </FilterSelect>
        <FilterSelect
          name="industry"
          label="行业"
          options={INDUSTRIES.map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
        />
        <FilterSelect
          name="size"
          label="规模"
          options={SIZE_BANDS.map((b) => ({ value: b.id, label: b.label }))}
        />
        <FilterSelect name="contract" label="集体合同" options={CONTRACT_FILTERS} />
        <FilterSelect name="union" label="工会" options={UNION_FILTERS} />
      </FilterBar>
      <ListTable
        testId="enterprise-table"
        rows={data.rows}
        rowKey={(e) => e.id}
        empty="没有符合条件的企业"
        columns={[
          { header: "企业名称", cell: (e) => <Link to={`/enterprises/${e.id}`}>{e.name}</Link> },
          { header: "统一社会信用代码", cell: (e) => e.creditCode },
          { header: "行业", cell: (e) => e.industryName },
          { header: "职工人数", cell: (e) => e.headcount },
          { header: "所属工会", cell: (e) => e.unionOrgName },
          {
            header: "工会",
            cell: (e) =>
              e.unionEstablished ? (
                <span className="badge ok">已建会</span>
              ) : (
                <span className="badge">未建会</span>
              ),
          },
          {
            header: "集体合同",
            cell: (e) => (
              <>
                {CONTRACT_STATUS_LABELS[e.contractStatus]}
                {e.contractValidUntil ? <div className="hint">至 {e.contractValidUntil}</div> : null}
              </>
            ),
          },
        ]}
      />
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
