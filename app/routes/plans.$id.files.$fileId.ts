import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/lib/download.server";
import { requireUser } from "~/services/accounts/auth.server";
import { planRecordFile } from "~/services/cultivation/plans.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await planRecordFile(user, params.id ?? "", params.fileId ?? "");
  return fileResponse(file.bytes, {
    name: file.name,
    type: file.contentType,
    inline: file.contentType.startsWith("image/"),
    headers: { "X-Content-Type-Options": "nosniff", "Cache-Control": "private, max-age=0, must-revalidate" },
  });
}
