import type { LoaderFunctionArgs } from "@remix-run/node";
import { CONTENT_TYPES, fileResponse } from "~/lib/download.server";
import { requireUser } from "~/services/accounts/auth.server";
import { downloadDocument } from "~/services/documents/documents.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await downloadDocument(user, params.id ?? "");
  return fileResponse(file.bytes, {
    name: file.fileName,
    type: CONTENT_TYPES.docx,
    headers: { "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" },
  });
}
