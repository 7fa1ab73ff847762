import type { ActionFunctionArgs } from "@remix-run/node";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { uploadEvidence } from "~/services/assessments.server";
import { requireActionUser } from "~/services/auth.server";
import { attempt, isFailure, UserError } from "~/services/http.server";
import { readMultipartForm } from "~/services/upload.server";

/** Evidence upload for one question; the answer is updated by the page's autosave afterwards. */
export async function action({ request, params }: ActionFunctionArgs) {
  const result = await attempt(async () => {
    const form = await readMultipartForm(request, EVIDENCE_MAX_BYTES);
    const user = await requireActionUser(request, form);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new UserError("请选择要上传的文件");
    return uploadEvidence(
      user,
      params.id ?? "",
      String(form.get("questionId") ?? ""),
      file.name,
      new Uint8Array(await file.arrayBuffer()),
    );
  });
  if (isFailure(result)) return Response.json({ ok: false, message: result.message }, { status: 400 });
  return Response.json({ ok: true, file: result });
}
