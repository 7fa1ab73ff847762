import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { InlineError, useActionNotice } from "~/components/form-bits";
import { ItemFacts, ItemHistory, ItemVerify, ItemWork } from "~/components/prescriptions/item-sections";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { toShanghaiDate } from "~/domain/dates";
import { isStaff } from "~/domain/policy";
import type { ItemAction } from "~/domain/prescriptions/status";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import { legalBasisView } from "~/services/health-check/legal-basis.server";
import {
  actOnItem,
  itemPage,
  removeItemEvidence,
  uploadItemEvidence,
} from "~/services/prescriptions/items.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.prescriptionNo ?? ""} 第${data?.item.no ?? ""}项 · 整改事项 · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const page = await itemPage(user, params.id ?? "");
  const verified = [...page.item.events].reverse().find((e) => e.action === "verify");
  return {
    ...page,
    // The basis as prose, each cited article (kept from the finding) one click away.
    basis: legalBasisView(page.item.legalBasis, page.item.citations),
    // Instructors know the list as 法律处方, enterprises as 整改事项 (the navigation's words).
    instructs: isStaff(user),
    closedOn: page.item.status === "closed" && verified ? toShanghaiDate(new Date(verified.at)) : null,
  };
}

const DONE_MESSAGES: Record<ItemAction, string> = {
  acknowledge: "已确认收到该整改事项",
  work: "整改说明已保存",
  submit: "已提交指导员核验",
  verify: "已核验销号",
  reject: "已退回企业继续整改",
};

const version = z.coerce.number().int().nonnegative();
/** Lengths are checked with their messages by the service; this only bounds the input. */
const text = z.string().max(10_000, "内容过长").optional();
const ItemForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("upload"),
    file: z.instanceof(File, { error: "请选择要上传的文件" }).refine((f) => f.size > 0, "请选择要上传的文件"),
  }),
  z.object({ intent: z.literal("remove"), fileId: z.string().min(1, "请选择要删除的文件") }),
  z.object({ intent: z.literal("acknowledge"), version }),
  z.object({ intent: z.literal("work"), version, note: text }),
  z.object({ intent: z.literal("submit"), version, note: text }),
  z.object({ intent: z.literal("verify"), version }),
  z.object({ intent: z.literal("reject"), version, reason: text }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const { user, form } = await requireActionForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES });
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, ItemForm);
    if (input.intent === "upload") {
      const { file } = input;
      const saved = await uploadItemEvidence(user, id, file.name, new Uint8Array(await file.arrayBuffer()));
      return { ok: true as const, message: `已上传：${saved.name}` };
    }
    if (input.intent === "remove") {
      const removed = await removeItemEvidence(user, id, input.fileId);
      return { ok: true as const, message: `已删除：${removed.name}` };
    }
    const action: ItemAction = input.intent;
    await actOnItem(user, id, input.version, action, {
      // A cleared note arrives empty; a form without the note (verify, reject) leaves it as it is.
      note: "note" in input && form.has("note") ? (input.note ?? "") : undefined,
      reason: "reason" in input ? (input.reason ?? "") : "",
    });
    return { ok: true as const, message: DONE_MESSAGES[action] };
  });
  // A failure says which form it came from, so the page shows it beside that form's button.
  return isFailure(result) ? { ...result, intent: String(form.get("intent") ?? "") } : result;
}

export default function ItemPage() {
  const { item, enterpriseName, evidence, can, instructs, closedOn, basis } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { busy, done, failure } = useActionNotice(result);
  // Each failure is shown beside the form it came from (see the action).
  const failedIntent = result && "intent" in result ? result.intent : "";
  const failureOf = (...intents: string[]) => (intents.includes(failedIntent) ? failure : undefined);
  // …unless that form is gone after the reload (someone else acted first): then under the title.
  const formShown: Record<string, boolean> = {
    acknowledge: can.acknowledge,
    work: can.work,
    submit: can.work,
    upload: can.work,
    remove: can.work,
    "": can.work,
    verify: can.verify || can.reject,
    reject: can.verify || can.reject,
  };
  const navigation = useNavigation();
  const uploading = navigation.formData?.get("intent") === "upload";
  return (
    <div className="item-page">
      <p className="hint">
        <Link to="/prescriptions">{instructs ? "法律处方" : "整改事项"}</Link> › {enterpriseName} ›{" "}
        <Link to={`/assessments/${item.assessmentId}/prescription`}>{item.prescriptionNo}</Link>
      </p>
      <h1>
        第 {item.no} 项：{item.title}{" "}
        <span className={`badge status-${item.status}`} data-testid="item-status">
          {item.statusLabel}
        </span>
      </h1>
      {failure && !formShown[failedIntent] ? <InlineError failure={failure} /> : null}
      {done ? (
        <div className="notice" role="status">
          {done}
        </div>
      ) : null}
      {item.rejectReason && item.status === "in_progress" ? (
        <div className="remark" data-testid="reject-reason">
          指导员退回意见：{item.rejectReason}
        </div>
      ) : null}
      {item.status === "submitted" && !can.verify ? (
        <p className="hint" data-testid="item-waiting">
          已提交核验，等待工会指导员核验；核验期间不能修改整改说明和佐证材料。
        </p>
      ) : null}
      <ItemFacts item={item} basis={basis} closedOn={closedOn} />
      {can.acknowledge ? (
        <AuthForm method="post" className="card">
          <input type="hidden" name="intent" value="acknowledge" />
          <input type="hidden" name="version" value={item.version} />
          <p>请确认已收到该整改事项，并安排责任人在期限内完成整改。</p>
          <button type="submit" disabled={busy}>
            确认收到
          </button>
          <InlineError failure={failureOf("acknowledge")} />
        </AuthForm>
      ) : null}

      <ItemWork
        item={item}
        evidence={evidence}
        can={can}
        busy={busy}
        uploading={uploading}
        failure={failureOf("work", "submit")}
        uploadFailure={failureOf("upload", "remove", "")}
      />
      {can.verify || can.reject ? (
        <ItemVerify item={item} busy={busy} failure={failureOf("verify", "reject")} />
      ) : null}
      <ItemHistory events={item.events} />
    </div>
  );
}
