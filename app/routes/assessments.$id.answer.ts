import type { ActionFunctionArgs } from "@remix-run/node";
import * as z from "zod";
import { cleanDeep } from "~/lib/text";
import { saveAnswer, StaleAnswer } from "~/services/health-check/assessments.server";
import { requireActionForm } from "~/services/accounts/auth.server";
import { jsonFailure, parseForm, UserError } from "~/lib/http.server";

const AnswerForm = z.object({
  questionId: z.string().min(1).max(64),
  value: z.string({ error: "提交的答案格式不正确" }).max(200_000, "答案过长"),
  baseRev: z.coerce.number().int().nonnegative(),
  // The browser window (one id per page load) and the number of its edit; absent from older pages.
  writer: z
    .string()
    .regex(/^[0-9a-f]{16,64}$/, "请求有误，请刷新页面后重试")
    .optional(),
  seq: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});

/**
 * Autosave endpoint: one answer at a time, JSON in the `value` field, the last seen revision in `baseRev`,
 * the window and its edit number in `writer` and `seq`. Also sent with `keepalive` as a page is left.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  try {
    const { user, form } = await requireActionForm(request);
    const input = parseForm(form, AnswerForm);
    let value: unknown;
    try {
      // JSON escapes ("\uFFFE") get past the form's text cleaning: clean what they decode to as well.
      value = cleanDeep(JSON.parse(input.value));
    } catch {
      throw new UserError("提交的答案格式不正确");
    }
    const writer = input.writer && input.seq ? { id: input.writer, seq: input.seq } : undefined;
    return Response.json(
      await saveAnswer(user, params.id ?? "", input.questionId, value, input.baseRev, writer),
    );
  } catch (error) {
    if (error instanceof StaleAnswer) {
      return Response.json(
        { ok: false, stale: true, message: error.message, current: error.current },
        { status: 409 },
      );
    }
    return jsonFailure(error);
  }
}
