import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { ListTable, type Column } from "~/components/lists/list-table";
import { YearNav } from "~/components/cultivation/year-nav";
import { todayInShanghai } from "~/domain/dates";
import { idParam, parseFilterQuery, yearNear } from "~/lib/query";
import { FilterBar, FilterSelect } from "~/components/lists/filter-bar";
import { OrgOptions } from "~/components/org-options";
import { listOrgTree } from "~/services/orgs/orgs.server";
import { formatFigure, MIN_GROUP, type Figures } from "~/domain/cultivation/survey-figures";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { createSurvey, surveyFigures } from "~/services/cultivation/surveys.server";
import { enterprisePick } from "~/services/enterprises/enterprises.server";
import { EnterprisePicker, EnterprisePickFilter } from "~/components/enterprise-picker";
import { attempt, parseForm } from "~/lib/http.server";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "质量调查 · 工会协商通" }];

/** The organisation filter (with everything below it); the year is the year navigation's. */
const SurveyFilterQuery = z.object({ org: idParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const current = Number(todayInShanghai(new Date()).slice(0, 4));
  const params = new URL(request.url).searchParams;
  const year = yearNear(params.get("year"), current);
  const { filters, invalid } = parseFilterQuery(SurveyFilterQuery, params, { org: "工会组织" });
  const [figures, enterprises, orgTree] = await Promise.all([
    surveyFigures(user, year, filters.org),
    enterprisePick(user, params),
    listOrgTree(user),
  ]);
  return { ...figures, current, options: enterprises, orgTree, invalid, org: filters.org ?? null };
}

const CreateSchema = z.object({
  enterpriseId: z.string({ error: "请选择企业" }).min(1, "请选择企业"),
  employeeLinks: z.coerce
    .number({ error: "请填写职工链接数量" })
    .int("请填写整数")
    .min(MIN_GROUP, `至少 ${MIN_GROUP} 个职工链接`)
    .max(2000, "最多 2000 个职工链接"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attempt(async () => {
    const input = parseForm(form, CreateSchema, { firstProblemAsMessage: true });
    return createSurvey(user, input.enterpriseId, input.employeeLinks);
  });
  if (typeof result === "string") throw redirect(`/surveys/${result}`);
  return result;
}

type FigureRow = { id: string; name: string; employees: number; employers: number; figures: Figures };

/** The columns of a row of figures; a figure of too few answers is not shown. */
const FIGURE_COLUMNS: Column<FigureRow>[] = [
  { header: "职工/企业作答", cell: (r) => `${r.employees}/${r.employers}` },
  ...(
    [
      ["职工参与率", "participation"],
      ["职工知晓率", "awareness"],
      ["职工满意率", "satisfaction"],
      ["企业认可率", "recognition"],
    ] as const
  ).map(([header, key]) => ({
    header,
    cell: (r: FigureRow) => formatFigure(r.figures[key]),
    className: (r: FigureRow) => (r.figures[key].value === null ? "figure-hidden" : undefined),
  })),
];

export default function Surveys() {
  const data = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  const busy = useNavigation().state !== "idle";
  return (
    <div className="cultivation">
      <h1>集体协商质量调查</h1>
      <p className="hint">
        职工通过链接匿名作答（无需账号，每个链接只能提交一次），企业方作答一次。为保护作答人，任何一项指标在作答人数不足{" "}
        {data.minGroup} 人时不显示。
      </p>
      <FormError failure={failure} />
      <YearNav
        year={data.year}
        current={data.current}
        path="/surveys"
        keep={data.org ? { org: data.org } : {}}
      />
      <FilterBar
        invalid={data.invalid}
        testId="survey-filters"
        after={
          data.org ? (
            <Link className="button secondary" to={`/surveys?year=${data.year}`}>
              全部
            </Link>
          ) : null
        }
      >
        <input type="hidden" name="year" value={data.year} />
        <FilterSelect name="org" label="工会组织（含下级）">
          <OrgOptions orgs={data.orgTree} />
        </FilterSelect>
      </FilterBar>
      <div className="card">
        <h2>按工会组织</h2>
        <ListTable
          testId="org-figures"
          rows={data.orgs}
          rowKey={(o) => o.id}
          empty="暂无作答"
          columns={[{ header: "工会组织", cell: (o) => o.name }, ...FIGURE_COLUMNS]}
        />
        <h2>按企业</h2>
        <ListTable
          testId="enterprise-figures"
          rows={data.enterprises}
          rowKey={(e) => e.id}
          empty="暂无作答"
          columns={[{ header: "企业", cell: (e) => e.name }, ...FIGURE_COLUMNS]}
        />
      </div>
      <div className="card">
        <h2>发起调查</h2>
        <EnterprisePickFilter id="survey-pick" />
        <AuthForm method="post" className="stack">
          <EnterprisePicker
            pick={data.options}
            orgs={data.orgTree}
            filterForm="survey-pick"
            name="enterpriseId"
            legend="调查的企业"
            multiple={false}
          />
          <div className="field">
            <label htmlFor="employeeLinks">职工链接数量</label>
            <input
              id="employeeLinks"
              name="employeeLinks"
              type="number"
              min={MIN_GROUP}
              max={2000}
              defaultValue={30}
            />
          </div>
          <button type="submit" disabled={busy}>
            生成问卷链接
          </button>
        </AuthForm>
        <ul className="link-list">
          {data.surveys.map((s) => (
            <li key={s.id}>
              <Link to={`/surveys/${s.id}`}>{s.title}</Link>{" "}
              <span className="hint">
                {s.openedOn} · {s.status === "open" ? "进行中" : "已结束"}
                {s.trigger === "contract" ? " · 集体合同生效后自动发起" : ""}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
