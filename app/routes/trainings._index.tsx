import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf, FieldError } from "~/components/form-bits";
import { YearNav } from "~/components/cultivation/year-nav";
import { todayInShanghai } from "~/domain/dates";
import { idParam, parseFilterQuery, yearNear } from "~/lib/query";
import { FilterBar, FilterSelect } from "~/components/lists/filter-bar";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { createTraining, listTrainings } from "~/services/cultivation/trainings.server";
import { enterprisePick } from "~/services/enterprises/enterprises.server";
import { EnterprisePicker, EnterprisePickFilter } from "~/components/enterprise-picker";
import { attempt, parseForm } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";
import styles from "../styles/cultivation.css";
import { OrgOptions } from "~/components/org-options";
import { ListTable } from "~/components/lists/list-table";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "政策培训 · 工会协商通" }];

/** The organisation filter (with everything below it); the year is the year navigation's. */
const TrainingFilterQuery = z.object({ org: idParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const today = todayInShanghai(new Date());
  const current = Number(today.slice(0, 4));
  const params = new URL(request.url).searchParams;
  const year = yearNear(params.get("year"), current);
  const { filters, invalid } = parseFilterQuery(TrainingFilterQuery, params, { org: "工会组织" });
  const trainings = await listTrainings(user, year, filters.org);
  const [orgs, enterprises] = await Promise.all([listOrgTree(user), enterprisePick(user, params)]);
  return { trainings, orgs, enterprises, today, year, current, invalid, org: filters.org ?? null };
}

const TrainingSchema = z.object({
  topic: z.string({ error: "请填写培训主题" }).trim().min(2, "请填写培训主题").max(60, "主题最多 60 字"),
  mode: z.enum(["onsite", "online"], { error: "请选择培训方式" }),
  date: z.string({ error: "请填写有效的培训日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "请填写有效的培训日期"),
  time: z.string().trim().max(20, "时间最多 20 字").optional(),
  place: z.string().trim().max(100, "地点最多 100 字").optional(),
  onlineLink: z.string().trim().max(300, "链接过长").optional(),
  unionOrgId: z.string({ error: "请选择主办工会" }).min(1, "请选择主办工会"),
  enterpriseIds: z.array(z.string()).min(1, "请至少邀请一家企业").max(300, "一次最多邀请 300 家企业"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attempt(async () => {
    const input = parseForm(form, TrainingSchema, { firstProblemAsMessage: true });
    return createTraining(user, input);
  });
  if (typeof result === "string") throw redirect(`/trainings/${result}`);
  return result;
}

export default function Trainings() {
  const { trainings, orgs, enterprises, today, year, current, invalid, org } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const navigation = useNavigation();
  const [mode, setMode] = useState("onsite");
  const err = (name: string) => <FieldError failure={failure} name={name} />;
  return (
    <div className="cultivation">
      <h1>政策培训</h1>
      <p className="hint">
        举办政策培训和云上课堂：邀请企业、上传资料、扫码签到和反馈；企业有人参加即完成其培育计划的“政策培训”事项。
      </p>
      <FormError failure={failure} />
      <EnterprisePickFilter id="training-pick" />
      <details
        className="card"
        open={trainings.length === 0 || !!failure || !!enterprises.org || !!enterprises.q}
      >
        <summary>
          <strong>举办培训</strong>
        </summary>
        <AuthForm method="post">
          <div className="form-grid">
            <div className="field">
              <label htmlFor="topic">培训主题</label>
              <input
                id="topic"
                name="topic"
                maxLength={60}
                required
                placeholder="如：劳动合同法实务与集体协商"
              />
              {err("topic")}
            </div>
            <div className="field">
              <label htmlFor="mode">方式</label>
              <select id="mode" name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value)}>
                <option value="onsite">现场培训</option>
                <option value="online">云上课堂（线上）</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="date">日期</label>
              <input id="date" name="date" type="date" defaultValue={today} required />
              {err("date")}
            </div>
            <div className="field">
              <label htmlFor="time">时间</label>
              <input id="time" name="time" maxLength={20} placeholder="如：14:00–16:30" />
            </div>
            {mode === "onsite" ? (
              <div className="field">
                <label htmlFor="place">地点</label>
                <input id="place" name="place" maxLength={100} placeholder="如：区总工会三楼会议室" />
                {err("place")}
              </div>
            ) : (
              <div className="field">
                <label htmlFor="onlineLink">线上课堂链接</label>
                <input id="onlineLink" name="onlineLink" maxLength={300} placeholder="https://" />
                {err("onlineLink")}
              </div>
            )}
            <div className="field">
              <label htmlFor="unionOrgId">主办工会</label>
              <select id="unionOrgId" name="unionOrgId" defaultValue={orgs[0]?.id}>
                <OrgOptions orgs={orgs} />
              </select>
            </div>
          </div>
          <EnterprisePicker
            pick={enterprises}
            orgs={orgs}
            filterForm="training-pick"
            name="enterpriseIds"
            legend="邀请企业"
          />
          {err("enterpriseIds")}
          <button type="submit" disabled={navigation.state !== "idle"}>
            发布培训
          </button>
        </AuthForm>
      </details>
      <div className="card">
        <h2>
          {year} 年度培训场次（{trainings.length}）
        </h2>
        <YearNav year={year} current={current} path="/trainings" keep={org ? { org } : {}} />
        <FilterBar
          invalid={invalid}
          testId="training-filters"
          className="toolbar"
          after={
            org ? (
              <Link className="button secondary" to={`/trainings?year=${year}`}>
                全部
              </Link>
            ) : null
          }
        >
          <input type="hidden" name="year" value={year} />
          <FilterSelect name="org" label="主办工会（含下级）">
            <OrgOptions orgs={orgs} />
          </FilterSelect>
        </FilterBar>
        <ListTable
          testId="training-list"
          rows={trainings}
          rowKey={(t) => t.id}
          empty="暂无培训"
          columns={[
            { header: "日期", cell: (t) => t.date },
            {
              header: "主题",
              cell: (t) => (
                <>
                  <Link to={`/trainings/${t.id}`}>{t.topic}</Link>
                  <div className="hint">{t.orgName}</div>
                </>
              ),
            },
            { header: "地点", cell: (t) => t.place },
            { header: "邀请企业", cell: (t) => `${t.invited} 家` },
          ]}
        />
      </div>
    </div>
  );
}
