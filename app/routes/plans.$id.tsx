import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { FilePicker } from "~/components/cultivation/file-picker";
import { DoneNotice, failureOf, FormError } from "~/components/form-bits";
import { RenderStatus, usePolling } from "~/components/reports/render-status";
import { DESIGNATION_LEVELS } from "~/domain/enterprise";
import { can as policyAllows } from "~/domain/policy";
import { MAX_FILES_PER_RECORD } from "~/domain/cultivation/milestones";
import { EVIDENCE_MAX_BYTES } from "~/domain/evidence";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import {
  addRecord,
  countersign,
  planPage,
  refreshPlanFile,
  resyncPlanFor,
  setDueDate,
  signAsInstructor,
} from "~/services/cultivation/plans.server";
import { formFiles } from "~/lib/form.server";
import { attemptKeepingInput, parseForm, UserError } from "~/lib/http.server";
import styles from "../styles/cultivation.css";
import { formatDateTime } from "~/domain/dates";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.plan.enterpriseName ?? ""} ${data?.plan.year ?? ""}年度培育计划 · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // HR and chairs open their plan but not the instructors' list of plans: no link to a page they can't open.
  return {
    ...(await planPage(user, params.id ?? "")),
    canList: policyAllows(user, "plan:list", { type: "system" }),
  };
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "请填写有效的日期");
const text = (max: number, message: string) => z.string().trim().max(max, message).optional();
const version = z.coerce.number({ error: "请求有误，请刷新页面后重试" }).int().nonnegative();

const PlanAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("record"),
    milestoneKey: z.string().min(1, "请选择里程碑"),
    date,
    peopleMet: text(200, "会见人员最多 200 字"),
    findings: text(2000, "发现的情况最多 2000 字"),
    nextSteps: text(1000, "下一步工作最多 1000 字"),
    ruleName: text(100, "制度名称最多 100 字"),
    minutes: text(4000, "会议纪要最多 4000 字"),
    result: z.enum(["awarded", "not_awarded"], { error: "请选择评估结果" }).optional(),
    awardYear: z.coerce.number().int().min(2000, "年度无效").max(2100, "年度无效").optional(),
    awardLevel: z.enum(DESIGNATION_LEVELS, { error: "请选择称号级别" }).optional(),
    awardingOrg: text(60, "授予单位最多 60 字"),
  }),
  z.object({ intent: z.literal("due"), version, key: z.string().min(1), dueOn: date }),
  z.object({
    intent: z.literal("sign"),
    version,
    // A blank summary reaches the service, whose refusal says how long it must be.
    summary: z.string({ error: "请填写培育工作总结" }).max(4000, "工作总结最多 4000 字").default(""),
  }),
  z.object({ intent: z.literal("countersign"), version }),
  z.object({ intent: z.literal("refresh-file") }),
  z.object({ intent: z.literal("resync") }),
]);

/** Blank form fields, spaces only included, mean "not given" (parseForm drops only the empty ones). */
function withoutBlanks(form: FormData) {
  const out = new FormData();
  for (const [k, v] of form.entries()) if (!(typeof v === "string" && v.trim() === "")) out.append(k, v);
  return out;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? "";
  return attemptKeepingInput(async () => {
    const { user, form } = await requireActionForm(request, { maxFileBytes: EVIDENCE_MAX_BYTES });
    const input = parseForm(withoutBlanks(form), PlanAction, { firstProblemAsMessage: true });
    switch (input.intent) {
      case "record": {
        const files = await formFiles(form, "files");
        if (files.length > MAX_FILES_PER_RECORD)
          throw new UserError(`每条记录最多 ${MAX_FILES_PER_RECORD} 个附件`);
        const { intent: _intent, milestoneKey, ...fields } = input;
        const saved = await addRecord(user, id, milestoneKey, fields, files);
        return {
          ok: true as const,
          message: saved.completes
            ? "记录已登记，该事项已完成"
            : `记录已登记（尚不能完成该事项：${saved.shortfall}）`,
        };
      }
      case "due":
        await setDueDate(user, id, input.version, input.key, input.dueOn);
        return { ok: true as const, message: "完成时限已调整" };
      case "sign":
        await signAsInstructor(user, id, input.version, input.summary);
        return { ok: true as const, message: "已签署，等待组织负责人审签" };
      case "countersign":
        await countersign(user, id, input.version);
        return { ok: true as const, message: "已审签，培育工作总结正在生成" };
      case "refresh-file":
        await refreshPlanFile(user, id);
        return { ok: true as const, message: "培育方案正在按最新内容生成" };
      case "resync":
        await resyncPlanFor(user, id);
        return { ok: true as const, message: "已根据体检、报告、处方、培训和合同记录重新核对" };
    }
  });
}

