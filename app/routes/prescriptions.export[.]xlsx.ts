import type { LoaderFunctionArgs } from "@remix-run/node";
import { todayInShanghai } from "~/domain/dates";
import { requireUser } from "~/services/auth.server";
import { exportItems, parseItemFilters } from "~/services/prescription-list.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const body = await exportItems(user, parseItemFilters(new URL(request.url).searchParams));
  const today = todayInShanghai(new Date());
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(`整改事项-${today}.xlsx`)}`,
    },
  });
}
