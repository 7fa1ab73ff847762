import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, useActionNotice } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attemptKeepingInput, isFailure, parseForm } from "~/lib/http.server";
import { contractPage } from "~/services/votes/contract-page.server";
import {
  confirmReceipt,
  fileContract,
  recordApprovalNotice,
  recordObjection,
  recordPublication,
  signContract,
} from "~/services/votes/contract.server";
import { formatDateTime } from "~/domain/dates";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `签订与报送审查 · ${page?.case.title ?? ""} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return contractPage(user, params.id ?? "");
}

const side = z.enum(["employee", "employer"], { error: "请选择代表哪一方" });
const version = z.coerce.number({ error: "缺少版本号，请刷新后重试" }).int().nonnegative();
const date = z.string({ error: "请填写日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");

const ContractAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("sign"),
    side,
    password: z.string({ error: "请输入密码" }).min(1, "请输入密码").max(200),
  }),
  z.object({ intent: z.literal("notice"), version, receivedOn: date }),
  z.object({
    intent: z.literal("file"),
    version,
    authority: z.string({ error: "请填写劳动行政部门" }).trim().min(1, "请填写劳动行政部门").max(100),
    filedOn: date,
    copies: z.coerce.number().int().min(1).max(20).default(3),
    contactName: z.string().trim().max(40).default(""),
  }),
  z.object({ intent: z.literal("receipt"), version, side, receivedOn: date }),
  z.object({
    intent: z.literal("objection"),
    version,
    side,
    clauseIds: z.array(z.string().max(200)).min(1, "请选择提出异议的条款").max(500),
    note: z.string().trim().max(2000).default(""),
  }),
  z.object({ intent: z.literal("publish"), version, side, publishedOn: date }),
]);

const DONE: Record<string, string> = {
  sign: "已签字",
  notice: "已登记收到书面告知的日期",
  file: "已报送审查，报送审查函已生成",
  receipt: "已登记收到日期，审查期开始计算",
  objection: "已登记审查异议，异议条款退回协商",
  publish: "已登记公布日期",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const id = params.id ?? "";
  const result = await attemptKeepingInput(async () => {
    const input = parseForm(form, ContractAction);
    switch (input.intent) {
      case "sign":
        await signContract(user, id, input);
        break;
      case "notice":
        await recordApprovalNotice(user, id, input.version, input);
        break;
      case "file":
        await fileContract(user, id, input.version, input);
        break;
      case "receipt":
        await confirmReceipt(user, id, input.version, input);
        break;
      case "objection":
        await recordObjection(user, id, input.version, input);
        break;
      case "publish":
        await recordPublication(user, id, input.version, input);
        break;
    }
    return { ok: true as const, message: DONE[input.intent] };
  });
  if (isFailure(result)) return data(result, { status: 400 });
  return result;
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

function SideField({ page }: { page: Page }) {
  return page.mySides.length === 1 ? (
    <input type="hidden" name="side" value={page.mySides[0]} />
  ) : (
    <select name="side" aria-label="代表">
      {page.mySides.map((s) => (
        <option key={s} value={s}>
          {s === "employee" ? "职工方" : "用人单位方"}
        </option>
      ))}
    </select>
  );
}

function Download({ doc, label, testId }: { doc: Page["contractDocument"]; label: string; testId: string }) {
  if (!doc) return null;
  return doc.status === "done" ? (
    <a href={`/documents/${doc.id}/download`} data-testid={testId}>
      下载{label}（Word）
    </a>
  ) : (
    <span className="hint">
      {label}：{doc.statusLabel}，请稍后刷新
    </span>
  );
}

export default function ContractPage() {
  const page = useLoaderData<typeof loader>();
  const { busy, done, failure } = useActionNotice(useActionData<typeof action>());
  const c = page.case;
  const employer = page.mySides.includes("employer");
  const sides = page.mySides.length > 0;
  return (
    <div className="case-page">
      <p className="hint">
        <Link to={`/bargaining/cases/${c.id}`}>{c.title}</Link> › 签订与报送审查
      </p>
      <h1>
        签订与报送审查{" "}
        <span className="badge" data-testid="contract-status">
          {c.statusLabel}
        </span>
      </h1>
      <FormError failure={failure} />
      {done ? (
        <div className="notice" role="status" data-testid="contract-done">
          {done}
        </div>
      ) : null}
      {page.vote ? (
        <p>
          表决通过的草案：{page.vote.draftLabel}。{page.vote.summary}
        </p>
      ) : (
        <p className="hint">职工代表大会尚未通过草案。</p>
      )}

      <section className="card" data-testid="signing">
        <h2>双方首席代表签字（《集体合同规定》第三十七条）</h2>
        <ul>
          {page.signatures.map((s) => (
            <li key={s.side} data-testid={`signature-${s.side}`}>
              {s.label}：
              {s.signed
                ? `${s.signed.chiefName}（账号 ${s.signed.byName}）于 ${formatDateTime(s.signed.at)} 签字`
                : "尚未签字"}
            </li>
          ))}
        </ul>
        {c.status === "approved" && sides ? (
          <AuthForm method="post" className="stack" data-testid="sign-form">
            <input type="hidden" name="intent" value="sign" />
            <SideField page={page} />
            <div className="field">
              <label htmlFor="password">输入您的登录密码以确认签字</label>
              <input id="password" name="password" type="password" autoComplete="current-password" />
            </div>
            <button type="submit" disabled={busy}>
              确认签字
            </button>
          </AuthForm>
        ) : null}
        {page.fingerprint ? (
          <p data-testid="fingerprint">
            签订文本摘要（SHA-256）：<code>{page.fingerprint}</code>
          </p>
        ) : null}
        <Download doc={page.contractDocument} label="集体合同签订文本" testId="contract-download" />
      </section>

      {page.approvalNoticeRule && employer && (c.status === "approved" || c.status === "signed") ? (
        <section className="card">
          <h2>收到职工方书面告知</h2>
          <p className="hint">
            {page.filingRule.ruleSetName}规定（{page.filingRule.sourceLabel}
            ）：报送期限自企业收到职工方关于草案通过的书面告知之日起计算，登记收到日期后显示报送期限。
          </p>
          <AuthForm method="post" className="inline-form">
            <input type="hidden" name="intent" value="notice" />
            <input type="hidden" name="version" value={c.version} />
            <input
              name="receivedOn"
              type="date"
              defaultValue={c.dates.approvalNoticeReceivedOn ?? page.today}
              aria-label="收到日期"
            />
            <button type="submit" disabled={busy}>
              登记
            </button>
          </AuthForm>
        </section>
      ) : null}

      <section className="card" data-testid="filing">
        <h2>报送审查（《集体合同规定》第四十二条）</h2>
        {page.filing ? (
          <p>
            {page.filing.filedOn} 由{page.filing.byName}报送{page.filing.authority}，文本一式
            {page.filing.copies}份。
          </p>
        ) : null}
        <Download doc={page.filingDocument} label="集体合同报送审查函" testId="filing-download" />
        {c.status === "signed" && employer ? (
          <AuthForm method="post" className="stack" data-testid="file-form">
            <input type="hidden" name="intent" value="file" />
            <input type="hidden" name="version" value={c.version} />
            <div className="field">
              <label htmlFor="authority">劳动行政部门</label>
              <input id="authority" name="authority" placeholder="如：某区人力资源和社会保障局" />
            </div>
            <div className="field">
              <label htmlFor="filedOn">报送日期</label>
              <input id="filedOn" name="filedOn" type="date" defaultValue={page.today} />
            </div>
            <div className="field">
              <label htmlFor="copies">文本份数</label>
              <input
                id="copies"
                name="copies"
                type="number"
                min={1}
                max={20}
                defaultValue={page.defaultCopies}
              />
            </div>
            <div className="field">
              <label htmlFor="contactName">联系人</label>
              <input id="contactName" name="contactName" />
            </div>
            <button type="submit" disabled={busy}>
              报送并生成报送审查函
            </button>
          </AuthForm>
        ) : null}
        {c.status === "filed" && sides ? (
          <AuthForm method="post" className="inline-form" data-testid="receipt-form">
            <input type="hidden" name="intent" value="receipt" />
            <input type="hidden" name="version" value={c.version} />
            <SideField page={page} />
            <label>
              劳动行政部门收到文本的日期 <input name="receivedOn" type="date" defaultValue={page.today} />
            </label>
            <button type="submit" disabled={busy}>
              登记
            </button>
          </AuthForm>
        ) : null}
      </section>

      {page.deadlines.length ? (
        <section className="card" data-testid="contract-deadlines">
          <h2>期限</h2>
          <ul className="deadline-list">
            {page.deadlines.map((d) => (
              <li key={d.key}>
                <strong>{d.label}</strong>：{d.dueOn}
                {d.metOn ? `（已于${d.metOn}完成）` : ""} · {d.sourceLabel}
                <div className="hint">{d.reason}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {c.status === "under_review" && sides ? (
        <section className="card" data-testid="objection">
          <h2>审查异议（《集体合同规定》第四十五条）</h2>
          <p className="hint">审查期内未收到异议的，集体合同自期满次日起自动生效。</p>
          <AuthForm method="post" className="stack">
            <input type="hidden" name="intent" value="objection" />
            <input type="hidden" name="version" value={c.version} />
            <SideField page={page} />
            <fieldset className="checklist">
              <legend>《审查意见书》提出异议的条款</legend>
              {page.clauses.map((cl) => (
                <label key={cl.id}>
                  <input type="checkbox" name="clauseIds" value={cl.id} /> {cl.label}
                </label>
              ))}
            </fieldset>
            <textarea name="note" rows={2} aria-label="异议内容" placeholder="异议内容" />
            <button type="submit" className="danger" disabled={busy}>
              登记异议并退回协商
            </button>
          </AuthForm>
        </section>
      ) : null}
      {page.objection ? (
        <p className="form-error">
          {page.objection.on} 审查异议：{page.objection.clauseTitles.join("、")}
          {page.objection.note ? `；${page.objection.note}` : ""}
        </p>
      ) : null}

      {c.status === "in_effect" || c.status === "renewal_window" ? (
        <section className="card" data-testid="in-effect">
          <h2>已生效</h2>
          <p>
            自 {c.dates.effectiveOn} 起生效
            {c.dates.expiresOn ? `，至 ${c.dates.expiresOn} 期满` : ""}
            {c.dates.publishedOn ? `；${c.dates.publishedOn} 已向全体职工公布` : ""}。
          </p>
          {!c.dates.publishedOn && sides ? (
            <AuthForm method="post" className="inline-form">
              <input type="hidden" name="intent" value="publish" />
              <input type="hidden" name="version" value={c.version} />
              <SideField page={page} />
              <label>
                向全体职工公布的日期（第四十八条）{" "}
                <input name="publishedOn" type="date" defaultValue={page.today} />
              </label>
              <button type="submit" disabled={busy}>
                登记
              </button>
            </AuthForm>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
