import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FormError, failureOf } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { calendarPage, importCalendar } from "~/services/bargaining/rules.server";
import { attempt, type ActionFailure } from "~/lib/http.server";

export const meta: MetaFunction = () => [{ title: "节假日安排 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return calendarPage(user);
}

const ImportSchema = z.object({
  text: z.string({ error: "请粘贴节假日安排" }).min(1, "请粘贴节假日安排").max(20_000, "内容过长"),
});

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const submission = parseWithZod(form, { schema: ImportSchema });
  if (submission.status !== "success")
    return data({ ok: false, message: "请粘贴节假日安排", fieldErrors: {} } as ActionFailure, {
      status: 400,
    });
  const result = await attempt(async () => {
    const years = await importCalendar(user, submission.value.text);
    return { ok: true as const, message: `已导入 ${years.join("、")} 年度的节假日安排` };
  });
  if (failureOf(result)) return data(result as ActionFailure, { status: 400 });
  return result;
}

export default function CalendarAdmin() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const busy = useNavigation().state !== "idle";
  return (
    <div>
      <h1>节假日安排</h1>
      <p className="hint">
        用于计算集体协商的法定期限：按日计算的期间最后一日为休息日的，依《民法典》第二百零三条顺延至其后第一个工作日；浙江等地按工作日计算的期间不计周末及法定节假日（调休上班日计入）。未录入某年度安排时，该年度的日期按未顺延计算并注明。
      </p>
      <table data-testid="calendar-years">
        <thead>
          <tr>
            <th>年度</th>
            <th>休息日</th>
            <th>调休上班日</th>
            <th>来源</th>
          </tr>
        </thead>
        <tbody>
          {page.years.map((y) => (
            <tr key={y.year}>
              <td>{y.year}</td>
              <td>{y.restDays}</td>
              <td>{y.workDays}</td>
              <td>{y.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <AuthForm method="post" className="card stack">
        <h2>导入年度安排</h2>
        <FormError failure={failure} />
        {result && "ok" in result && result.ok ? <div className="notice">{result.message}</div> : null}
        <p className="hint">
          每行一条：“2027-01-01~2027-01-03 休 元旦”或“2027-01-04 班 元旦调休”，以“年度
          2027”开始一个年度。导入的年度替换该年度原有安排。
        </p>
        <textarea
          name="text"
          rows={14}
          className="json-editor"
          defaultValue={page.text}
          aria-label="节假日安排"
        />
        <button type="submit" disabled={busy}>
          导入
        </button>
      </AuthForm>
    </div>
  );
}
