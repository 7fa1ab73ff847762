/**
 * Industry and area cases (行业性/区域性集体合同, 劳动合同法 第53条): below county level, a union
 * organisation bargains with the employers' representative (an enterprise association's, or the
 * enterprises' own) for the enterprises of one industry or area. An instructor opens one case covering a
 * selection of enterprises of their subtree; the union side is the organisation's (its instructors act for
 * it), the employer side the covered enterprises' HR; each covered enterprise's chair and HR follow it
 * on their 集体协商 tab, and the pipeline shows it once, under the organisation.
 *
 * One open case per enterprise and kind still holds: the case takes `<enterpriseId>:<kind>` in
 * `bargaining_open_cases` for every enterprise it covers, or none (taken keys are given back when one is
 * held by another case).
 */
import { Types } from "mongoose";
import {
  CASE_KIND_INFO,
  CASE_SCOPE_INFO,
  isCaseKind,
  isCaseScope,
  responseDeadline,
  scopeProblem,
} from "~/domain/bargaining";
import { formatCitation } from "~/domain/citation-format";
import { can } from "~/domain/policy";
import { BargainingCase, OpenCaseLock, type BargainingCaseDoc } from "../../../models/bargaining-case";
import { Enterprise } from "../../../models/enterprise";
import { isDuplicateKeyError } from "../../../models/errors";
import { UnionOrg } from "../../../models/union-org";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, notFound, UserError } from "../../lib/http.server";
import { notifyUsers } from "../notifications/notifications.server";
import { orgPathOf } from "../orgs/orgs.server";
import { checkDate, initialTopics } from "./cases.server";
import {
  approvalChoiceFor,
  auditCase,
  caseLink,
  deadlinesFor,
  event,
  holidayCalendar,
  ruleSetIdFor,
  rulesFor,
  sideLeadIds,
  today,
} from "./context.server";
import { requestCaseDocument } from "./documents.server";
import { refreshSummaries } from "./kept-rows.server";

export const JOINT_CASE_MAX_ENTERPRISES = 200;

export interface JointCaseInput {
  orgId: string;
  scope: string;
  /** The industry or area the contract covers, e.g. "云溪区餐饮业". */
  coverage: string;
  kind: string;
  /** Who speaks for the employers, e.g. "云溪区餐饮行业协会（会长 王某）". */
  employerParty: string;
  topicKeys: string[];
  customTopics: string;
  note: string;
  sentOn: string;
  receivedOn?: string;
  enterpriseIds: string[];
}

/** Takes the open-case key of every enterprise, or none: the keys taken are given back on a refusal. */
async function takeOpenCaseKeys(
  enterprises: { _id: Types.ObjectId; name: string }[],
  kind: string,
  caseId: Types.ObjectId,
) {
  const taken: string[] = [];
  for (const e of enterprises) {
    const key = `${String(e._id)}:${kind}`;
    try {
      await OpenCaseLock.create({ _id: key, caseId });
      taken.push(key);
    } catch (error) {
      for (const k of taken) await OpenCaseLock.deleteOne({ _id: k, caseId });
      if (!isDuplicateKeyError(error)) throw error;
      throw new UserError(
        `${e.name}已有进行中的${CASE_KIND_INFO[kind as keyof typeof CASE_KIND_INFO].label}集体协商，请先在原案件中完成，或不选择该企业`,
        { enterpriseIds: [`${e.name}已有进行中的同类集体协商`] },
      );
    }
  }
  return taken;
}

