import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import { EvidenceFileButton, FormError, useActionNotice } from "~/components/form-bits";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { toShanghaiDate } from "~/domain/dates";
import { isStaff } from "~/domain/policy";
import type { ItemAction } from "~/domain/prescriptions/status";
import { requireActionForm, requireUser } from "~/services/auth.server";
import { attemptKeepingInput, parseForm } from "~/services/http.server";
import { legalBasisView } from "~/services/legal-basis.server";
import { actOnItem, itemPage, uploadItemEvidence } from "~/services/prescriptions.server";

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
  z.object({ intent: z.literal("acknowledge"), version }),
  z.object({ intent: z.literal("work"), version, note: text }),
  z.object({ intent: z.literal("submit"), version, note: text }),
  z.object({ intent: z.literal("verify"), version }),
  z.object({ intent: z.literal("reject"), version, reason: text }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const { user, form } = await requireActionForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES });
  return attemptKeepingInput(async () => {
    const input = parseForm(form, ItemForm);
    if (input.intent === "upload") {
      const { file } = input;
      const saved = await uploadItemEvidence(user, id, file.name, new Uint8Array(await file.arrayBuffer()));
      return { ok: true as const, message: `已上传：${saved.name}` };
    }
    const action: ItemAction = input.intent;
    await actOnItem(user, id, input.version, action, {
      // A cleared note arrives empty; a form without the note (verify, reject) leaves it as it is.
      note: "note" in input && form.has("note") ? (input.note ?? "") : undefined,
      reason: "reason" in input ? (input.reason ?? "") : "",
    });
    return { ok: true as const, message: DONE_MESSAGES[action] };
  });
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
const when = (iso: string) =>
  new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
const EVENT_LABELS: Record<string, string> = {
  issue: "签发",
  acknowledge: "确认收到",
  work: "更新整改情况",
  submit: "提交核验",
  verify: "核验销号",
  reject: "退回",
};

/** One line of the history: a work step says what was done ("上传佐证材料：…"), the others name the step. */
function eventText(e: { action: string; note?: string }) {
  if (e.action === "work" && e.note) return e.note;
  return `${EVENT_LABELS[e.action] ?? e.action}${e.note ? `：${e.note}` : ""}`;
}

export default function ItemPage() {
  const { item, enterpriseName, evidence, can, instructs, closedOn, basis } = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
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
      <FormError failure={failure} />
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
      <div className="card">
        <dl className="facts">
          <dt>法律依据</dt>
          <dd data-testid="item-basis">{basis ? <LegalBasis basis={basis} labelled={false} /> : "—"}</dd>
          <dt>整改要求</dt>
          <dd className="pre">{item.action}</dd>
          <dt>责任人</dt>
          <dd>{item.owner}</dd>
          <dt>整改期限</dt>
          <dd>
            {item.dueOn}{" "}
            {closedOn ? (
              <span className={`badge ${closedOn <= item.dueOn ? "ok" : "warn"}`} data-testid="closed-on">
                {closedOn} 销号{closedOn <= item.dueOn ? "，按期完成" : "，逾期完成"}
              </span>
            ) : (
              <span
                className={`badge ${item.due === "overdue" ? "danger" : item.due === "due_soon" ? "warn" : ""}`}
              >
                {item.dueLabel}
              </span>
            )}
          </dd>
          <dt>优先级</dt>
          <dd>{item.priorityLabel}</dd>
        </dl>
      </div>

      {can.acknowledge ? (
        <AuthForm method="post" className="card">
          <input type="hidden" name="intent" value="acknowledge" />
          <input type="hidden" name="version" value={item.version} />
          <p>请确认已收到该整改事项，并安排责任人在期限内完成整改。</p>
          <button type="submit" disabled={busy}>
            确认收到
          </button>
        </AuthForm>
      ) : null}

      <div className="card">
        <h2>整改说明与佐证材料</h2>
        {can.work ? (
          <AuthForm method="post" id="item-note">
            <input type="hidden" name="version" value={item.version} />
            <label htmlFor="note">整改说明</label>
            <textarea
              id="note"
              name="note"
              rows={4}
              maxLength={2000}
              defaultValue={item.note}
              placeholder="说明已采取的整改措施、完成时间等"
            />
          </AuthForm>
        ) : (
          <p className="pre">{item.note || <span className="hint">暂无整改说明</span>}</p>
        )}
        <h3>佐证材料</h3>
        <ul className="evidence-list" data-testid="item-evidence">
          {evidence.map((e) => (
            <li key={e.id}>
              <a href={`/prescriptions/items/${item.id}/evidence/${e.id}`}>{e.name}</a>{" "}
              <span className="hint">
                {kb(e.size)} · {e.uploadedByName} · {when(e.uploadedAt)}
              </span>
            </li>
          ))}
          {evidence.length === 0 ? <li className="hint">暂无佐证材料</li> : null}
        </ul>
        {can.work ? (
          // Keyed by the number of files, so the picker is empty again after each upload.
          <AuthForm
            key={evidence.length}
            method="post"
            encType="multipart/form-data"
            className="evidence-upload"
            preventScrollReset
          >
            <input type="hidden" name="intent" value="upload" />
            <EvidenceFileButton
              uploading={uploading}
              id="evidence-file"
              name="file"
              aria-label="上传佐证材料"
              disabled={busy}
              onPick={(input) => {
                if (input.files?.length) input.form?.requestSubmit();
              }}
            />
            <span className="hint">PDF、JPG、PNG、Word、Excel，单个不超过 10 MB，选择后自动上传</span>
          </AuthForm>
        ) : null}
        {can.work ? (
          <div className="toolbar item-submit">
            <button
              type="submit"
              form="item-note"
              name="intent"
              value="work"
              className="secondary"
              disabled={busy}
            >
              保存说明
            </button>
            {can.submit ? (
              <button type="submit" form="item-note" name="intent" value="submit" disabled={busy}>
                保存并提交核验
              </button>
            ) : null}
          </div>
        ) : null}
      </div>

      {can.verify || can.reject ? (
        <div className="card">
          <h2>核验</h2>
          <p className="hint">
            核对整改说明和佐证材料：符合要求的核验通过并销号；不符合的填写理由退回企业继续整改。
          </p>
          <div className="toolbar">
            <AuthForm method="post">
              <input type="hidden" name="intent" value="verify" />
              <input type="hidden" name="version" value={item.version} />
              <button type="submit" disabled={busy}>
                核验通过，销号
              </button>
            </AuthForm>
          </div>
          <AuthForm method="post">
            <input type="hidden" name="intent" value="reject" />
            <input type="hidden" name="version" value={item.version} />
            <label htmlFor="reason">退回理由</label>
            <textarea
              id="reason"
              name="reason"
              rows={3}
              maxLength={1000}
              placeholder="说明还需补充或改正的内容"
            />
            {failure?.fieldErrors.reason ? (
              <div className="field-error">{failure.fieldErrors.reason.join("；")}</div>
            ) : null}
            <button type="submit" className="secondary" disabled={busy}>
              退回企业
            </button>
          </AuthForm>
        </div>
      ) : null}

      <div className="card">
        <h2>处理记录</h2>
        <ol className="timeline">
          {item.events.map((e, i) => (
            <li key={i}>
              <span className="hint">{when(e.at)}</span> {e.byName} {eventText(e)}
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
