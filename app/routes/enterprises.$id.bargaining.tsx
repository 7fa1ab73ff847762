import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { ArticleLink } from "~/components/bargaining/case-panels";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attemptKeepingInput, type ActionFailure } from "~/lib/http.server";
import { sendOffer } from "~/services/bargaining/cases.server";
import { enterpriseBargaining } from "~/services/bargaining/pipeline.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return enterpriseBargaining(user, params.id ?? "");
}

const many = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(100)).max(60),
);

const OfferSchema = z.object({
  side: z.enum(["employee", "employer"], { error: "请选择以哪一方名义发出要约" }),
  kind: z.enum(["comprehensive", "wage", "women", "safety"], { error: "请选择协商类型" }),
  topicKeys: many,
  findingItemIds: many,
  customTopics: z.string().trim().max(2000, "不超过2000字").default(""),
  note: z.string().trim().max(2000, "不超过2000字").default(""),
  sentOn: z.string({ error: "请填写发出日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
  receivedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD")
    .optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const submission = parseWithZod(form, { schema: OfferSchema });
  if (submission.status !== "success") {
    const errors = (submission.error ?? {}) as Record<string, string[] | null>;
    const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([, v]) => v?.length)) as Record<
      string,
      string[]
    >;
    return data({ ok: false, message: "要约填写有误，请按提示修改", fieldErrors } as ActionFailure, {
      status: 400,
    });
  }
  const result = await attemptKeepingInput(() => sendOffer(user, params.id ?? "", submission.value));
  const failure = failureOf(result);
  if (failure) return data(failure as ActionFailure, { status: 400 });
  return redirect(`/bargaining/cases/${String((result as { _id: unknown })._id)}`);
}

function OfferForm({
  offer,
}: {
  offer: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["offer"]>;
}) {
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  const [kind, setKind] = useState(offer.kinds[0].kind);
  const current = offer.kinds.find((k) => k.kind === kind)!;
  return (
    <AuthForm method="post" className="card stack" data-testid="offer-form">
      <h2>发出集体协商要约</h2>
      <p className="hint">
        要约应以书面形式提出，对方应于收到之日起法定期限内书面回应（《集体合同规定》第三十二条）。
      </p>
      <FormError failure={failure} />
      {offer.sides.length === 1 ? (
        <input type="hidden" name="side" value={offer.sides[0].side} />
      ) : (
        <div className="field">
          <label htmlFor="offer-side">以哪一方名义</label>
          <select id="offer-side" name="side">
            {offer.sides.map((s) => (
              <option key={s.side} value={s.side}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="offer-kind">协商类型</label>
        <select
          id="offer-kind"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          {offer.kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.contractLabel}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="topic-picks" key={kind}>
        <legend>协商议题（{current.source}）</legend>
        {current.topics.map((t) => (
          <label key={t.key} className="choice">
            <input
              type="checkbox"
              name="topicKeys"
              value={t.key}
              defaultChecked={current.suggested.includes(t.key)}
            />
            {t.title}
          </label>
        ))}
      </fieldset>
      {failure?.fieldErrors.topicKeys ? (
        <div className="field-error">{failure.fieldErrors.topicKeys.join("；")}</div>
      ) : null}
      {offer.findings.length ? (
        <fieldset className="topic-picks">
          <legend>法律体检发现的问题（列为议题并关联整改事项）</legend>
          {offer.findings.map((f) => (
            <label key={f.id} className="choice">
              <input type="checkbox" name="findingItemIds" value={f.id} />
              {f.title}
              <span className="hint">（{f.label}）</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="customTopics">其他议题（每行一个，可不填）</label>
        <textarea id="customTopics" name="customTopics" rows={2} />
      </div>
      <div className="field">
        <label htmlFor="offer-note">要约说明（建议的时间、地点、联系人等）</label>
        <textarea id="offer-note" name="note" rows={3} />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="sentOn">发出日期</label>
          <input id="sentOn" type="date" name="sentOn" defaultValue={offer.today} max={offer.today} />
        </div>
        <div className="field">
          <label htmlFor="receivedOn">对方收到日期（平台送达即为当日）</label>
          <input id="receivedOn" type="date" name="receivedOn" />
          {failure?.fieldErrors.receivedOn ? (
            <div className="field-error">{failure.fieldErrors.receivedOn.join("；")}</div>
          ) : null}
        </div>
      </div>
      <button type="submit" disabled={busy}>
        发出要约
      </button>
    </AuthForm>
  );
}

export default function EnterpriseBargainingTab() {
  const page = useLoaderData<typeof loader>();
  return (
    <div className="bargaining-tab">
      <div className="card" data-testid="contract-status">
        <h2>集体合同</h2>
        <dl className="facts">
          <dt>状态</dt>
          <dd>{page.contract.statusLabel}</dd>
          <dt>有效期至</dt>
          <dd>
            {page.contract.validUntil ?? "—"}
            {page.contract.expiringSoon ? <span className="badge warn">90日内到期，可提出续签</span> : null}
          </dd>
        </dl>
        {page.contract.inForce.length ? (
          <ul className="case-list" data-testid="contracts-in-force">
            {page.contract.inForce.map((k) => (
              <li key={k.id}>
                <Link to={`/bargaining/cases/${k.id}`}>{k.title.replace(/协商$/, "")}</Link>{" "}
                <span className="badge ok">{k.statusLabel}</span>
                <div className="hint">
                  {k.effectiveOn ? `${k.effectiveOn} 起` : ""}
                  {k.termYears ? ` ${k.termYears} 年` : ""}
                  {k.expiresOn ? `，至 ${k.expiresOn} 期满` : ""}
                </div>
                {k.renewal ? (
                  <div className="hint" data-testid="renewal-link">
                    续签协商：<Link to={`/bargaining/cases/${k.renewal.id}`}>{k.renewal.title}</Link>（
                    {k.renewal.statusLabel}）
                  </div>
                ) : k.status === "renewal_window" ? (
                  <div className="hint">
                    已进入续签期（期满前3个月内），可在合同页
                    <Link to={`/bargaining/cases/${k.id}`}>提出续签</Link>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="card">
        <h2>协商案件</h2>
        {page.cases.length === 0 ? (
          <p className="hint" data-testid="no-cases">
            {page.hiddenCases
              ? `本企业有 ${page.hiddenCases} 件集体协商案件，您未列入其协商代表名单。案件仅对名单上的协商代表、工会主席、企业人力资源负责人和工会指导员开放；如需参与，请联系本企业工会主席。`
              : "该企业暂无集体协商记录。"}
          </p>
        ) : (
          <ul className="case-list" data-testid="enterprise-cases">
            {page.cases.map((c) => (
              <li key={c.id}>
                <Link to={`/bargaining/cases/${c.id}`}>{c.title}</Link>{" "}
                <span className={`badge${c.overdue ? " danger" : ""}`}>{c.statusLabel}</span>
                <div className="hint">
                  {c.joint ? `${c.scopeLabel} · 覆盖${c.enterpriseIds.length}家企业 · ` : ""}
                  {c.renewsCaseId ? "续签 · " : ""}
                  {c.kindLabel} · 要约 {c.offerSentOn ?? "—"}
                  {c.nextDueOn ? ` · ${c.nextDueLabel} ${c.nextDueOn}` : ""}
                  {c.expiresOn ? ` · 期满 ${c.expiresOn}` : ""}
                </div>
              </li>
            ))}
          </ul>
        )}
      </div>
      {page.protectedReps.length ? (
        <div className="card" data-testid="protected-reps">
          <h2>履职保护中的职工方协商代表</h2>
          <ul>
            {page.protectedReps.map((r, i) => (
              <li key={i}>
                {r.name} <span className="badge ok">受保护</span> <span className="hint">{r.caseTitle}</span>
              </li>
            ))}
          </ul>
          <p className="hint">{page.protection.text}</p>
          <ArticleLink article={page.protection.article} />
        </div>
      ) : null}
      {page.offer ? <OfferForm offer={page.offer} /> : null}
    </div>
  );
}
