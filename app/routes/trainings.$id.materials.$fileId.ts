import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/lib/download.server";
import { requireUser } from "~/services/accounts/auth.server";
import { trainingMaterial } from "~/services/cultivation/trainings.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await trainingMaterial({ user }, params.id ?? "", params.fileId ?? "");
  return fileResponse(file.bytes, {
    name: file.name,
    type: file.contentType,
    headers: { "X-Content-Type-Options": "nosniff" },
  });
}