const kb = (n: number) => `${Math.max(1, Math.round(n / 1024))} KB`;
const STATUS_BADGE: Record<string, string> = { done: "ok", overdue: "danger", due_soon: "warn", open: "" };

type Milestone = Awaited<ReturnType<typeof loader>>["milestones"][number];

function RecordFields({ m, busy }: { m: Milestone; busy: boolean }) {
  const id = (name: string) => `${m.key}-${name}`;
  return (
    <AuthForm
      method="post"
      encType="multipart/form-data"
      className="record-form"
      data-testid={`record-form-${m.key}`}
    >
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="milestoneKey" value={m.key} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={id("date")}>
            {m.kind === "congress" ? "会议日期" : m.kind === "evaluation" ? "登记日期" : "日期"}
          </label>
          <input id={id("date")} name="date" type="date" required />
        </div>
        {m.kind === "visit" || m.kind === "consultation" ? (
          <div className="field">
            <label htmlFor={id("peopleMet")}>会见人员</label>
            <input
              id={id("peopleMet")}
              name="peopleMet"
              maxLength={200}
              placeholder="如：人力资源经理张丽、工会主席李明"
            />
          </div>
        ) : null}
        {m.kind === "rules" ? (
          <div className="field">
            <label htmlFor={id("ruleName")}>规章制度名称</label>
            <input
              id={id("ruleName")}
              name="ruleName"
              maxLength={100}
              placeholder="如：员工考勤与休假管理办法"
            />
          </div>
        ) : null}
      </div>
      {m.kind === "visit" || m.kind === "consultation" ? (
        <>
          <div className="field">
            <label htmlFor={id("findings")}>发现的情况</label>
            <textarea id={id("findings")} name="findings" rows={3} maxLength={2000} />
          </div>
          <div className="field">
            <label htmlFor={id("nextSteps")}>商定的下一步工作</label>
            <textarea id={id("nextSteps")} name="nextSteps" rows={2} maxLength={1000} />
          </div>
        </>
      ) : null}
      {m.kind === "congress" ? (
        <div className="field">
          <label htmlFor={id("minutes")}>会议纪要（可填写或上传文件）</label>
          <textarea id={id("minutes")} name="minutes" rows={3} maxLength={4000} />
        </div>
      ) : null}
      {m.kind === "evaluation" ? (
        <div className="form-grid">
          <div className="field">
            <label htmlFor={id("result")}>评估结果</label>
            <select id={id("result")} name="result" defaultValue="">
              <option value="">请选择</option>
              <option value="awarded">获评和谐劳动关系企业</option>
              <option value="not_awarded">未获评</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={id("awardYear")}>获评年度</label>
            <input id={id("awardYear")} name="awardYear" type="number" min={2000} max={2100} />
          </div>
          <div className="field">
            <label htmlFor={id("awardLevel")}>称号级别</label>
            <select id={id("awardLevel")} name="awardLevel" defaultValue="">
              <option value="">请选择</option>
              {DESIGNATION_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={id("awardingOrg")}>授予单位</label>
            <input
              id={id("awardingOrg")}
              name="awardingOrg"
              maxLength={60}
              placeholder="如：云溪区协调劳动关系三方委员会"
            />
          </div>
        </div>
      ) : null}
      <div className="field">
        <FilePicker
          id={id("files")}
          name="files"
          label={m.kind === "rules" ? "选择制度文件" : "选择照片或文件"}
        />
        <div className="hint">
          PDF、JPG、PNG、Word、Excel，单个不超过 10 MB，最多 {MAX_FILES_PER_RECORD} 个
        </div>
      </div>
      <button type="submit" disabled={busy}>
        登记
      </button>
    </AuthForm>
  );
}

export default function PlanPage() {
  const { plan, milestones, records, files, can, canList } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = failureOf(result);
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const done = !busy && result && result.ok ? result.message : undefined;
  const pending = [files.plan, files.summary].some(
    (f) => f && (f.status === "queued" || f.status === "rendering"),
  );
  usePolling(pending);
  const doneCount = milestones.filter((m) => m.doneOn).length;
  return (
    <div className="cultivation plan-page">
      <p className="hint">
        {canList ? (
          <>
            <Link to="/plans">培育助推</Link> ›{" "}
          </>
        ) : null}
        <Link to={`/enterprises/${plan.enterpriseId}/cultivation`}>{plan.enterpriseName}</Link>
      </p>
      <div className="plan-head">
        <h1>
          {plan.enterpriseName} {plan.year} 年度培育计划
        </h1>
        <span className={`badge stage-${plan.stage}`} data-testid="plan-stage">
          {plan.stageLabel}
        </span>
        {plan.statusLabel !== plan.stageLabel ? (
          <span className="badge" data-testid="plan-status">
            {plan.statusLabel}
          </span>
        ) : null}
      </div>
      <FormError failure={failure} />
      <DoneNotice done={done} />
      {plan.status === "signed_off" ? (
        <p className="hint read-only-note" data-testid="read-only">
          该计划已审签，内容只读。
        </p>
      ) : null}
      <div className="card plan-facts">
        <div>
          <div className="stat-label">开始日期</div>
          <div>{plan.startOn}</div>
        </div>
        <div>
          <div className="stat-label">完成进度</div>
          <div data-testid="plan-progress">
            {doneCount}/{milestones.length}
          </div>
        </div>
        <div>
          <div className="stat-label">下一步</div>
          <div>{plan.next ? `${plan.next.title}（${plan.next.label}）` : "—"}</div>
        </div>
        <div>
          <div className="stat-label">最近体检风险等级</div>
          <div>{plan.riskLevel ?? "—"}</div>
        </div>
      </div>

      <div className="card">
        <h2>培育方案与工作总结</h2>
        <h3>一企一策 培育方案</h3>
        {files.plan ? <RenderStatus render={files.plan} /> : <p className="hint">尚未生成</p>}
        {can.refreshFile ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="refresh-file" />
            <button type="submit" className="secondary" disabled={busy}>
              按最新内容重新生成方案
            </button>
          </AuthForm>
        ) : null}
        <h3>培育工作总结</h3>
        {files.summary ? (
          <RenderStatus render={files.summary} />
        ) : (
          <p className="hint">组织负责人审签后生成</p>
        )}
      </div>

      <div className="card">
        <h2>培育事项</h2>
        <p className="hint">
          体检、问题分析、处方整改（核验比例 {plan.rectifyThreshold}
          %）、政策培训和集体合同由相关记录自动完成；其余事项登记记录后完成。
        </p>
        <ol className="milestones" data-testid="milestones">
          {milestones.map((m) => (
            <li key={m.key} className="milestone" data-milestone={m.key} data-status={m.status}>
              <div className="milestone-head">
                <span className="milestone-title">{m.title}</span>
                <span className="hint">{m.stageLabel}</span>
                <span className="milestone-meta">
                  <span
                    className={`badge ${STATUS_BADGE[m.status]}`}
                    data-testid={`milestone-status-${m.key}`}
                  >
                    {m.statusLabel}
                  </span>
                  <span className="hint">
                    时限 {m.dueOn} · {m.dueLabel}
                  </span>
                </span>
              </div>
              <div className="hint">
                {m.description}
                {m.assignees ? `（协办：${m.assignees}）` : ""}
                {m.manual ? "" : " · 自动完成"}
              </div>
              {m.proofLabel ? <div className="hint">依据：{m.proofLabel}</div> : null}
              {m.canRecord ? (
                <details>
                  <summary>登记{m.kindLabel}</summary>
                  <RecordFields m={m} busy={busy} />
                </details>
              ) : null}
              {can.manage && !m.doneOn ? (
                <details>
                  <summary>调整完成时限</summary>
                  <AuthForm method="post" className="inline-form">
                    <input type="hidden" name="intent" value="due" />
                    <input type="hidden" name="version" value={plan.version} />
                    <input type="hidden" name="key" value={m.key} />
                    <input
                      type="date"
                      name="dueOn"
                      defaultValue={m.dueOn}
                      aria-label={`${m.title}完成时限`}
                    />
                    <button type="submit" className="secondary" disabled={busy}>
                      保存
                    </button>
                  </AuthForm>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
        {can.manage ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="resync" />
            <button type="submit" className="secondary" disabled={busy}>
              重新核对自动完成的事项
            </button>
          </AuthForm>
        ) : null}
      </div>

      <div className="card">
        <h2>工作记录（{records.length}）</h2>
        <ul className="records" data-testid="records">
          {records.map((r) => (
            <li key={r.id}>
              <div>
                <strong>
                  {r.date} {r.kindLabel}
                </strong>{" "}
                <span className="hint">
                  {r.milestoneTitle} · {r.byName}
                  {r.completes ? "" : " · 内容不完整，未完成该事项"}
                </span>
              </div>
              {r.peopleMet ? <div>会见人员：{r.peopleMet}</div> : null}
              {r.findings ? <div className="pre">发现情况：{r.findings}</div> : null}
              {r.nextSteps ? <div className="pre">下一步：{r.nextSteps}</div> : null}
              {r.ruleName ? <div>制度名称：{r.ruleName}</div> : null}
              {r.minutes ? <div className="pre">会议纪要：{r.minutes}</div> : null}
              {r.award ? (
                <div>评估结果：获评 {r.award}</div>
              ) : r.result === "not_awarded" ? (
                <div>评估结果：未获评</div>
              ) : null}
              {r.files.some((f) => f.image) ? (
                <div className="record-photos">
                  {r.files
                    .filter((f) => f.image)
                    .map((f) => (
                      <a key={f.id} href={`/plans/${plan.id}/files/${f.id}`}>
                        <img src={`/plans/${plan.id}/files/${f.id}`} alt={f.name} />
                      </a>
                    ))}
                </div>
              ) : null}
              {r.files.length ? (
                <ul className="evidence-list">
                  {r.files.map((f) => (
                    <li key={f.id}>
                      <a href={`/plans/${plan.id}/files/${f.id}`}>{f.name}</a>{" "}
                      <span className="hint">{kb(f.size)}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
          {records.length === 0 ? <li className="hint">暂无工作记录</li> : null}
        </ul>
      </div>

      <div className="card" data-testid="sign-off">
        <h2>审签</h2>
        {plan.instructorSigned ? (
          <p>
            指导员 {plan.instructorSigned.name} 于 {formatDateTime(plan.instructorSigned.at)} 签署
          </p>
        ) : null}
        {plan.summary ? <p className="pre">{plan.summary}</p> : null}
        {plan.headSigned ? (
          <p data-testid="head-signed">
            组织负责人 {plan.headSigned.name} 于 {formatDateTime(plan.headSigned.at)} 审签
          </p>
        ) : null}
        {can.signInstructor ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="sign" />
            <input type="hidden" name="version" value={plan.version} />
            <div className="field">
              <label htmlFor="summary">培育工作总结（签署后计划不能再修改）</label>
              <textarea
                id="summary"
                name="summary"
                rows={5}
                maxLength={4000}
                placeholder="本年度培育工作的主要成效、存在的不足和下一步打算"
              />
              {failure?.fieldErrors.summary ? (
                <div className="field-error">{failure.fieldErrors.summary.join("；")}</div>
              ) : null}
            </div>
            <button type="submit" disabled={busy}>
              指导员签署
            </button>
          </AuthForm>
        ) : null}
        {can.countersign ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="countersign" />
            <input type="hidden" name="version" value={plan.version} />
            <button type="submit" disabled={busy}>
              组织负责人审签
            </button>
          </AuthForm>
        ) : null}
        {!plan.instructorSigned && !can.signInstructor ? <p className="hint">尚未签署</p> : null}
      </div>
    </div>
  );
}
