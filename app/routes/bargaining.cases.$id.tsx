import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import * as z from "zod";
import {
  CaseDeadlines,
  CaseHeader,
  CaseTimeline,
  CaucusPanel,
  ContractPanel,
  DocumentsPanel,
  DraftsPanel,
  ProcedurePanel,
  RepresentativesPanel,
  RoundsPanel,
  TopicBoard,
  WagePanel,
} from "~/components/bargaining/case-panels";
import { FormError, failureOf } from "~/components/form-bits";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { attemptKeepingInput, type ActionFailure } from "~/lib/http.server";
import {
  addTopic,
  agreeDraft,
  concludeCoordination,
  extendCoordination,
  moveTopic,
  recordCoordinationAccepted,
  recordResponse,
  requestCoordination,
} from "~/services/bargaining/cases.server";
import { addCaucusNote } from "~/services/bargaining/caucus.server";
import { casePage } from "~/services/bargaining/case-page.server";
import { proposeRenewal } from "~/services/bargaining/renewal.server";
import { nameRepresentatives } from "~/services/bargaining/representatives.server";
import {
  recordMinutes,
  savePreparation,
  scheduleRound,
  signOffMinutes,
  suspend,
} from "~/services/bargaining/rounds.server";
import { saveWageData, type WageFieldName, type WageInput } from "~/services/bargaining/wage-data.server";

