import type { LoaderFunctionArgs } from "@remix-run/node";
import { CONTENT_TYPES, fileResponse } from "~/lib/download.server";
import { todayInShanghai } from "~/domain/dates";
import { requireUser } from "~/services/accounts/auth.server";
import { exportItems, parseItemFilters } from "~/services/prescriptions/list.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = await exportItems(user, parseItemFilters(new URL(request.url).searchParams));
  const today = todayInShanghai(new Date());
  return fileResponse(body, { name: `整改事项-${today}.xlsx`, type: CONTENT_TYPES.xlsx });
}
