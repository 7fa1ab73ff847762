import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ItemTable } from "~/components/reports/item-table";
import { todayInShanghai } from "~/domain/dates";
import { contractFactsOf } from "~/domain/enterprise";
import { requireUser } from "~/services/auth.server";
import { loadEnterpriseFor } from "~/services/enterprises.server";
import { notFound } from "~/services/http.server";
import { listItems } from "~/services/prescription-list.server";

/** Tabs whose features are not built yet show an empty state (access is still checked). */
const PLACEHOLDERS: Record<string, string> = {
  cultivation: "该企业尚未纳入培育助推计划。",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  const { enterprise } = await loadEnterpriseFor(user, id);
  if (params.tab === "prescriptions") {
    const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
    const list = await listItems(user, {
      enterpriseId: id,
      page: Number.isInteger(page) && page > 0 ? page : 1,
    });
    return { message: null, items: list.rows, total: list.total };
  }
  if (params.tab === "bargaining") {
    // Until the bargaining module fills this tab, it states the same contract facts as the overview
    // (contractFactsOf), so the two never disagree; the module should show them from the same function.
    const contract = contractFactsOf(enterprise, todayInShanghai(new Date()));
    return {
      message: `集体合同（企业登记信息）：${contract.summary}。平台内暂无集体协商过程记录。`,
      items: [],
      total: 0,
    };
  }
  const message = PLACEHOLDERS[params.tab ?? ""];
  if (!message) throw notFound();
  return { message, items: [], total: 0 };
}

export default function EnterpriseTab() {
  const { message, items, total } = useLoaderData<typeof loader>();
  if (message) {
    return (
      <div className="card">
        <p className="hint">{message}</p>
      </div>
    );
  }
  return (
    <div className="card">
      {items.length === 0 ? (
        <p className="hint">该企业暂无法律处方。</p>
      ) : (
        <>
          <p className="hint">共 {total} 项整改事项（未销号的排在前面）</p>
          <ItemTable rows={items} showEnterprise={false} testId="enterprise-items" />
          {total > items.length ? (
            <p>
              <Link to={`/prescriptions?enterprise=${items[0].enterpriseId}`}>查看全部 {total} 项 →</Link>
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}