/** The union organisation's offer to the employers of an industry or area (第53条; the offer: 集体合同规定 第32条). */
export async function openJointCase(
  user: CurrentUser,
  input: JointCaseInput,
  options: { caseId?: Types.ObjectId; renewsCaseId?: Types.ObjectId } = {},
) {
  if (!Types.ObjectId.isValid(input.orgId))
    throw new UserError("请选择发起协商的工会组织", { orgId: ["请选择工会组织"] });
  const org = await UnionOrg.findById(input.orgId).lean();
  if (!org || org.archived) throw notFound("工会组织不存在");
  const orgPath = await orgPathOf(org._id);
  if (!can(user, "bargaining:campaign", { type: "org", orgPath }))
    throw forbidden("您无权以该工会组织名义发起行业性、区域性集体协商");
  if (!isCaseScope(input.scope) || input.scope === "enterprise")
    throw new UserError("请选择行业性或区域性", { scope: ["请选择行业性或区域性"] });
  const scope = input.scope;
  if (!isCaseKind(input.kind)) throw new UserError("请选择协商类型", { kind: ["请选择协商类型"] });
  const kind = input.kind;
  const coverage = input.coverage.trim().slice(0, 60);
  if (!coverage)
    throw new UserError(`请填写${CASE_SCOPE_INFO[scope].label}集体合同覆盖的行业或区域`, {
      coverage: ["请填写覆盖的行业或区域"],
    });
  const employerParty = input.employerParty.trim().slice(0, 100);
  if (!employerParty)
    throw new UserError(
      `请填写企业方面代表（如行业协会及其负责人，${formatCitation({ statute: "劳动合同法", article: "53" })}）`,
      { employerParty: ["请填写企业方面代表"] },
    );
  const ids = [...new Set(input.enterpriseIds)].filter((id) => /^[0-9a-f]{24}$/i.test(id));
  const problem = scopeProblem(scope, ids.length);
  if (problem) throw new UserError(problem, { enterpriseIds: [problem] });
  if (ids.length > JOINT_CASE_MAX_ENTERPRISES)
    throw new UserError(
      `一份${CASE_SCOPE_INFO[scope].label}集体合同最多覆盖${JOINT_CASE_MAX_ENTERPRISES}家企业`,
    );
  const sentOn = checkDate(input.sentOn, "发出日期");
  const receivedOn = checkDate(input.receivedOn || sentOn, "收到日期");
  if (receivedOn < sentOn)
    throw new UserError("收到要约的日期不能早于发出日期", { receivedOn: ["收到日期不能早于发出日期"] });
  if (sentOn > today()) throw new UserError("发出日期不能晚于今天", { sentOn: ["发出日期不能晚于今天"] });
  // A keyed read per enterprise (FerretDB answers `_id` look-ups by key), in the order they were picked.
  const found = await Promise.all(ids.map((id) => Enterprise.findById(id).lean()));
  const enterprises = found.filter((e): e is NonNullable<typeof e> => !!e && !e.archived);
  if (enterprises.length !== ids.length) throw notFound("所选企业中有不存在的企业，请刷新后重新选择");
  for (const e of enterprises) {
    const path = await orgPathOf(e.unionOrgId);
    if (!path.includes(String(org._id)))
      throw forbidden(`${e.name}不在${org.name}之下，不能列入其${CASE_SCOPE_INFO[scope].label}集体合同`);
    if (!can(user, "bargaining:campaign", { type: "enterprise", enterpriseId: String(e._id), orgPath: path }))
      throw forbidden("所选企业中有您无权发出要约的企业");
  }
  const topics = await initialTopics(
    kind,
    { topicKeys: input.topicKeys, findingItemIds: [], customTopics: input.customTopics },
    enterprises[0]._id,
    "employee",
  );

  const caseId = options.caseId ?? new Types.ObjectId();
  const keys = await takeOpenCaseKeys(enterprises, kind, caseId);
  try {
    const ruleSet = await ruleSetIdFor(org._id);
    const rules = await rulesFor(org._id);
    const calendar = await holidayCalendar();
    const due = responseDeadline(receivedOn, rules, calendar);
    const note = input.note.trim().slice(0, 2000);
    const doc: Omit<BargainingCaseDoc, "createdAt" | "updatedAt"> = {
      _id: caseId,
      title: `${coverage}${CASE_SCOPE_INFO[scope].label}${CASE_KIND_INFO[kind].contractLabel}协商`,
      kind,
      scope,
      enterpriseIds: enterprises.map((e) => e._id),
      enterpriseNames: enterprises.map((e) => e.name),
      leadEnterpriseId: enterprises[0]._id,
      unionOrgId: org._id,
      initiatorSide: "employee",
      status: "offer_sent",
      ruleSetId: ruleSet.id,
      ruleSetName: rules.name,
      topics,
      positions: topics.map((t) => ({
        topicKey: t.key,
        side: "employee" as const,
        text: "列入要约",
        status: "on_table",
        roundNo: null,
        byName: user.displayName,
        at: new Date(),
      })),
      dates: { offerSentOn: sentOn, offerReceivedOn: receivedOn },
      deadlines: [],
      offer: { text: note, sentByName: user.displayName, addressee: employerParty },
      response: { decision: null, reason: "", extraTopics: "", byName: "" },
      recorderName: "",
      agenda: "",
      coordination: {
        requestedOn: null,
        requestedBy: null,
        reason: "",
        acceptedOn: null,
        extended: false,
        extensionDays: null,
        endedOn: null,
      },
      employerParty,
      coverage,
      partyNames: { employee: org.name, employer: employerParty },
      approvalRule: await approvalChoiceFor(org._id),
      repUserIds: [],
      employeeRepUserIds: [],
      employerRepUserIds: [],
      roundCount: 0,
      termYears: null,
      offerRenderId: null,
      responseRenderId: null,
      renewsCaseId: options.renewsCaseId ?? null,
      campaignId: null,
      events: [
        event(
          user,
          "send_offer",
          "employee",
          `${org.name}向${employerParty}发出要约，覆盖${enterprises.length}家企业，收到日期 ${receivedOn}`,
        ),
      ],
      createdBy: new Types.ObjectId(user.id),
      version: 0,
    };
    doc.deadlines = deadlinesFor(doc as BargainingCaseDoc, rules, calendar);
    const created = (await BargainingCase.create(doc)).toObject();
    const render = await requestCaseDocument(created, "offer", user.id);
    const saved = (await BargainingCase.findByIdAndUpdate(
      created._id,
      { $set: { offerRenderId: render.id } },
      { new: true },
    ).lean())!;
    await refreshSummaries(saved);
    await auditCase(user, "bargaining.joint_offer", saved, null, {
      scope,
      kind,
      enterprises: enterprises.length,
      employerParty,
      sentOn,
      dueOn: due.date,
    });
    await notifyUsers({
      userIds: await sideLeadIds(saved, "employer"),
      kind: "bargaining.offer",
      title: `${org.name}发出${saved.title.replace(/协商$/, "")}的集体协商要约`,
      body: `贵企业在本${CASE_SCOPE_INFO[scope].label}集体合同覆盖范围内。企业方面代表：${employerParty}。请于 ${due.date} 前书面回应（${due.sourceLabel}）。`,
      link: caseLink(saved),
      dedupeKey: `bargaining:${String(saved._id)}:offer`,
    });
    return saved;
  } catch (error) {
    for (const key of keys) await OpenCaseLock.deleteOne({ _id: key, caseId });
    await BargainingCase.deleteOne({ _id: caseId });
    throw error;
  }
}
