import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { DueBadge, ItemStatusBadge } from "~/components/reports/item-badges";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice, type FormFailure } from "~/components/form-bits";
import { NotYet } from "~/components/not-yet";
import { LegalBasis } from "~/components/questionnaire/legal-basis";
import { RenderStatus, usePolling } from "~/components/reports/render-status";
import { PRIORITIES, PRIORITY_LABELS } from "~/domain/prescriptions/items";
import { legalBasisView } from "~/services/legal-basis.server";
import { requireActionForm, requireUser } from "~/services/auth.server";
import { attempt, attemptKeepingInput, isFailure, parseForm } from "~/services/http.server";
import {
  createPrescriptionDraft,
  editPrescriptionDraft,
  issuePrescription,
  prescriptionPage,
  requestPrescriptionFile,
} from "~/services/prescriptions.server";

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

type PrescriptionData = Extract<SerializeFrom<typeof loader>, { notYet: null }>;

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

function ItemFields({
  item,
  failure,
  idPrefix,
}: {
  item?: {
    title: string;
    legalBasis: string;
    action: string;
    owner: string;
    dueOn: string;
    priority: string;
  };
  failure?: FormFailure;
  idPrefix: string;
}) {
  const err = (name: string) =>
    failure?.fieldErrors[name]?.length ? (
      <div className="field-error">{failure.fieldErrors[name].join("；")}</div>
    ) : null;
  return (
    <div className="item-fields">
      <div className="field wide">
        <label htmlFor={`${idPrefix}-title`}>存在的问题</label>
        <input id={`${idPrefix}-title`} name="title" defaultValue={item?.title} maxLength={200} required />
        {err("title")}
      </div>
      <div className="field wide">
        <label htmlFor={`${idPrefix}-legalBasis`}>法律依据</label>
        <input
          id={`${idPrefix}-legalBasis`}
          name="legalBasis"
          defaultValue={item?.legalBasis}
          maxLength={500}
        />
        {err("legalBasis")}
      </div>
      <div className="field wide">
        <label htmlFor={`${idPrefix}-action`}>整改要求</label>
        <textarea
          id={`${idPrefix}-action`}
          name="action"
          defaultValue={item?.action}
          rows={3}
          maxLength={2000}
          required
        />
        {err("action")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-owner`}>责任人</label>
        <input
          id={`${idPrefix}-owner`}
          name="owner"
          defaultValue={item?.owner ?? "企业人力资源负责人"}
          maxLength={50}
          required
        />
        {err("owner")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-dueOn`}>整改期限</label>
        <input id={`${idPrefix}-dueOn`} name="dueOn" type="date" defaultValue={item?.dueOn} required />
        {err("dueOn")}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-priority`}>优先级</label>
        <select id={`${idPrefix}-priority`} name="priority" defaultValue={item?.priority ?? "medium"}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {PRIORITY_LABELS[p]}
            </option>
          ))}
        </select>
        {err("priority")}
      </div>
    </div>
  );
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
        <div className="card">
          <h2>法律处方</h2>
          {data.canManage ? (
            <>
              <p>
                本次体检共发现 <strong>{data.findingsCount}</strong>{" "}
                项问题。生成草稿时每项发现对应一条整改事项，法律依据照录，整改期限按各项建议天数从今天起算；您可以合并、修改、增删后再签发。
              </p>
              <AuthForm method="post">
                <input type="hidden" name="intent" value="create" />
                <button type="submit" disabled={busy}>
                  根据体检发现生成处方草稿
                </button>
              </AuthForm>
            </>
          ) : (
            <p className="hint">指导员尚未签发法律处方。</p>
          )}
        </div>
      ) : p.status === "draft" ? (
        <>
          <div className="card">
            <h2>
              法律处方草稿 <span className="badge warn">未签发</span>
            </h2>
            <p className="hint">
              共 {data.draft.length}{" "}
              项。勾选两项以上可合并为一项（取最早期限、最高优先级）。签发后编号、内容冻结，企业开始逐项整改。
            </p>
            <AuthForm method="post" id="merge-form">
              <input type="hidden" name="intent" value="merge" />
              <input type="hidden" name="version" value={p.version} />
            </AuthForm>
            <AuthForm
              method="post"
              onSubmit={(e) => {
                if (!confirm(`确认签发这份共 ${data.draft.length} 项的法律处方？签发后不能再修改。`))
                  e.preventDefault();
              }}
            >
              <input type="hidden" name="intent" value="issue" />
              <input type="hidden" name="version" value={p.version} />
              <div className="toolbar">
                <button type="submit" form="merge-form" className="secondary" disabled={busy}>
                  合并所选事项
                </button>
                <button type="submit" disabled={busy || data.draft.length === 0}>
                  签发处方
                </button>
              </div>
            </AuthForm>
          </div>
          {data.draft.map((item, index) => (
            <div className="card draft-item" key={item.key} data-item-key={item.key}>
              <div className="draft-item-head">
                <label>
                  <input
                    type="checkbox"
                    name="keys"
                    value={item.key}
                    form="merge-form"
                    aria-label={`选择第 ${index + 1} 项`}
                  />{" "}
                  <strong>第 {index + 1} 项</strong>
                </label>
                {item.ruleIds.length ? (
                  <span className="hint">
                    对应发现：{item.ruleIds.join("、")}
                    {item.dimensionTitle ? `（${item.dimensionTitle}）` : ""}
                  </span>
                ) : (
                  <span className="hint">人工添加</span>
                )}
                <span className="draft-item-tools">
                  {(["up", "down", "remove"] as const).map((intent) => (
                    <AuthForm
                      method="post"
                      key={intent}
                      className="inline"
                      preventScrollReset
                      onSubmit={(e) => {
                        if (
                          intent === "remove" &&
                          !confirm(`确认从草稿中删除第 ${index + 1} 项“${item.title}”？`)
                        )
                          e.preventDefault();
                      }}
                    >
                      <input type="hidden" name="intent" value={intent} />
                      <input type="hidden" name="key" value={item.key} />
                      <input type="hidden" name="version" value={p.version} />
                      <button
                        type="submit"
                        className="link"
                        disabled={
                          busy ||
                          (intent === "up" && index === 0) ||
                          (intent === "down" && index === data.draft.length - 1)
                        }
                      >
                        {intent === "up" ? "上移" : intent === "down" ? "下移" : "删除"}
                      </button>
                    </AuthForm>
                  ))}
                </span>
              </div>
              <AuthForm method="post" preventScrollReset>
                <input type="hidden" name="intent" value="edit" />
                <input type="hidden" name="key" value={item.key} />
                <input type="hidden" name="version" value={p.version} />
                <FormError failure={failureFor("edit", item.key)} />
                <ItemFields item={item} failure={failureFor("edit", item.key)} idPrefix={item.key} />
                <button type="submit" className="secondary" disabled={busy}>
                  保存本项
                </button>
                {savedKey === item.key ? (
                  <span className="saved-note" role="status" data-testid="item-saved">
                    第 {index + 1} 项已保存
                  </span>
                ) : null}
              </AuthForm>
            </div>
          ))}
          <div className="card">
            <h3>手工添加事项</h3>
            <AuthForm method="post">
              <input type="hidden" name="intent" value="add" />
              <input type="hidden" name="version" value={p.version} />
              <FormError failure={failureFor("add")} />
              <ItemFields failure={failureFor("add")} idPrefix="new" />
              <button type="submit" className="secondary" disabled={busy}>
                添加
              </button>
            </AuthForm>
          </div>
        </>
      ) : (
        <>
          <div className="card">
            <h2>
              法律处方 {p.prescriptionNo} <span className="badge ok">已签发</span>
            </h2>
            <p className="hint">
              {p.issuedByName} 于 {p.issuedOn} 签发，共 {data.items.length} 项。
            </p>
            {data.render ? <RenderStatus render={data.render} /> : null}
            {!data.render || data.render.status === "failed" ? (
              <AuthForm method="post">
                <input type="hidden" name="intent" value="render" />
                <button type="submit" disabled={busy}>
                  生成处方 Word 文件
                </button>
              </AuthForm>
            ) : null}
          </div>
          <div className="card">
            <table data-testid="issued-items">
              <thead>
                <tr>
                  <th>序号</th>
                  <th>存在的问题</th>
                  <th>责任人</th>
                  <th>整改期限</th>
                  <th>优先级</th>
                  <th>状态</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((item) => (
                  <tr key={item.id}>
                    <td>{item.no}</td>
                    <td>
                      <Link to={`/prescriptions/items/${item.id}`}>{item.title}</Link>
                      <LegalBasis basis={item.basis} />
                    </td>
                    <td>{item.owner}</td>
                    <td>
                      {item.dueOn} <DueBadge due={item.due} label={item.dueLabel} />
                    </td>
                    <td>{item.priorityLabel}</td>
                    <td>
                      <ItemStatusBadge status={item.status} label={item.statusLabel} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