export const meta: MetaFunction<typeof loader> = ({ data: page }) => [
  { title: `${page?.case.title ?? "集体协商"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return casePage(user, params.id ?? "");
}

const side = z.enum(["employee", "employer"], { error: "请选择代表哪一方" });
const version = z.coerce.number({ error: "缺少版本号，请刷新后重试" }).int().nonnegative();
const text = (max: number, required?: string) =>
  required
    ? z.string({ error: required }).trim().min(1, required).max(max, `不超过${max}字`)
    : z.string().trim().max(max, `不超过${max}字`).default("");
const date = z.string({ error: "请填写日期" }).regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式应为 YYYY-MM-DD");
const checkbox = z.preprocess((v) => v === "on" || v === "true", z.boolean());

/** The wage form's fields (named here: a *.server module's values do not reach the browser bundle). */
const WAGE_NAMES = [
  "year",
  "averageWage",
  "payroll",
  "headcount",
  "lower",
  "baseline",
  "upper",
  "cpi",
  "minimumMonthly",
  "minimumHourly",
  "productivity",
  "profit",
  "proposedRaise",
  "lowestStandard",
] as const satisfies readonly WageFieldName[];

const CaseAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("respond"),
    side,
    version,
    decision: z.enum(["agree", "agree_other_topics", "refuse"], { error: "请选择回应意见" }),
    reason: text(2000),
    otherTopics: text(2000),
  }),
  z.object({
    intent: z.literal("representatives"),
    side,
    version,
    members: z.string().default("[]"),
    chiefHoldsOffice: checkbox,
    writtenDelegation: checkbox,
    delegation: text(1000),
    aboveDesignatedSize: checkbox,
  }),
  z.object({
    intent: z.literal("preparation"),
    side,
    version,
    recorderName: text(40, "请填写记录员姓名"),
    agenda: text(5000),
  }),
  z.object({
    intent: z.literal("round"),
    side,
    version,
    heldOn: date,
    place: text(100, "请填写会议地点"),
    agenda: text(5000),
    attendees: text(2000),
  }),
  z.object({
    intent: z.literal("minutes"),
    side,
    version,
    no: z.coerce.number().int().positive(),
    minutes: text(5000, "请填写会议记录"),
    attendees: text(2000),
  }),
  z.object({ intent: z.literal("signOff"), side, version, no: z.coerce.number().int().positive() }),
  z.object({
    intent: z.literal("suspend"),
    side,
    version,
    nextOn: date,
    place: text(100, "请填写下次协商地点"),
    topics: text(1000, "请填写下次协商的议题"),
  }),
  z.object({
    intent: z.literal("topic"),
    side,
    version,
    topicKey: z.string().min(1).max(100),
    move: z.enum(["counter", "revise", "agree", "withdraw", "retable", "reopen"]),
    text: text(2000),
  }),
  z.object({
    intent: z.literal("addTopic"),
    side,
    version,
    title: text(200, "请填写议题名称"),
    text: text(2000),
  }),
  z.object({
    intent: z.literal("agreeDraft"),
    side,
    version,
    draftVersion: z.coerce
      .number({ error: "请选择草案稿次" })
      .int("请选择草案稿次")
      .positive("请选择草案稿次"),
  }),
  z.object({
    intent: z.literal("coordination"),
    side,
    version,
    reason: text(2000, "请写明申请协调处理的事由"),
  }),
  z.object({
    intent: z.literal("coordinationAccepted"),
    side,
    version,
    acceptedOn: date,
    extensionDays: z.string().trim().max(4, "延长天数无效").default(""),
  }),
  z.object({
    intent: z.literal("coordinationExtension"),
    side,
    version,
    extensionDays: z
      .string({ error: "请填写延长的天数" })
      .trim()
      .min(1, "请填写延长的天数")
      .max(4, "延长天数无效"),
  }),
  z.object({ intent: z.literal("concludeCoordination"), side, version, note: text(2000) }),
  z.object({ intent: z.literal("renew"), side, version, note: text(2000) }),
  z.object({
    intent: z.literal("caucus"),
    side,
    text: text(2000, "请填写内部记录"),
    topicKey: z.string().max(100).default(""),
  }),
  z.object({
    intent: z.literal("wage"),
    side,
    version,
    ...Object.fromEntries(WAGE_NAMES.map((name) => [name, z.string().max(30).default("")])),
  }),
]);

const Member = z.object({
  name: z.string().max(40),
  title: z.string().max(60).default(""),
  userId: z.string().max(24).default(""),
  chief: z.boolean().default(false),
  outsider: z.boolean().default(false),
});

const DONE: Record<string, string> = {
  respond: "已书面回应",
  representatives: "协商代表名单已保存",
  preparation: "记录员和议程已保存",
  round: "协商会议已安排",
  minutes: "会议记录已保存，请双方首席代表确认",
  signOff: "已确认会议记录",
  suspend: "已中止协商并约定下次协商",
  topic: "议题已更新",
  addTopic: "议题已提出",
  agreeDraft: "草案已协商一致",
  coordination: "已申请协调处理",
  coordinationAccepted: "已登记受理日期",
  coordinationExtension: "已登记协调处理延期",
  renew: "已提出续签",
  concludeCoordination: "已登记协调处理结束",
  caucus: "内部记录已保存（仅本方可见）",
  wage: "工资数据已保存",
};

function failure(message: string, fieldErrors: Record<string, string[]> = {}): ActionFailure {
  return { ok: false, message, fieldErrors };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const submission = parseWithZod(form, { schema: CaseAction });
  if (submission.status !== "success") {
    const errors = (submission.error ?? {}) as Record<string, string[] | null>;
    const fieldErrors = Object.fromEntries(Object.entries(errors).filter(([, v]) => v?.length)) as Record<
      string,
      string[]
    >;
    return data(failure(Object.values(fieldErrors)[0]?.[0] ?? "提交的内容不符合要求", fieldErrors), {
      status: 400,
    });
  }
  const input = submission.value;
  const id = params.id ?? "";
  const result = await attemptKeepingInput(async () => {
    switch (input.intent) {
      case "respond":
        await recordResponse(user, id, input.version, input);
        break;
      case "representatives": {
        let members: z.infer<typeof Member>[];
        try {
          members = z.array(Member).max(40).parse(JSON.parse(input.members));
        } catch {
          return failure("代表名单格式有误，请刷新后重试", { members: ["代表名单格式有误"] });
        }
        await nameRepresentatives(user, id, input.version, { ...input, members });
        break;
      }
      case "preparation":
        await savePreparation(user, id, input.version, input);
        break;
      case "round":
        await scheduleRound(user, id, input.version, input);
        break;
      case "minutes":
        await recordMinutes(user, id, input.no, input.version, input);
        break;
      case "signOff":
        await signOffMinutes(user, id, input.no, input.version, input);
        break;
      case "suspend":
        await suspend(user, id, input.version, input);
        break;
      case "topic":
        await moveTopic(user, id, input.version, input);
        break;
      case "addTopic":
        await addTopic(user, id, input.version, input);
        break;
      case "agreeDraft":
        await agreeDraft(user, id, input.version, input);
        break;
      case "coordination":
        await requestCoordination(user, id, input.version, input);
        break;
      case "coordinationAccepted":
        await recordCoordinationAccepted(user, id, input.version, input);
        break;
      case "coordinationExtension":
        await extendCoordination(user, id, input.version, input);
        break;
      case "renew": {
        const renewal = await proposeRenewal(user, id, input.version, input);
        return redirect(`/bargaining/cases/${String(renewal._id)}`);
      }
      case "concludeCoordination":
        await concludeCoordination(user, id, input.version, input);
        break;
      case "caucus":
        await addCaucusNote(user, id, input);
        break;
      case "wage":
        await saveWageData(
          user,
          id,
          input.version,
          input as unknown as WageInput & { side: "employee" | "employer" },
        );
        break;
    }
    return { ok: true as const, intent: input.intent, message: DONE[input.intent] };
  });
  if (result instanceof Response) return result;
  if (failureOf(result)) return data(result as ActionFailure, { status: 400 });
  return result;
}

/** Steps with pages of their own: the congress vote, then signing, filing, review and effect. */
const CONTRACT_STATUSES = [
  "approved",
  "signed",
  "filed",
  "under_review",
  "in_effect",
  "renewal_window",
  "expired",
  "renewed",
];
const CONGRESS_STATUSES = ["draft_agreed", "congress_vote", ...CONTRACT_STATUSES];

export default function CasePage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const fail = failureOf(result);
  const navigation = useNavigation();
  const settled = navigation.state === "idle";
  const done = settled && result && "ok" in result && result.ok ? result.message : undefined;
  const busy = !settled;
  return (
    <div className="case-page">
      <p className="hint">
        {page.case.enterprises.map((e, i) => (
          <span key={e.id}>
            {i > 0 ? "、" : ""}
            <Link to={`/enterprises/${e.id}/bargaining`}>{e.name}</Link>
          </span>
        ))}{" "}
        › 集体协商
      </p>
      <CaseHeader page={page} />
      {CONGRESS_STATUSES.includes(page.case.status) ? (
        <nav className="toolbar" data-testid="case-steps">
          <Link to={`/bargaining/cases/${page.case.id}/congress`}>职代会表决</Link>
          {CONTRACT_STATUSES.includes(page.case.status) ? (
            <Link to={`/bargaining/cases/${page.case.id}/contract`}>签订与报送审查</Link>
          ) : null}
        </nav>
      ) : null}
      <FormError failure={fail} />
      {done ? (
        <div className="notice" role="status" data-testid="case-done">
          {done}
        </div>
      ) : null}
      <ContractPanel page={page} busy={busy} />
      <CaseDeadlines page={page} />
      <ProcedurePanel page={page} failure={fail} busy={busy} />
      <RepresentativesPanel page={page} failure={fail} busy={busy} />
      <TopicBoard page={page} busy={busy} />
      <DraftsPanel page={page} />
      <RoundsPanel page={page} failure={fail} busy={busy} />
      <CaucusPanel page={page} busy={busy} />
      <WagePanel page={page} failure={fail} busy={busy} />
      <DocumentsPanel page={page} />
      <CaseTimeline page={page} />
    </div>
  );
}
