import { Types } from "mongoose";
import { can, type Principal } from "~/domain/policy";
import { ORG_KIND_LABELS, ORG_KINDS, type OrgKind } from "~/domain/roles";
import { orgShortCode, redHeadProblem, shortCodeProblem } from "~/domain/document-number";
import { OrgCode, UnionOrg, type UnionOrgDoc } from "../../../models/union-org";
import { orgTree } from "../../../models/org-tree";
import { Enterprise } from "../../../models/enterprise";
import { explainDuplicate, DuplicateError, isDuplicateKeyError } from "../../../models/errors";
import { orMissing } from "../../../models/lean-defaults";
import { updateAtVersion } from "../../../models/write-claim";
import { noteTreeChange } from "../dashboards/rollups.server";
import { visibleOrgs } from "../access/list-scope.server";
import { memoOnInputs } from "../../lib/memo-inputs";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { conflict, forbidden, notFound, UserError } from "../../lib/http.server";
import { orgKeptRows, startEnterpriseFigures } from "../workbench/figures.server";
import { compareZh } from "~/lib/text";

export interface OrgNode {
  id: string;
  name: string;
  kind: OrgKind;
  kindLabel: string;
  parentId: string | null;
  depth: number;
  archived: boolean;
  version: number;
  /** Enterprises directly under it (counted only for the organisation page: listOrgTree's withCounts). */
  enterpriseCount: number;
  /** 机关代字 as set by the admin ("" when unset). */
  shortCode: string;
  /** The code its document numbers carry: the one set, else the default derived from the name. */
  numberCode: string;
  redHead: string;
}

/** The organisation path of a node: its ancestors from the root, then itself. */
export async function orgPathOf(orgId: string | Types.ObjectId): Promise<string[]> {
  const org = (await orgTree()).byId.get(String(orgId));
  if (!org) return [];
  return [...org.ancestors.map(String), String(org._id)];
}

function sortTree(orgs: (UnionOrgDoc & { enterpriseCount: number })[]): OrgNode[] {
  const byParent = new Map<string, typeof orgs>();
  const ids = new Set(orgs.map((o) => String(o._id)));
  for (const org of orgs) {
    const parent = org.parentId && ids.has(String(org.parentId)) ? String(org.parentId) : "";
    byParent.set(parent, [...(byParent.get(parent) ?? []), org]);
  }
  const out: OrgNode[] = [];
  const walk = (parent: string, depth: number) => {
    const children = (byParent.get(parent) ?? []).sort((a, b) => compareZh(a.name, b.name));
    for (const org of children) {
      out.push({
        id: String(org._id),
        name: org.name,
        kind: org.kind,
        kindLabel: ORG_KIND_LABELS[org.kind],
        parentId: org.parentId ? String(org.parentId) : null,
        depth,
        archived: org.archived,
        version: org.version,
        enterpriseCount: org.enterpriseCount,
        shortCode: org.shortCode ?? "",
        numberCode: orgShortCode(org),
        redHead: org.redHead ?? "",
      });
      walk(String(org._id), depth + 1);
    }
  };
  walk("", 0);
  return out;
}

/**
 * The tree as an indented list, limited to what the person may see. With `withCounts` (the organisation
 * page), each node's enterprises are counted from the rows kept per organisation (read by `_id`); the
 * pickers leave them at 0.
 */
export async function listOrgTree(
  user: Principal,
  { includeArchived = false, withCounts = false } = {},
): Promise<OrgNode[]> {
  // The person's "org" list scope, from the cached tree (models/org-tree.ts).
  const [{ nodes }, visible] = await Promise.all([orgTree(), visibleOrgs(user)]);
  const orgs = visible.filter((o) => includeArchived || !o.archived);
  const ids = orgs.map((o) => String(o._id));
  const kept = withCounts ? await orgKeptRows(ids) : null;
  // Sorted once while the tree and the counted documents are the same objects (every page's pickers ask).
  const key = `${ids.join(",")}|${withCounts}`;
  return memoOnInputs("org-tree-list", key, [nodes, kept], () => {
    const countOf = new Map<string, number>();
    for (const { orgId } of kept?.values() ?? []) countOf.set(orgId, (countOf.get(orgId) ?? 0) + 1);
    return sortTree(orgs.map((o) => ({ ...o, enterpriseCount: countOf.get(String(o._id)) ?? 0 })));
  });
}

