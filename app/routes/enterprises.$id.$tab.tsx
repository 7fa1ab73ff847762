import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { ItemTable } from "~/components/reports/item-table";
import { pageParam, parseQuery } from "~/lib/query";
import { requireUser } from "~/services/auth.server";
import { loadEnterpriseFor } from "~/services/enterprises.server";
import { notFound } from "~/services/http.server";
import { listItems } from "~/services/prescription-list.server";

/** Tabs whose features are not built yet show an empty state (access is still checked). */
const PLACEHOLDERS: Record<"cultivation", string> = {
  cultivation: "该企业尚未纳入培育助推计划。",
};

// 集体协商 has its own route (enterprises.$id.bargaining.tsx).
const Tab = z.enum(["prescriptions", "cultivation"]);
const TabQuery = z.object({ page: pageParam });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.id ?? "";
  await loadEnterpriseFor(user, id);
  // Any other segment (including "__proto__" and "constructor") is a missing page.
  const tab = Tab.safeParse(params.tab);
  if (!tab.success) throw notFound();
  if (tab.data === "prescriptions") {
    const list = await listItems(user, { enterpriseId: id, page: parseQuery(TabQuery, request).page });
    return { message: null, items: list.rows, total: list.total };
  }
  return { message: PLACEHOLDERS[tab.data], items: [], total: 0 };
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
