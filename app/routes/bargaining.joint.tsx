import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { ArticleLink } from "~/components/bargaining/case-panels";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf, FieldError } from "~/components/form-bits";
import { CASE_KIND_INFO, CASE_KINDS, topicsForKind } from "~/domain/bargaining";
import { formatCitation } from "~/domain/citation-format";
import { todayInShanghai } from "~/domain/dates";
import { can } from "~/domain/policy";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { articleView } from "~/services/bargaining/case-page.server";
import { openJointCase } from "~/services/bargaining/joint-cases.server";
import { enterprisePick } from "~/services/enterprises/enterprises.server";
import { EnterprisePicker, EnterprisePickFilter } from "~/components/enterprise-picker";
import { attemptKeepingInput, forbidden, parseForm, type ActionFailure } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";

export const meta: MetaFunction = () => [{ title: "行业性、区域性集体协商 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "bargaining:list", { type: "system" })) throw forbidden();
  const [orgs, enterprises] = await Promise.all([
    listOrgTree(user),
    enterprisePick(user, new URL(request.url).searchParams),
  ]);
  return {
    orgs,
    enterprises,
    kinds: CASE_KINDS.map((k) => ({
      kind: k,
      label: CASE_KIND_INFO[k].contractLabel,
      topics: topicsForKind(k).topics.map((t) => ({ key: t.key, title: t.title })),
      suggested: topicsForKind(k).suggested,
      source: formatCitation(topicsForKind(k).topics[0].source),
    })),
    article: articleView({ statute: "劳动合同法", article: "53" }),
    today: todayInShanghai(new Date()),
  };
}

const many = (max: number, message: string) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(100)).max(max, message),
  );

const JointSchema = z.object({
  orgId: z.string({ error: "请选择工会组织" }).max(24),
  scope: z.enum(["industry", "area"], { error: "请选择行业性或区域性" }),
  coverage: z
    .string({ error: "请填写覆盖的行业或区域" })
    .trim()
    .min(1, "请填写覆盖的行业或区域")
    .max(60, "不超过60字"),
  kind: z.enum(["comprehensive", "wage", "women", "safety"], { error: "请选择协商类型" }),
  employerParty: z
    .string({ error: "请填写企业方面代表" })
    .trim()
    .min(1, "请填写企业方面代表")
    .max(100, "不超过100字"),
  topicKeys: many(60, "议题过多"),
  customTopics: z.string().trim().max(2000, "不超过2000字").default(""),
  note: z.string().trim().max(2000, "不超过2000字").default(""),
  sentOn: z.string({ error: "请填写发出日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
  enterpriseIds: many(200, "一份合同最多覆盖200家企业"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  // parseForm refuses bad input with its field errors (a UserError), so nothing below runs.
  const result = await attemptKeepingInput(async () => openJointCase(user, parseForm(form, JointSchema)));
  const failure = failureOf(result);
  if (failure) return data(failure as ActionFailure, { status: 400 });
  return redirect(`/bargaining/cases/${String((result as { _id: unknown })._id)}`);
}

export default function JointCase() {
  const page = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  const [kind, setKind] = useState("comprehensive");
  const info = page.kinds.find((k) => k.kind === kind) ?? page.kinds[0];
  const fieldError = (name: string) => <FieldError failure={failure} name={name} />;
  return (
    <div>
      <p className="hint">
        <Link to="/bargaining">集体协商</Link> › 行业性、区域性集体协商
      </p>
      <h1>发起行业性、区域性集体协商</h1>
      <p className="hint">
        在县级以下区域内，建筑业、采矿业、餐饮服务业等行业可以由工会与企业方面代表订立行业性集体合同，或者订立区域性集体合同（劳动合同法第五十三条）。
        由本工会组织作为职工方发出要约；所选企业的人力资源负责人可代表企业方回应，各企业工会主席可在本企业的“集体协商”页查看进展。
      </p>
      <ArticleLink article={page.article} />
      <EnterprisePickFilter id="joint-pick" />
      <AuthForm method="post" className="card stack" data-testid="joint-form">
        <FormError failure={failure} />
        <div className="form-grid">
          <fieldset className="choices">
            <legend>合同类型</legend>
            <label className="choice">
              <input type="radio" name="scope" value="industry" defaultChecked /> 行业性集体合同
            </label>
            <label className="choice">
              <input type="radio" name="scope" value="area" /> 区域性集体合同
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="j-coverage">覆盖的行业或区域</label>
            <input id="j-coverage" name="coverage" maxLength={60} placeholder="如：云溪区餐饮业" required />
            {fieldError("coverage")}
          </div>
          <div className="field">
            <label htmlFor="j-org">职工方（发起的工会组织）</label>
            <select id="j-org" name="orgId">
              {page.orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {"\u3000".repeat(o.depth)}
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="j-employer">企业方面代表</label>
            <input
              id="j-employer"
              name="employerParty"
              maxLength={100}
              placeholder="如：云溪区餐饮行业协会（会长 王某）"
              required
            />
            {fieldError("employerParty")}
          </div>
          <div className="field">
            <label htmlFor="j-kind">协商类型</label>
            <select id="j-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {page.kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="j-sent">发出日期</label>
            <input id="j-sent" type="date" name="sentOn" defaultValue={page.today} max={page.today} />
          </div>
        </div>
        <fieldset className="topic-picks" key={kind}>
          <legend>协商议题（{info.source}）</legend>
          {info.topics.map((t) => (
            <label key={t.key} className="choice">
              <input
                type="checkbox"
                name="topicKeys"
                value={t.key}
                defaultChecked={info.suggested.includes(t.key)}
              />
              {t.title}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="j-custom">其他议题（每行一个）</label>
          <textarea id="j-custom" name="customTopics" rows={2} />
        </div>
        <div className="field">
          <label htmlFor="j-note">要约说明</label>
          <textarea
            id="j-note"
            name="note"
            rows={2}
            defaultValue="请企业方面代表按规定期限书面回应，并商定协商时间、地点。"
          />
        </div>
        <EnterprisePicker
          pick={page.enterprises}
          orgs={page.orgs}
          filterForm="joint-pick"
          name="enterpriseIds"
          legend="覆盖的企业（至少两家）"
        />
        {fieldError("enterpriseIds")}
        <button type="submit" disabled={busy}>
          发出要约
        </button>
      </AuthForm>
    </div>
  );
}
