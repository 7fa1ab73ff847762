import type { LoaderFunctionArgs } from "@remix-run/node";
import { trainingMaterial } from "~/services/cultivation/trainings.server";
import { refuseWhenFlooded } from "~/lib/http.server";

/** A training's material for anyone holding the session's sign-in link (attendees have no account). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await refuseWhenFlooded(request);
  const file = await trainingMaterial({ token: params.token ?? "" }, "", params.fileId ?? "");
  return new Response(file.bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
