import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/domain/policy";
import { requireUser } from "~/services/auth.server";
import { buildImportTemplate } from "~/services/enterprise-excel.server";
import { forbidden } from "~/services/http.server";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  const body = await buildImportTemplate();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": XLSX,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent("企业导入模板.xlsx")}`,
    },
  });
}
