import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/services/auth.server";
import { loadEnterpriseFor } from "~/services/enterprises.server";
import { notFound } from "~/services/http.server";

/** Tabs whose features are not built yet show an empty state (access is still checked). */
const PLACEHOLDERS: Record<string, string> = {
  prescriptions: "该企业暂无法律处方。",
  cultivation: "该企业尚未纳入培育助推计划。",
  bargaining: "该企业暂无集体协商记录。",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  await loadEnterpriseFor(user, params.id ?? "");
  const message = PLACEHOLDERS[params.tab ?? ""];
  if (!message) throw notFound();
  return { message };
}

export default function EnterpriseTab() {
  const { message } = useLoaderData<typeof loader>();
  return (
    <div className="card">
      <p className="hint">{message}</p>
    </div>
  );
}
