import type { ActionFunctionArgs } from "@remix-run/node";
import { saveAnswer } from "~/services/assessments.server";
import { requireActionUser } from "~/services/auth.server";

/** Autosave endpoint: one answer at a time, JSON in the `value` field, the last seen revision in `baseRev`. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form);
  let value: unknown;
  try {
    value = JSON.parse(String(form.get("value") ?? "null"));
  } catch {
    return Response.json({ ok: false, message: "提交的答案格式不正确" }, { status: 400 });
  }
  const result = await saveAnswer(
    user,
    params.id ?? "",
    String(form.get("questionId") ?? ""),
    value,
    Number(form.get("baseRev")),
  );
  return Response.json(result, { status: result.ok ? 200 : result.stale ? 409 : 400 });
}
