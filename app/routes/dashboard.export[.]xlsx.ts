import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/accounts/auth.server";
import { dashboardWorkbook, parseDashboardQuery } from "~/services/dashboards/dashboard.server";

/** The dashboard as an .xlsx workbook, one sheet per panel, for the same organisation and period. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { bytes, name } = await dashboardWorkbook(
    user,
    parseDashboardQuery(new URL(request.url).searchParams),
  );
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    },
  });
}
