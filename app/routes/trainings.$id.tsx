import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FilePicker } from "~/components/cultivation/file-picker";
import { DoneNotice, failureOf, FormError } from "~/components/form-bits";
import { ListTable } from "~/components/lists/list-table";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { addMaterials, signInByInstructor, trainingPage } from "~/services/cultivation/trainings.server";
import { formFiles } from "~/lib/form.server";
import { attemptKeepingInput, parseForm } from "~/lib/http.server";
import styles from "../styles/cultivation.css";
import { formatDateTime } from "~/domain/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.training.topic ?? "培训"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return trainingPage(user, params.id ?? "", new URL(request.url).origin);
}

const TrainingAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("sign-in"),
    enterpriseId: z.string({ error: "请选择企业" }).min(1, "请选择企业"),
    name: z.string({ error: "请填写姓名" }).trim().min(2, "请填写姓名").max(20, "姓名最多 20 个字"),
  }),
  z.object({ intent: z.literal("materials") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  return attemptKeepingInput(async () => {
    const { user, form } = await requireActionForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES });
    const input = parseForm(form, TrainingAction, { firstProblemAsMessage: true });
    if (input.intent === "materials") {
      await addMaterials(user, params.id ?? "", await formFiles(form, "files"));
      return { ok: true as const, message: "资料已上传" };
    }
    const result = await signInByInstructor(user, params.id ?? "", input.enterpriseId, input.name);
    return {
      ok: true as const,
      message: result.fresh ? `已为${result.enterpriseName}${result.name}签到` : `${result.name}已签到过`,
    };
  });
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;

export default function TrainingPage() {
  const { training, signInUrl, invited, materials, attendances, feedback, signInRefusal } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const done = !busy && result && result.ok ? result.message : undefined;
  return (
    <div className="cultivation">
      <p className="hint">
        <Link to="/trainings">政策培训</Link>
      </p>
      <h1>{training.topic}</h1>
      <FormError failure={failure} />
      <DoneNotice done={done} />
      <div className="card">
        <dl className="facts">
          <dt>时间</dt>
          <dd>
            {training.date} {training.time}
          </dd>
          <dt>{training.mode === "online" ? "线上课堂" : "地点"}</dt>
          <dd>
            {training.mode === "online" ? (
              <a href={training.onlineLink} target="_blank" rel="noreferrer noopener">
                {training.onlineLink}
              </a>
            ) : (
              training.place
            )}
          </dd>
          <dt>签到链接</dt>
          <dd>
            <a href={signInUrl} data-testid="sign-in-link" className="survey-links">
              {signInUrl}
            </a>
            <div className="hint">
              发给参训人员或投屏扫码，无需账号即可签到和填写反馈。
              {signInRefusal ? `（${signInRefusal}）` : ""}
            </div>
          </dd>
          <dt>满意度</dt>
          <dd>
            {feedback.average === null ? "暂无反馈" : `${feedback.average} 分（${feedback.count} 人反馈）`}
          </dd>
        </dl>
      </div>
      <div className="card">
        <h2>受邀企业（{invited.length}）</h2>
        <ul>
          {invited.map((e) => (
            <li key={e.id}>
              {e.name}{" "}
              {e.attended ? <span className="badge ok">已参加</span> : <span className="badge">未签到</span>}
            </li>
          ))}
        </ul>
        <h3>代为签到</h3>
        <AuthForm method="post" className="toolbar">
          <input type="hidden" name="intent" value="sign-in" />
          <div className="field">
            <label htmlFor="enterpriseId">企业</label>
            <select id="enterpriseId" name="enterpriseId">
              {invited.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="name">姓名</label>
            <input id="name" name="name" maxLength={20} />
          </div>
          <button type="submit" disabled={busy || !!signInRefusal}>
            签到
          </button>
        </AuthForm>
      </div>
      <div className="card">
        <h2>签到与反馈（{attendances.length}）</h2>
        <ListTable
          testId="attendances"
          rows={attendances}
          rowKey={(a) => a.id}
          empty="暂无签到"
          columns={[
            { header: "企业", cell: (a) => a.enterpriseName },
            { header: "姓名", cell: (a) => a.name },
            {
              header: "签到",
              cell: (a) => (
                <>
                  {formatDateTime(a.at)}
                  <div className="hint">{a.by}</div>
                </>
              ),
            },
            {
              header: "满意度",
              cell: (a) => (a.satisfaction ? `${a.satisfaction}（${a.satisfactionLabel}）` : "—"),
            },
            { header: "意见", cell: (a) => a.comment || "—" },
          ]}
        />
      </div>
      <div className="card">
        <h2>培训资料</h2>
        <ul className="evidence-list">
          {materials.map((m) => (
            <li key={m.id}>
              <a href={`/trainings/${training.id}/materials/${m.id}`}>{m.name}</a>{" "}
              <span className="hint">{kb(m.size)}</span>
            </li>
          ))}
          {materials.length === 0 ? <li className="hint">暂无资料</li> : null}
        </ul>
        <AuthForm method="post" encType="multipart/form-data" className="upload-form" key={materials.length}>
          <input type="hidden" name="intent" value="materials" />
          <FilePicker id="materials" name="files" label="选择培训资料" />
          <button type="submit" className="secondary" disabled={busy}>
            上传资料
          </button>
        </AuthForm>
      </div>
    </div>
  );
}
