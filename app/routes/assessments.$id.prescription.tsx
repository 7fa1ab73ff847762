import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { FormError, useActionNotice } from "~/components/form-bits";
import { NotYet } from "~/components/not-yet";
import { NoPrescription, PrescriptionDraft } from "~/components/prescriptions/draft";
import { IssuedPrescription } from "~/components/prescriptions/issued";
import { usePolling } from "~/components/reports/render-status";
import { legalBasisView } from "~/services/health-check/legal-basis.server";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attempt, attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import {
  createPrescriptionDraft,
  editPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
  requestPrescriptionFile,
} from "~/services/prescriptions/drafting.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // Before the check is accepted there is no prescription: the page says so (not a 500).
  const page = await attempt(() => prescriptionPage(user, params.id ?? ""));
  if (isFailure(page)) return { notYet: page.message };
  return {
    notYet: null,
    ...page,
    items: page.items.map((i) => ({ ...i, basis: legalBasisView(i.legalBasis, i.citations) })),
  };
}

export type PrescriptionData = Extract<SerializeFrom<typeof loader>, { notYet: null }>;

const version = z.coerce.number().int().nonnegative();
const key = z.string().min(1).max(64);
/** Lengths are checked with their messages by the domain (validateItem); this only bounds the input. */
const text = z.string().max(10_000, "内容过长").default("");
const item = { title: text, legalBasis: text, action: text, owner: text, dueOn: text, priority: text };
const PrescriptionAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create") }),
  z.object({ intent: z.literal("edit"), version, key, ...item }),
  z.object({ intent: z.literal("add"), version, ...item }),
  z.object({ intent: z.literal("remove"), version, key }),
  z.object({ intent: z.literal("up"), version, key }),
  z.object({ intent: z.literal("down"), version, key }),
  z.object({ intent: z.literal("merge"), version, keys: z.array(key).max(500).default([]) }),
  z.object({ intent: z.literal("issue"), version }),
  z.object({ intent: z.literal("render") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, PrescriptionAction);
    switch (input.intent) {
      case "create":
        await createPrescriptionDraft(user, id);
        return { ok: true as const, message: "已根据体检发现生成处方草稿，请逐项核对后签发" };
      case "edit": {
        const { intent: _intent, version, key, ...fields } = input;
        await editPrescriptionDraft(user, id, version, { op: "edit", key, input: fields });
        return { ok: true as const, message: "事项已保存" };
      }
      case "add": {
        const { intent: _intent, version, ...fields } = input;
        await editPrescriptionDraft(user, id, version, { op: "add", input: fields });
        return { ok: true as const, message: "已添加事项" };
      }
      case "remove":
        await editPrescriptionDraft(user, id, input.version, { op: "remove", key: input.key });
        return { ok: true as const, message: "已删除事项" };
      case "up":
      case "down":
        await editPrescriptionDraft(user, id, input.version, {
          op: "move",
          key: input.key,
          direction: input.intent,
        });
        return { ok: true as const, message: "顺序已调整" };
      case "merge":
        await editPrescriptionDraft(user, id, input.version, { op: "merge", keys: input.keys });
        return { ok: true as const, message: "已合并所选事项" };
      case "issue": {
        const saved = await issuePrescription(user, id, input.version);
        return {
          ok: true as const,
          message: `处方已签发（${saved.prescriptionNo}），企业人力资源负责人已收到通知`,
        };
      }
      case "render":
        await requestPrescriptionFile(user, id);
        return { ok: true as const, message: "已开始生成处方 Word 文件" };
    }
  });
  // Which form the result belongs to (its card shows the message); the values were parsed above.
  return { ...result, intent: String(form.get("intent") ?? ""), key: String(form.get("key") ?? "") };
}

export default function PrescriptionRoute() {
  const data = useLoaderData<typeof loader>();
  if (data.notYet !== null) return <NotYet title="法律处方" message={data.notYet} />;
  return <PrescriptionPage data={data} />;
}

function PrescriptionPage({ data }: { data: PrescriptionData }) {
  const result = useActionData<typeof action>();
  const { busy, done, failure } = useActionNotice(result);
  const p = data.prescription;
  usePolling(!!data.render && (data.render.status === "queued" || data.render.status === "rendering"));
  const failureFor = (intent: string, key = "") =>
    failure && result && result.intent === intent && result.key === key ? failure : undefined;
  const generalFailure = failure && result && !["edit", "add"].includes(result.intent) ? failure : undefined;
  // A saved item says so in its own card: on a long draft the top of the page is out of sight.
  const savedKey = done && result?.intent === "edit" ? result.key : null;
  const notice = savedKey ? undefined : done;

  return (
    <div className="prescription-page">
      <FormError failure={generalFailure} />
      {notice ? (
        <div className="notice" role="status">
          {notice}
        </div>
      ) : null}
      {!p ? (
        <NoPrescription canManage={data.canManage} findingsCount={data.findingsCount} busy={busy} />
      ) : p.status === "draft" ? (
        <PrescriptionDraft
          draft={data.draft}
          version={p.version}
          busy={busy}
          failureFor={failureFor}
          savedKey={savedKey}
        />
      ) : (
        <IssuedPrescription data={data} busy={busy} />
      )}
    </div>
  );
}
