import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { DoneNotice, failureOf, FormError } from "~/components/form-bits";
import { todayInShanghai } from "~/domain/dates";
import { yearNear } from "~/lib/query";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { cohortFor } from "~/services/cultivation/board.server";
import { createPlans } from "~/services/cultivation/plans.server";
import { enterprisePick } from "~/services/enterprises/enterprises.server";
import { EnterprisePicker, EnterprisePickFilter } from "~/components/enterprise-picker";
import { attempt, parseForm } from "~/lib/http.server";
import styles from "../styles/cultivation.css";
import { PlanFilters } from "~/components/cultivation/cohort";
import { FilterBar, FilterSelect } from "~/components/lists/filter-bar";
import { ListTable } from "~/components/lists/list-table";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "培育助推 · 工会协商通" }];

/** Plans made in one submission at most (and enterprises the form lists at once). */
const PLANS_AT_ONCE = 200;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const now = new Date();
  const year = yearNear(url.searchParams.get("year"), Number(todayInShanghai(now).slice(0, 4)));
  const cohort = await cohortFor(user, {
    year,
    orgId: url.searchParams.get("org") ?? undefined,
    stage: url.searchParams.get("stage") ?? undefined,
  });
  // The year's plans of the whole scope (the list itself may be narrowed by its filters).
  const whole = cohort.filters.orgId || cohort.filters.stage ? await cohortFor(user, { year }) : cohort;
  const planned = new Set(whole.rows.map((r) => r.enterpriseId));
  // The enterprises to plan for: narrowed by the picker's organisation and name, at most one submission's worth.
  const pick = await enterprisePick(user, url.searchParams, { limit: PLANS_AT_ONCE, exclude: planned });
  return {
    cohort,
    pick,
    today: todayInShanghai(now),
    currentYear: Number(todayInShanghai(now).slice(0, 4)),
  };
}

const CreateSchema = z.object({
  enterpriseIds: z
    .array(z.string())
    .min(1, "请至少选择一家企业")
    .max(PLANS_AT_ONCE, `一次最多为 ${PLANS_AT_ONCE} 家企业制定计划`),
  year: z.coerce.number({ error: "请选择计划年度" }).int().min(2000, "年度无效").max(2100, "年度无效"),
  startOn: z.string({ error: "请填写有效的开始日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "请填写有效的开始日期"),
  rectifyThreshold: z.coerce
    .number({ error: "整改核验比例须为数字" })
    .int("整改核验比例须为整数")
    .min(1, "整改核验比例在 1–100 之间")
    .max(100, "整改核验比例在 1–100 之间"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  return attempt(async () => {
    const input = parseForm(form, CreateSchema, { firstProblemAsMessage: true });
    const result = await createPlans(user, input);
    return {
      ok: true as const,
      message:
        `已为 ${result.created.length} 家企业制定 ${input.year} 年度培育计划` +
        (result.skipped.length ? `；跳过：${result.skipped.join("、")}` : ""),
    };
  });
}

export default function Plans() {
  const { cohort, pick, today, currentYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const navigation = useNavigation();
  const done = navigation.state === "idle" && result && result.ok ? result.message : undefined;
  return (
    <div className="cultivation">
      <h1>培育助推</h1>
      <p className="hint">
        “因企施策、一企一策”：为企业制定年度培育计划，跟踪走访、“四个一”和评估进度。
        <Link to="/trainings">政策培训</Link> · <Link to="/surveys">质量调查</Link>
      </p>
      <FormError failure={failure} />
      <DoneNotice done={done} testId="plans-created" />

      <details
        className="card"
        open={(pick.options.length > 0 && cohort.rows.length === 0) || !!pick.org || !!pick.q}
      >
        <summary>
          <strong>制定培育计划</strong>
          <span className="hint">（可一次选择多家企业）</span>
        </summary>
        <EnterprisePickFilter id="plan-pick" />
        <AuthForm method="post" className="plan-create">
          <div className="form-grid">
            <div className="field">
              <label htmlFor="year">计划年度</label>
              <select id="year" name="year" defaultValue={currentYear}>
                {[currentYear, currentYear + 1].map((y) => (
                  <option key={y} value={y}>
                    {y} 年
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="startOn">开始日期</label>
              <input id="startOn" name="startOn" type="date" defaultValue={today} required />
              {failure?.fieldErrors.startOn ? (
                <div className="field-error">{failure.fieldErrors.startOn.join("；")}</div>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="rectifyThreshold">处方整改核验比例（%）</label>
              <input
                id="rectifyThreshold"
                name="rectifyThreshold"
                type="number"
                min={1}
                max={100}
                defaultValue={80}
              />
            </div>
          </div>
          <EnterprisePicker
            pick={pick}
            orgs={cohort.orgOptions}
            baseDepth={cohort.orgOptions[0]?.depth ?? 0}
            filterForm="plan-pick"
            name="enterpriseIds"
            legend="选择尚无本年度计划的企业"
            idPrefix="plan"
            empty="所有企业均已制定本年度计划。"
          />
          {failure?.fieldErrors.enterpriseIds ? (
            <div className="field-error">{failure.fieldErrors.enterpriseIds.join("；")}</div>
          ) : null}
          <button type="submit" disabled={navigation.state !== "idle"}>
            制定计划
          </button>
        </AuthForm>
      </details>

      <FilterBar>
        <FilterSelect
          name="year"
          label="年度"
          value={cohort.year}
          all={false}
          options={[currentYear + 1, currentYear, currentYear - 1, currentYear - 2].map((y) => ({
            value: y,
            label: String(y),
          }))}
        />
        <PlanFilters cohort={cohort} />
      </FilterBar>

      <div className="card">
        <h2>
          {cohort.year} 年度培育计划（{cohort.rows.length}）
        </h2>
        <ListTable
          testId="plan-list"
          rows={cohort.rows}
          rowKey={(r) => r.planId}
          empty="暂无培育计划"
          columns={[
            {
              header: "企业",
              cell: (r) => (
                <>
                  <Link to={`/plans/${r.planId}`}>{r.enterpriseName}</Link>
                  <div className="hint">{r.orgName}</div>
                </>
              ),
            },
            { header: "阶段", cell: (r) => <span className={`badge stage-${r.stage}`}>{r.stageLabel}</span> },
            { header: "进度", cell: (r) => `${r.done}/${r.total}` },
            { header: "下一步", cell: (r) => (r.next ? `${r.next.title}（${r.next.label}）` : "—") },
            {
              header: "逾期",
              cell: (r) =>
                r.overdue.length ? <span className="badge danger">{r.overdue.length} 项</span> : "—",
            },
          ]}
        />
      </div>
    </div>
  );
}
