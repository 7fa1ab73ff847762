import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/lib/download.server";
import { can } from "~/domain/policy";
import { requireUser } from "~/services/accounts/auth.server";
import { buildImportTemplate } from "~/services/enterprises/enterprise-excel.server";
import { forbidden } from "~/lib/http.server";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "enterprise:import", { type: "system" })) throw forbidden();
  const body = await buildImportTemplate();
  return fileResponse(body, { name: "企业导入模板.xlsx", type: XLSX });
}
