/**
 * Each side names its bargaining representatives (集体合同规定 第19–24条). A list is checked under the
 * case's rule set before it is saved: a refused list names the rule and its article. Once both lists
 * stand together (equal numbers or the regional balance, nobody on both sides), the case moves to
 * "协商代表已确定". Accounts named on a list may open the case (policy: representatives see their cases).
 */
import { enterpriseAccounts } from "../accounts/kept-accounts.server";
import { Types } from "mongoose";
import { grantsInEnterprises } from "~/domain/policy";
import { otherSide, validateRepresentatives, type Representative, type Side } from "~/domain/bargaining";
import { BargainingCase, type BargainingCaseDoc } from "../../../models/bargaining-case";
import { Enterprise } from "../../../models/enterprise";
import {
  RepresentativeList,
  representativeListId,
  type RepresentativeDoc,
  type RepresentativeListDoc,
} from "../../../models/bargaining-parts";
import type { CurrentUser } from "../accounts/auth.server";
import { UserError } from "../../lib/http.server";
import {
  auditCase,
  event,
  loadCase,
  notifyNextStep,
  requireSide,
  rulesOfCase,
  saveCase,
  sideLabel,
  today,
} from "./context.server";
import { refreshSummaries } from "./kept-rows.server";

export interface MemberInput {
  name: string;
  title: string;
  userId: string;
  chief: boolean;
  outsider: boolean;
}

export interface RepresentativesInput {
  side: Side;
  members: MemberInput[];
  /** The chief is the union chair / the legal representative. */
  chiefHoldsOffice: boolean;
  /** A written delegation is on file (where the chief does not hold the office). */
  writtenDelegation: boolean;
  delegation: string;
  /** 浙江: enterprise above designated size (规模以上企业). */
  aboveDesignatedSize?: boolean;
}

const personId = (m: Pick<RepresentativeDoc, "name" | "userId">) =>
  m.userId ? `user:${String(m.userId)}` : `name:${m.name.replace(/\s+/g, "")}`;

function toDomain(list: RepresentativeDoc[]): Representative[] {
  return list.map((m) => ({
    personId: personId(m),
    name: m.name,
    chief: m.chief,
    outsider: m.outsider,
    holdsOffice: m.holdsOffice,
    writtenDelegation: m.writtenDelegation,
  }));
}

/** Accounts of the case's enterprises that may be linked to a representative (they then see the case). */
export async function linkableAccounts(doc: Pick<BargainingCaseDoc, "enterpriseIds">) {
  const ids = new Set(doc.enterpriseIds.map(String));
  const users = await enterpriseAccounts(doc.enterpriseIds, { active: true });
  return users
    .map((u) => ({ id: String(u._id), name: u.displayName, grants: grantsInEnterprises(u, ids) }))
    .filter((u) => u.grants.length > 0)
    .map(({ grants, ...u }) => ({ ...u, roles: grants.map((g) => g.role) }));
}

export async function representativeLists(caseId: Types.ObjectId) {
  const [employee, employer] = await Promise.all([
    RepresentativeList.findById(representativeListId(caseId, "employee")).lean(),
    RepresentativeList.findById(representativeListId(caseId, "employer")).lean(),
  ]);
  return { employee, employer };
}

