import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf, FieldError } from "~/components/form-bits";
import { CASE_KIND_INFO, CASE_KINDS } from "~/domain/bargaining";
import { todayInShanghai } from "~/domain/dates";
import { can } from "~/domain/policy";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { recentCampaigns, startCampaign } from "~/services/bargaining/campaigns.server";
import { enterprisePick } from "~/services/enterprises/enterprises.server";
import { attemptKeepingInput, forbidden, parseForm, type ActionFailure } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { OrgOptions } from "~/components/org-options";
import { EnterprisePicker, EnterprisePickFilter } from "~/components/enterprise-picker";

export const meta: MetaFunction = () => [{ title: "集中要约 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "bargaining:list", { type: "system" })) throw forbidden();
  const [orgs, enterprises, campaigns] = await Promise.all([
    listOrgTree(user),
    enterprisePick(user, new URL(request.url).searchParams),
    recentCampaigns(user),
  ]);
  return {
    orgs,
    enterprises,
    campaigns,
    kinds: CASE_KINDS.map((k) => ({ kind: k, label: CASE_KIND_INFO[k].contractLabel })),
    today: todayInShanghai(new Date()),
  };
}

const CampaignSchema = z.object({
  orgId: z.string({ error: "请选择工会组织" }).max(24),
  name: z.string({ error: "请填写行动名称" }).trim().min(1, "请填写行动名称").max(60, "不超过60字"),
  kind: z.enum(["comprehensive", "wage", "women", "safety"], { error: "请选择协商类型" }),
  offerText: z.string().trim().max(2000, "不超过2000字").default(""),
  sentOn: z.string({ error: "请填写发出日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD"),
  enterpriseIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().max(24)).min(1, "请至少选择一家企业").max(2000, "一次最多选择2000家企业"),
  ),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  // parseForm refuses bad input with its field errors (a UserError), so nothing below runs.
  const result = await attemptKeepingInput(async () => startCampaign(user, parseForm(form, CampaignSchema)));
  const failure = failureOf(result);
  if (failure) return data(failure as ActionFailure, { status: 400 });
  return redirect(`/bargaining/campaigns/${String((result as { _id: unknown })._id)}`);
}

export default function Campaigns() {
  const page = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  const fieldError = (name: string) => <FieldError failure={failure} name={name} />;
  return (
    <div>
      <h1>集中要约</h1>
      <p className="hint">
        向所选企业同时发出集体协商要约（职工方），要约书由后台逐份生成；各企业的回应情况在行动看板中查看。
      </p>
      {page.campaigns.length ? (
        <div className="card">
          <h2>我发起的行动</h2>
          <ul className="case-list">
            {page.campaigns.map((c) => (
              <li key={c.id}>
                <Link to={`/bargaining/campaigns/${c.id}`}>{c.name}</Link>{" "}
                <span className="hint">
                  {c.unionOrgName} · {c.kindLabel} · {c.sentOn} · {c.done}/{c.total} 份要约书
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <EnterprisePickFilter id="campaign-pick" />
      <AuthForm method="post" className="card stack" data-testid="campaign-form">
        <h2>发起集中要约行动</h2>
        <FormError failure={failure} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="c-name">行动名称</label>
            <input
              id="c-name"
              name="name"
              defaultValue={`${page.today.slice(0, 4)}年春季集中要约行动`}
              maxLength={60}
            />
            {fieldError("name")}
          </div>
          <div className="field">
            <label htmlFor="c-org">发起工会组织</label>
            <select id="c-org" name="orgId">
              <OrgOptions orgs={page.orgs} />
            </select>
            {fieldError("orgId")}
          </div>
          <div className="field">
            <label htmlFor="c-kind">协商类型</label>
            <select id="c-kind" name="kind" defaultValue="wage">
              {page.kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label}
                </option>
              ))}
            </select>
            {fieldError("kind")}
          </div>
          <div className="field">
            <label htmlFor="c-sent">发出日期</label>
            <input id="c-sent" type="date" name="sentOn" defaultValue={page.today} max={page.today} />
            {fieldError("sentOn")}
          </div>
        </div>
        <div className="field">
          <label htmlFor="c-text">要约说明</label>
          <textarea
            id="c-text"
            name="offerText"
            rows={2}
            defaultValue="请贵单位按规定期限书面回应，并与企业工会商定协商时间、地点。"
          />
          {fieldError("offerText")}
        </div>
        <EnterprisePicker
          pick={page.enterprises}
          orgs={page.orgs}
          filterForm="campaign-pick"
          name="enterpriseIds"
          legend="选择企业"
        />
        {fieldError("enterpriseIds")}
        <button type="submit" disabled={busy}>
          发出要约
        </button>
      </AuthForm>
    </div>
  );
}
