import type { ActionFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { uploadEvidence } from "~/services/health-check/assessments.server";
import { requireActionForm } from "~/services/accounts/auth.server";
import { jsonFailure, parseForm } from "~/lib/http.server";

const EvidenceForm = z.object({
  questionId: z.string().min(1).max(64),
  file: z.instanceof(File, { error: "请选择要上传的文件" }).refine((f) => f.size > 0, "请选择要上传的文件"),
});

/** Evidence upload for one question; the answer is updated by the page's autosave afterwards. */
export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const { user, form } = await requireActionForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES });
    const { questionId, file } = parseForm(form, EvidenceForm);
    const saved = await uploadEvidence(
      user,
      params.id ?? "",
      questionId,
      file.name,
      new Uint8Array(await file.arrayBuffer()),
    );
    return Response.json({ ok: true, file: saved });
  } catch (error) {
    return jsonFailure(error);
  }
}