/** Names (or renames) one side's list; refused with the rule and article when it breaks one. */
export async function nameRepresentatives(
  user: CurrentUser,
  caseId: string,
  version: number,
  input: RepresentativesInput,
) {
  const loaded = await loadCase(user, caseId);
  requireSide(user, loaded, input.side);
  if (!["accepted", "representatives_named", "preparation"].includes(loaded.status))
    throw new UserError("当前阶段不能调整协商代表名单");
  const accounts = await linkableAccounts(loaded.doc);
  const members: RepresentativeDoc[] = input.members
    .map((m) => ({ ...m, name: m.name.trim().slice(0, 40), title: m.title.trim().slice(0, 60) }))
    .filter((m) => m.name !== "")
    .slice(0, 40)
    .map((m) => {
      if (m.userId && !accounts.some((a) => a.id === m.userId))
        throw new UserError(`“${m.name}”关联的账号不属于本企业`, { members: ["关联账号无效"] });
      return {
        name: m.name,
        title: m.title,
        userId: m.userId ? new Types.ObjectId(m.userId) : null,
        chief: m.chief,
        outsider: m.outsider,
        holdsOffice: m.chief && input.chiefHoldsOffice,
        writtenDelegation: m.chief && input.writtenDelegation,
      };
    });
  const lists = await representativeLists(loaded.doc._id);
  const other = otherSide(input.side);
  const otherMembers = lists[other]?.members ?? [];
  const enterprise = await Enterprise.findById(loaded.doc.leadEnterpriseId)
    .select({ unionEstablishedOn: 1 })
    .lean();
  const rules = rulesOfCase(loaded.doc);
  const issues = validateRepresentatives(
    {
      [input.side]: toDomain(members),
      [other]: toDomain(otherMembers),
      recorder: null,
    } as { employee: Representative[]; employer: Representative[]; recorder: null },
    {
      hasUnion: !!enterprise?.unionEstablishedOn,
      requireRecorder: false,
      aboveDesignatedSize:
        rules.rules.representatives.value.minAboveDesignatedSize !== null
          ? !!input.aboveDesignatedSize
          : undefined,
    },
    rules,
  ).filter((i) => i.side === input.side || (i.side === null && otherMembers.length > 0));
  if (issues.length > 0)
    throw new UserError(`协商代表名单不符合规定：${issues.map((i) => i.message).join("；")}`, {
      members: issues.map((i) => i.message),
    });

  const bothNamed = otherMembers.length > 0;
  const next = bothNamed && loaded.status === "accepted" ? "representatives_named" : loaded.status;
  const ids = (list: RepresentativeDoc[]) => list.flatMap((m) => (m.userId ? [m.userId] : []));
  const sideIds = { [input.side]: ids(members), [other]: ids(otherMembers) } as Record<
    Side,
    Types.ObjectId[]
  >;
  const saved = await saveCase(
    loaded,
    version,
    {
      $set: {
        status: next,
        employeeRepUserIds: sideIds.employee,
        employerRepUserIds: sideIds.employer,
        repUserIds: [...sideIds.employee, ...sideIds.employer],
        ...(next !== loaded.status ? { "dates.representativesOn": today() } : {}),
      },
      $push: {
        events: event(
          user,
          "name_representatives",
          input.side,
          `${sideLabel(input.side)}协商代表${members.length}人`,
        ),
      },
    },
    { status: loaded.status },
  );
  // The case write settled the race; the list follows it (a lost list write is redone by saving again).
  const listDoc: Omit<RepresentativeListDoc, "createdAt" | "updatedAt"> = {
    _id: representativeListId(loaded.doc._id, input.side),
    caseId: loaded.doc._id,
    side: input.side,
    members,
    delegation: input.delegation.trim().slice(0, 1000),
    updatedByName: user.displayName,
    version: (lists[input.side]?.version ?? -1) + 1,
  };
  await RepresentativeList.replaceOne(
    { _id: listDoc._id },
    { ...listDoc, updatedAt: new Date() },
    { upsert: true },
  );
  await auditCase(
    user,
    "bargaining.representatives",
    saved,
    { members: lists[input.side]?.members.length ?? 0 },
    {
      side: input.side,
      members: members.map((m) => m.name),
    },
  );
  if (next !== loaded.status) {
    await notifyNextStep(
      saved,
      `${saved.enterpriseNames[0]}：双方协商代表已确定，请商定记录员和议程`,
      "协商准备（第三十三条）。",
      `bargaining:${String(saved._id)}:representatives`,
    );
  }
  await refreshSummaries((await BargainingCase.findById(saved._id).lean())!);
  return saved;
}