function requireManage(user: CurrentUser) {
  if (!can(user, "org:manage", { type: "system" })) throw forbidden("只有平台管理员可以维护工会组织");
}

function checkName(name: string) {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 60)
    throw new UserError("组织名称应为 2 到 60 个字", { name: ["组织名称应为 2 到 60 个字"] });
  return trimmed;
}

export async function createOrg(user: CurrentUser, input: { name: string; kind: string; parentId?: string }) {
  requireManage(user);
  const name = checkName(input.name);
  if (!ORG_KINDS.includes(input.kind as OrgKind))
    throw new UserError("请选择组织类型", { kind: ["请选择组织类型"] });
  let ancestors: Types.ObjectId[] = [];
  let parentId: Types.ObjectId | null = null;
  if (input.parentId) {
    if (!Types.ObjectId.isValid(input.parentId))
      throw new UserError("上级组织不存在", { parentId: ["上级组织不存在"] });
    const parent = await UnionOrg.findById(input.parentId).lean();
    if (!parent || parent.archived)
      throw new UserError("上级组织不存在或已归档", { parentId: ["上级组织不存在或已归档"] });
    ancestors = [...parent.ancestors, parent._id];
    parentId = parent._id;
  }
  try {
    const org = await UnionOrg.create({ name, kind: input.kind, parentId, ancestors });
    await startEnterpriseFigures(String(org._id));
    await audit(
      { id: user.id, name: user.displayName },
      {
        action: "org.create",
        resourceType: "union_org",
        resourceId: String(org._id),
        resourceName: name,
        unionOrgId: String(org._id),
        after: org.toObject(),
      },
    );
    return org;
  } catch (error) {
    const explained = explainDuplicate(error, { name: "组织名称" });
    if (explained instanceof DuplicateError)
      throw new UserError(explained.message, { name: [explained.message] });
    throw explained;
  }
}

async function loadForChange(id: string, version: number) {
  if (!Types.ObjectId.isValid(id)) throw notFound("工会组织不存在");
  const org = await UnionOrg.findById(id).lean();
  if (!org) throw notFound("工会组织不存在");
  if (org.version !== version) throw conflict("该组织已被他人修改，请刷新后重试");
  return org;
}

export async function renameOrg(user: CurrentUser, id: string, version: number, newName: string) {
  requireManage(user);
  const name = checkName(newName);
  const org = await loadForChange(id, version);
  let saved;
  try {
    saved = await updateAtVersion(UnionOrg, org._id, version, { $set: { name } });
  } catch (error) {
    const explained = explainDuplicate(error, { name: "组织名称" });
    if (explained instanceof DuplicateError)
      throw new UserError(explained.message, { name: [explained.message] });
    throw explained;
  }
  if (!saved) throw conflict("该组织已被他人修改，请刷新后重试");
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "org.rename",
      resourceType: "union_org",
      resourceId: id,
      resourceName: name,
      unionOrgId: id,
      before: { name: org.name },
      after: { name },
    },
  );
  return saved;
}

/**
 * Moves a node (with its subtree) under another parent. Enterprises keep their node, so who can see
 * them follows the tree at once. Descendants' paths are rewritten after the node's own write; the
 * rewrite is idempotent, so a repeat of the same move repairs any partial update.
 */
export async function moveOrg(user: CurrentUser, id: string, version: number, newParentId: string) {
  requireManage(user);
  const org = await loadForChange(id, version);
  if (!Types.ObjectId.isValid(newParentId))
    throw new UserError("请选择新的上级组织", { parentId: ["请选择新的上级组织"] });
  const parent = await UnionOrg.findById(newParentId).lean();
  if (!parent || parent.archived)
    throw new UserError("新的上级组织不存在或已归档", { parentId: ["新的上级组织不存在或已归档"] });
  if (String(parent._id) === id || parent.ancestors.some((a) => String(a) === id)) {
    throw new UserError("不能移动到自身或其下级组织之下", { parentId: ["不能移动到自身或其下级组织之下"] });
  }
  const newAncestors = [...parent.ancestors, parent._id];
  const saved = await updateAtVersion(UnionOrg, org._id, version, {
    $set: { parentId: parent._id, ancestors: newAncestors },
  });
  if (!saved) throw conflict("该组织已被他人修改，请刷新后重试");
  const descendants = await UnionOrg.find({ ancestors: org._id }).lean();
  for (const d of descendants) {
    const index = d.ancestors.findIndex((a) => String(a) === id);
    const ancestors = [...newAncestors, org._id, ...d.ancestors.slice(index + 1)];
    await UnionOrg.updateOne({ _id: d._id }, { $set: { ancestors } });
  }
  await noteTreeChange([org.parentId ? String(org.parentId) : null, id]);
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "org.move",
      resourceType: "union_org",
      resourceId: id,
      resourceName: org.name,
      unionOrgId: id,
      before: { parentId: org.parentId ? String(org.parentId) : null },
      after: { parentId: String(parent._id), parentName: parent.name },
    },
  );
  return saved;
}

