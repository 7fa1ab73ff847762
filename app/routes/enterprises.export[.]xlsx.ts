import type { LoaderFunctionArgs } from "@remix-run/node";
import { CONTENT_TYPES, fileResponse } from "~/lib/download.server";
import { todayInShanghai } from "~/domain/dates";
import { requireUser } from "~/services/accounts/auth.server";
import { exportEnterprises } from "~/services/enterprises/enterprise-excel.server";
import { enterprisesForExport, parseFilters } from "~/services/enterprises/enterprises.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = await enterprisesForExport(user, parseFilters(new URL(request.url).searchParams));
  const today = todayInShanghai(new Date());
  const body = await exportEnterprises(
    rows.map(({ doc, unionOrgName }) => ({
      name: doc.name,
      creditCode: doc.creditCode,
      industry: doc.industry as never,
      headcount: doc.headcount,
      womenShare: doc.womenShare ?? undefined,
      address: doc.address || undefined,
      unionOrgId: String(doc.unionOrgId),
      contacts: doc.contacts.map((c) => ({
        name: c.name,
        role: c.role ?? "",
        phone: c.phone ?? "",
        email: c.email,
      })),
      unionEstablishedOn: doc.unionEstablishedOn ?? undefined,
      congressEstablished: doc.congressEstablished,
      openAffairs: doc.openAffairs,
      usesDispatch: doc.usesDispatch ?? false,
      contractStatus: doc.contractStatus,
      contractValidUntil: doc.contractValidUntil ?? undefined,
      harmoniousDesignations: doc.harmoniousDesignations as never,
      unionOrgName,
    })),
    { today },
  );
  return fileResponse(body, { name: `企业名单-${today}.xlsx`, type: CONTENT_TYPES.xlsx });
}
