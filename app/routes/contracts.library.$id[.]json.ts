import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/services/accounts/auth.server";
import { exportLibraryFile } from "~/services/contracts/library.server";

/** Downloads one clause library version as pretty-printed UTF-8 JSON (the format the import accepts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { fileName, text } = await exportLibraryFile(user, params.id ?? "");
  return new Response(text, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
