import type { LoaderFunctionArgs } from "@remix-run/node";
import { CONTENT_TYPES, fileResponse } from "~/lib/download.server";
import { requireUser } from "~/services/accounts/auth.server";
import { exportTemplateFile } from "~/services/health-check/templates.server";

/** Downloads one template version as pretty-printed UTF-8 JSON (the format the import accepts). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { fileName, text } = await exportTemplateFile(user, params.id!);
  return fileResponse(text, {
    name: fileName,
    type: CONTENT_TYPES.json,
    headers: { "Cache-Control": "no-store" },
  });
}