/** Archives a node; refused while it still has active child nodes or enterprises (nothing is lost). */
export async function archiveOrg(user: CurrentUser, id: string, version: number) {
  requireManage(user);
  const org = await loadForChange(id, version);
  const [children, enterprises] = await Promise.all([
    UnionOrg.countDocuments({ parentId: org._id, archived: orMissing(false) }),
    Enterprise.countDocuments({ unionOrgId: org._id, archived: orMissing(false) }),
  ]);
  if (children > 0 || enterprises > 0) {
    throw new UserError(`该组织下还有 ${children} 个下级组织、${enterprises} 家企业，请先移走后再归档`);
  }
  const saved = await updateAtVersion(UnionOrg, org._id, version, { $set: { archived: true } });
  if (!saved) throw conflict("该组织已被他人修改，请刷新后重试");
  await noteTreeChange([id]);
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "org.archive",
      resourceType: "union_org",
      resourceId: id,
      resourceName: org.name,
      unionOrgId: id,
      before: { archived: false },
      after: { archived: true },
    },
  );
  return saved;
}

/**
 * Sets how an organisation's documents name it: the short code (机关代字) in its report and prescription
 * numbers, unique among organisations, and the optional red head (版头) of its prescriptions. Numbers
 * already given keep their text; the next ones carry the new code. Empty clears either.
 */
export async function setOrgDocumentStyle(
  user: CurrentUser,
  id: string,
  version: number,
  input: { shortCode: string; redHead: string },
) {
  requireManage(user);
  const shortCode = input.shortCode.trim();
  const redHead = input.redHead.trim();
  const codeProblem = shortCode ? shortCodeProblem(shortCode) : null;
  if (codeProblem) throw new UserError(codeProblem, { shortCode: [codeProblem] });
  const headProblem = redHeadProblem(redHead);
  if (headProblem) throw new UserError(headProblem, { redHead: [headProblem] });
  const org = await loadForChange(id, version);
  const before = org.shortCode ?? "";
  // The code's row first: of two organisations asking for one code, one gets it.
  if (shortCode && shortCode !== before) {
    try {
      await OrgCode.create({ _id: shortCode, orgId: org._id });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const holder = await OrgCode.findById(shortCode).lean();
      if (!holder || String(holder.orgId) !== id) {
        const other = holder ? await UnionOrg.findById(holder.orgId).select({ name: 1 }).lean() : null;
        const message = `机关代字“${shortCode}”已被${other?.name ?? "其他组织"}使用`;
        throw new UserError(message, { shortCode: [message] });
      }
    }
  }
  const saved = await updateAtVersion(UnionOrg, org._id, version, {
    ...(shortCode || redHead
      ? { $set: { ...(shortCode ? { shortCode } : {}), ...(redHead ? { redHead } : {}) } }
      : {}),
    ...(!shortCode || !redHead
      ? { $unset: { ...(!shortCode ? { shortCode: 1 } : {}), ...(!redHead ? { redHead: 1 } : {}) } }
      : {}),
  });
  if (!saved) {
    if (shortCode && shortCode !== before) await OrgCode.deleteOne({ _id: shortCode, orgId: org._id });
    throw conflict("该组织已被他人修改，请刷新后重试");
  }
  if (before && before !== shortCode) await OrgCode.deleteOne({ _id: before, orgId: org._id });
  await audit(
    { id: user.id, name: user.displayName },
    {
      action: "org.document_style",
      resourceType: "union_org",
      resourceId: id,
      resourceName: org.name,
      unionOrgId: id,
      before: { shortCode: before, redHead: org.redHead ?? "" },
      after: { shortCode, redHead },
    },
  );
  return saved;
}
