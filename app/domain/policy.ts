import { ROLE_BINDING, ROLES, type Role, type RoleGrant } from "./roles";

/**
 * The one policy module (DESIGN.md): every access is decided here from (user, action, resource).
 * Pure: the caller describes the resource, including its organisation path (the union organisation it
 * hangs under and all that node's ancestors), so "instructors see their node's subtree" is a membership
 * test and moving a node in the tree moves who can see its enterprises without touching them.
 */
export interface Principal {
  id: string;
  roles: RoleGrant[];
}

/** Grants as stored (ids may be database ids): enough to ask what roles someone holds. */
interface HoldsGrants {
  roles: { role: Role; unionOrgId?: unknown; enterpriseId?: unknown }[];
}

export type Resource =
  | { type: "system" }
  | { type: "org"; orgPath: string[] }
  | { type: "enterprise"; enterpriseId: string; orgPath: string[] }
  /** An account: the grants it holds or will hold, each with the org path of its node or enterprise. */
  | { type: "account"; userId?: string; grants: { role: Role; orgPath: string[]; enterpriseId?: string }[] }
  | { type: "audit"; orgPath: string[] }
  /** Background work someone started (a report batch): what it covers was checked when it started. */
  | { type: "job"; ownerId: string }
  // ── Collective bargaining (集体协商) ──
  /** A case: its enterprises, the org path of its lead enterprise, the representatives' accounts. */
  | {
      type: "bargaining_case";
      enterpriseIds: string[];
      orgPath: string[];
      repUserIds: string[];
      /** industry / area (劳动合同法 第53条): the union side is the organisation's, led by its instructors. */
      scope?: string;
    }
  /** One side's private (caucus) notes of a case, with that side's representatives' accounts. */
  | {
      type: "caucus";
      side: BargainingSide;
      enterpriseIds: string[];
      sideUserIds: string[];
      /** An industry or area case: the organisation path whose instructors lead the union side. */
      jointOrgPath?: string[];
    }
  /**
   * The employee side's clause review of a case's drafts (comments, suggestions): its enterprises, the
   * accounts on the employee representative list, and the account of the list's chief (if any).
   */
  | { type: "draft_review"; enterpriseIds: string[]; employeeUserIds: string[]; chiefUserIds: string[] }
  /**
   * The congress that votes on a case's draft: the case's enterprises and people, the accounts linked to
   * roster members (who vote online) and the two tellers of the current vote (who enter paper slips).
   */
  | {
      type: "congress";
      enterpriseIds: string[];
      orgPath: string[];
      repUserIds: string[];
      voterUserIds: string[];
      tellerUserIds: string[];
    }
  /**
   * An enterprise's cultivation plan: `assignees` are the enterprise roles a manual milestone lets add
   * records; `instructorSignedBy` who signed it as instructor (the countersignature must be someone else).
   */
  | {
      type: "plan";
      enterpriseId: string;
      orgPath: string[];
      assignees?: string[];
      instructorSignedBy?: string | null;
    };

export type BargainingSide = "employee" | "employer";

export type Action =
  | "system:view"
  | "org:manage"
  | "org:view"
  | "account:manage"
  /** The accounts page (its rows are the account list scope). */
  | "account:list"
  /** Mark an instructor grant as the head of its organisation (countersigns cultivation plans): admins. */
  | "account:head"
  | "enterprise:list"
  | "enterprise:view"
  | "enterprise:create"
  | "enterprise:update"
  | "enterprise:import"
  | "enterprise:export"
  | "audit:view"
  /** The audit trail page (its rows are the audit list scope). */
  | "audit:list"
  /** Questionnaire templates of the legal health check: import, edit, publish (platform admins only). */
  | "template:manage"
  /** Legal health checks: instructors start and review; the enterprise's HR manager fills in. */
  | "assessment:start"
  | "assessment:view"
  | "assessment:fill"
  | "assessment:review"
  /** Risk reports: the enterprise's HR manager and chair read them; instructors write the analysis. */
  | "report:view"
  | "report:edit"
  /** The reports list and batch generation across the instructor's enterprises. */
  | "report:list"
  /** A report batch's progress: the person who started it (and admins). */
  | "report_batch:view"
  /** An Excel import batch (preview and confirm): the person who uploaded it (and admins). */
  | "import_batch:view"
  /** Legal prescriptions: instructors draft, issue and verify; HR works the items; the chair reads. */
  | "prescription:view"
  | "prescription:manage"
  | "prescription:respond"
  // ── Collective bargaining (集体协商) ──
  /** The pipeline of cases across organisations (instructors, admins). */
  | "bargaining:list"
  /** Open a case: instructors of the subtree, the enterprise's HR and chair, representatives on it. */
  | "bargaining:view"
  /** Act for the employee side (the enterprise's union chair) or the employer side (its HR manager). */
  | "bargaining:employee_side"
  | "bargaining:employer_side"
  /** Send offers to many enterprises at once (集中要约): instructors of the organisation. */
  | "bargaining:campaign"
  /** Rule sets per organisation and the holiday calendar: platform admins. */
  | "bargaining:rules"
  /** Read and write one side's private notes: that side only — never the other side, nor admins. */
  | "caucus:use"
  /** The clause library of collective contracts: view, export, import, publish (platform admins). */
  | "contract_library:manage"
  /**
   * Read and write the employee side's clause comments and suggestions: the union chair and the accounts
   * on the employee representative list — never the employer side, instructors or admins.
   */
  | "draft_review:take_part"
  /** Accept or decline a suggestion (it enters the next version): the union chair or the list's chief. */
  | "draft_review:decide"
  /** The congress page: the result and the published receipt codes (whoever sees the case, voters, tellers). */
  | "congress:view"
  /** Roster, meeting, check-in, opening and closing the vote, paper slips: the union chair (employee side). */
  | "congress:manage"
  /** Cast one's own ballot: only the account linked to a roster member — nobody votes for another, admins neither. */
  | "congress:vote"
  /** Enter paper slips: only the two tellers of the vote, each on their own account. */
  | "congress:count"
  /**
   * Cultivation (培育助推): instructors plan, record and sign; the head of their organisation countersigns;
   * HR and the chair read their plan and add records to milestones assigned to their role; trainings hang
   * under an organisation; survey figures are counts only (answers are anonymous to everyone).
   */
  | "plan:list"
  | "plan:view"
  | "plan:manage"
  | "plan:record"
  | "plan:countersign"
  | "plan_template:manage"
  | "training:manage"
  | "survey:manage"
  | "survey:figures"
  /**
   * The dashboard of a union organisation and everything below it (figures, their export and print):
   * instructors and heads of that node or an ancestor, admins for every node; enterprise roles never.
   */
  | "dashboard:view";

const has = (p: Principal, role: Role) => p.roles.some((g) => g.role === role);

/** Platform administrators: they see and manage everything. */
export function isAdmin(p: Principal): boolean {
  return has(p, "admin");
}

/**
 * Union staff (platform admins and instructors): they work across enterprises, know the prescription
 * list as 法律处方 and see the figures of their organisations; enterprise staff know it as 整改事项.
 */
export function isStaff(p: Principal): boolean {
  return has(p, "admin") || has(p, "instructor");
}

/** Union organisation nodes the principal instructs. */
export function instructedOrgs(p: Principal): string[] {
  return p.roles.filter((g) => g.role === "instructor" && g.unionOrgId).map((g) => String(g.unionOrgId));
}

/** Enterprises the principal belongs to (HR, chair, representative). */
export function memberEnterprises(p: Principal, roles: Role[] = ["hr", "chair", "rep"]): string[] {
  return p.roles.filter((g) => roles.includes(g.role) && g.enterpriseId).map((g) => String(g.enterpriseId));
}

/** Whether the principal is the HR manager of the enterprise (who works its prescription items). */
export function isEnterpriseHr(p: HoldsGrants, enterpriseId: string): boolean {
  return p.roles.some((g) => g.role === "hr" && String(g.enterpriseId) === String(enterpriseId));
}

/** Whether the principal instructs one of these organisation nodes directly (not through an ancestor). */
/** Where in the grants the person's instructor grant for this organisation is (-1 without one). */
export function orgGrantIndex(p: HoldsGrants, unionOrgId: string): number {
  return p.roles.findIndex(
    (g) => ROLE_BINDING[g.role] === "org" && String(g.unionOrgId ?? "") === unionOrgId,
  );
}

export function instructsOneOf(p: HoldsGrants, orgIds: string[]): boolean {
  return p.roles.some(
    (g) => g.role === "instructor" && !!g.unionOrgId && orgIds.includes(String(g.unionOrgId)),
  );
}

/** Whether the principal already holds exactly this grant (same role on the same node or enterprise). */
/** The grants a person holds for any of these enterprises (to list people of an enterprise with their roles). */
export function grantsInEnterprises(p: HoldsGrants, enterpriseIds: ReadonlySet<string>) {
  return p.roles.filter((g) => !!g.enterpriseId && enterpriseIds.has(String(g.enterpriseId)));
}

/** Whether a person holds `role` for one of these enterprises (e.g. who leads a bargaining side). */
export function holdsEnterpriseRole(p: HoldsGrants, role: Role, enterpriseIds: ReadonlySet<string>): boolean {
  return grantsInEnterprises(p, enterpriseIds).some((g) => g.role === role);
}

export function holdsGrant(p: HoldsGrants, grant: HoldsGrants["roles"][number]): boolean {
  return p.roles.some(
    (g) =>
      g.role === grant.role &&
      String(g.unionOrgId ?? "") === String(grant.unionOrgId ?? "") &&
      String(g.enterpriseId ?? "") === String(grant.enterpriseId ?? ""),
  );
}

/** The roles a principal may give to accounts they manage (account:manage still checks each target). */
export function grantableRoles(p: Principal): Role[] {
  if (has(p, "admin")) return [...ROLES];
  if (has(p, "instructor")) return ["hr", "chair", "rep"];
  return [];
}

function instructsPath(p: Principal, orgPath: string[]) {
  return instructedOrgs(p).some((org) => orgPath.includes(org));
}

/** Union organisation nodes the principal heads (an instructor grant flagged `head`). */
export function headedOrgs(p: Principal): string[] {
  return p.roles.filter((g) => g.role === "instructor" && g.head && g.unionOrgId).map((g) => g.unionOrgId!);
}

/** The cultivation rules of `can` (one group, so the switch below stays short). */
function canCultivation(p: Principal, action: Action, r: Resource): boolean {
  const member = (roles: Role[], enterpriseId: string) => memberEnterprises(p, roles).includes(enterpriseId);
  switch (action) {
    case "plan:list":
      return r.type === "system" && instructedOrgs(p).length > 0;
    case "plan:view":
      return r.type === "plan" && (instructsPath(p, r.orgPath) || member(["hr", "chair"], r.enterpriseId));
    case "plan:manage":
      return r.type === "plan" && instructsPath(p, r.orgPath);
    case "plan:record":
      return (
        r.type === "plan" &&
        (instructsPath(p, r.orgPath) ||
          member(
            (r.assignees ?? []).filter((a): a is Role => a === "hr" || a === "chair"),
            r.enterpriseId,
          ))
      );
    case "plan:countersign":
      return (
        r.type === "plan" &&
        headedOrgs(p).some((org) => r.orgPath.includes(org)) &&
        r.instructorSignedBy !== p.id
      );
    case "training:manage":
      return r.type === "org" && instructsPath(p, r.orgPath);
    case "survey:manage":
      return r.type === "enterprise" && instructsPath(p, r.orgPath);
    case "survey:figures":
      return (
        (r.type === "org" && instructsPath(p, r.orgPath)) ||
        (r.type === "enterprise" && (instructsPath(p, r.orgPath) || member(["hr", "chair"], r.enterpriseId)))
      );
    default:
      return false;
  }
}

export function can(p: Principal, action: Action, resource: Resource): boolean {
  if (action === "caucus:use") return caucusAllowed(p, resource);
  if (action === "draft_review:take_part" || action === "draft_review:decide")
    return draftReviewAllowed(p, action, resource);
  if (action === "congress:vote") return resource.type === "congress" && resource.voterUserIds.includes(p.id);
  if (action === "congress:count")
    return resource.type === "congress" && resource.tellerUserIds.includes(p.id);
  if (has(p, "admin")) return true;
  switch (action) {
    case "system:view":
    case "org:manage":
    case "template:manage":
    case "plan_template:manage":
    case "account:head":
    case "contract_library:manage":
      return false;
    case "plan:list":
    case "plan:view":
    case "plan:manage":
    case "plan:record":
    case "plan:countersign":
    case "training:manage":
    case "survey:manage":
    case "survey:figures":
      return canCultivation(p, action, resource);
    case "org:view":
    case "dashboard:view":
      return resource.type === "org" && instructsPath(p, resource.orgPath);
    case "enterprise:list":
    case "report:list":
    case "account:list":
    case "audit:list":
    case "enterprise:import":
    case "enterprise:export":
      return resource.type === "system" ? instructedOrgs(p).length > 0 : false;
    case "enterprise:view":
      return (
        resource.type === "enterprise" &&
        (instructsPath(p, resource.orgPath) || memberEnterprises(p).includes(resource.enterpriseId))
      );
    case "enterprise:create":
    case "enterprise:update":
      return (
        (resource.type === "enterprise" || resource.type === "org") && instructsPath(p, resource.orgPath)
      );
    case "account:manage":
      // Instructors create and manage accounts for enterprises in their subtree; admins everything.
      return (
        resource.type === "account" &&
        resource.grants.length > 0 &&
        resource.grants.every(
          (g) =>
            g.role !== "admin" && g.role !== "instructor" && !!g.enterpriseId && instructsPath(p, g.orgPath),
        )
      );
    case "audit:view":
      return resource.type === "audit" && instructsPath(p, resource.orgPath);
    case "report_batch:view":
    case "import_batch:view":
      return resource.type === "job" && resource.ownerId === p.id;
    case "assessment:start":
    case "assessment:review":
      return resource.type === "enterprise" && instructsPath(p, resource.orgPath);
    case "assessment:view":
      return (
        resource.type === "enterprise" &&
        (instructsPath(p, resource.orgPath) ||
          memberEnterprises(p, ["hr", "chair"]).includes(resource.enterpriseId))
      );
    case "assessment:fill":
    case "prescription:respond":
      return resource.type === "enterprise" && memberEnterprises(p, ["hr"]).includes(resource.enterpriseId);
    case "report:edit":
    case "prescription:manage":
      return resource.type === "enterprise" && instructsPath(p, resource.orgPath);
    case "report:view":
    case "prescription:view":
      return (
        resource.type === "enterprise" &&
        (instructsPath(p, resource.orgPath) ||
          memberEnterprises(p, ["hr", "chair"]).includes(resource.enterpriseId))
      );
    case "bargaining:list":
      return resource.type === "system" && instructedOrgs(p).length > 0;
    case "bargaining:campaign":
      return (
        (resource.type === "org" || resource.type === "enterprise") && instructsPath(p, resource.orgPath)
      );
    case "bargaining:rules":
      return false;
    case "bargaining:view":
    case "bargaining:employee_side":
    case "bargaining:employer_side":
      return bargainingAllowed(p, action, resource);
    case "congress:manage":
      return resource.type === "congress" && bargainingAllowed(p, "bargaining:employee_side", resource);
    case "congress:view":
      return (
        resource.type === "congress" &&
        (bargainingAllowed(p, "bargaining:view", resource) ||
          resource.voterUserIds.includes(p.id) ||
          resource.tellerUserIds.includes(p.id))
      );
  }
}

// ── Collective bargaining (集体协商) ──
const SIDE_LEAD: Record<BargainingSide, Role> = { employee: "chair", employer: "hr" };

function caseEnterprises(resource: Resource): { enterpriseIds: string[]; orgPath: string[] } | null {
  if (resource.type === "bargaining_case" || resource.type === "congress") return resource;
  if (resource.type === "enterprise")
    return { enterpriseIds: [resource.enterpriseId], orgPath: resource.orgPath };
  return null;
}

/** The union chair leads the employee side, HR the employer side; representatives see the cases they are on. */
function bargainingAllowed(p: Principal, action: Action, resource: Resource): boolean {
  const target = caseEnterprises(resource);
  if (!target) return false;
  const leads = (side: BargainingSide) =>
    memberEnterprises(p, [SIDE_LEAD[side]]).some((id) => target.enterpriseIds.includes(id));
  // 劳动合同法 第53条: an industry or area contract is made by the union (the organisation, through its
  // instructors) with the employers' representative; the covered enterprises' chairs follow the case.
  const joint = resource.type === "bargaining_case" && !!resource.scope && resource.scope !== "enterprise";
  if (action === "bargaining:employee_side")
    return joint ? instructsPath(p, target.orgPath) : leads("employee");
  if (action === "bargaining:employer_side") return leads("employer");
  return (
    instructsPath(p, target.orgPath) ||
    leads("employee") ||
    leads("employer") ||
    ((resource.type === "bargaining_case" || resource.type === "congress") &&
      resource.repUserIds.includes(p.id) &&
      memberEnterprises(p, ["rep"]).some((id) => target.enterpriseIds.includes(id)))
  );
}

/** Caucus notes: the side's lead (chair / HR) and its representatives with accounts; nobody else. */
function caucusAllowed(p: Principal, resource: Resource): boolean {
  if (resource.type !== "caucus") return false;
  const member = (roles: Role[]) =>
    memberEnterprises(p, roles).some((id) => resource.enterpriseIds.includes(id));
  if (resource.jointOrgPath && resource.side === "employee") {
    if (instructsPath(p, resource.jointOrgPath)) return true;
    return resource.sideUserIds.includes(p.id) && member(["rep", "chair"]);
  }
  if (member([SIDE_LEAD[resource.side]])) return true;
  return resource.sideUserIds.includes(p.id) && member(["rep", "hr", "chair"]);
}

/**
 * The employee side's clause review: the union chair of the case's enterprise, and the people on the
 * employee representative list with an account of the enterprise; deciding is for the chair or the list's
 * chief. Admins and instructors are not the employee side (like caucus notes).
 */
function draftReviewAllowed(p: Principal, action: Action, resource: Resource): boolean {
  if (resource.type !== "draft_review") return false;
  const member = (roles: Role[]) =>
    memberEnterprises(p, roles).some((id) => resource.enterpriseIds.includes(id));
  if (member([SIDE_LEAD.employee])) return true;
  const ids = action === "draft_review:decide" ? resource.chiefUserIds : resource.employeeUserIds;
  return ids.includes(p.id) && member(["rep", "chair"]);
}

/**
 * The lists of the product. Every list, export, picker and figure reads its rows through the scope of its
 * kind (listScope), turned into one database filter that URL filters can only narrow (services/access).
 */
export const LIST_KINDS = [
  /** The enterprise registry, its export, enterprise pickers and the workbench figures. */
  "enterprise",
  /** Prescription items: the 法律处方/整改事项 list, its export, an enterprise's tab, headline figures. */
  "prescription_item",
  /** Accepted health checks with their reports and Word files: the reports list, headline figures. */
  "accepted_check",
  "audit_entry",
  "account",
  "org",
  /** In-app notifications: each person's own. */
  "notification",
  /** Report batches: each person's own. */
  "report_batch",
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** What a principal's list of one kind may contain. */
export type ListScope =
  | { kind: "all" }
  /** Rows of these organisation nodes and every node below them, and rows of these enterprises. */
  | { kind: "within"; orgIds: string[]; enterpriseIds: string[] }
  /** Rows that belong to this person. */
  | { kind: "own"; userId: string }
  | { kind: "none" };

function within(orgIds: string[], enterpriseIds: string[]): ListScope {
  const orgs = [...new Set(orgIds)];
  const enterprises = [...new Set(enterpriseIds)];
  return orgs.length || enterprises.length
    ? { kind: "within", orgIds: orgs, enterpriseIds: enterprises }
    : { kind: "none" };
}

/**
 * The one answer to "which rows of this list may this person see". Roles add up: an instructor who is
 * also an enterprise's HR manager sees their subtree and that enterprise.
 */
export function listScope(p: Principal, kind: ListKind): ListScope {
  switch (kind) {
    case "notification":
    case "report_batch":
      return { kind: "own", userId: p.id };
    default:
      if (has(p, "admin")) return { kind: "all" };
  }
  switch (kind) {
    case "enterprise":
      // Enterprise staff see their own enterprise (the enterprise list page itself is enterprise:list).
      return within(instructedOrgs(p), memberEnterprises(p));
    case "prescription_item":
    case "accepted_check":
      // Prescriptions and reports are for the enterprise's HR manager and union chair, not its representatives.
      return within(instructedOrgs(p), memberEnterprises(p, ["hr", "chair"]));
    case "audit_entry":
    case "account":
    case "org":
      return within(instructedOrgs(p), []);
  }
}

export interface NavItem {
  to: string;
  label: string;
}

/** The navigation each person sees, from their roles (union of all roles held). */
export function navigationFor(p: Principal): NavItem[] {
  const items: NavItem[] = [{ to: "/", label: "工作台" }];
  const add = (item: NavItem) => {
    if (!items.some((i) => i.to === item.to)) items.push(item);
  };
  if (isStaff(p)) {
    add({ to: "/dashboard", label: "数据看板" });
    add({ to: "/enterprises", label: "企业" });
    add({ to: "/reports", label: "体检报告" });
    add({ to: "/prescriptions", label: "法律处方" });
    add({ to: "/plans", label: "培育助推" });
    add({ to: "/trainings", label: "政策培训" });
    add({ to: "/surveys", label: "质量调查" });
  }
  for (const enterpriseId of memberEnterprises(p)) {
    add({ to: `/enterprises/${enterpriseId}`, label: "本企业" });
  }
  if (memberEnterprises(p, ["hr", "chair"]).length) add({ to: "/prescriptions", label: "整改事项" });
  // ── Collective bargaining (集体协商) ──
  if (isStaff(p)) {
    add({ to: "/bargaining", label: "集体协商" });
    add({ to: "/bargaining/campaigns", label: "集中要约" });
  }
  for (const enterpriseId of memberEnterprises(p)) {
    add({ to: `/enterprises/${enterpriseId}/bargaining`, label: "集体协商" });
  }
  if (isStaff(p)) {
    add({ to: "/accounts", label: "账号" });
    add({ to: "/audit", label: "操作日志" });
  }
  if (has(p, "admin")) {
    add({ to: "/orgs", label: "工会组织" });
    add({ to: "/templates", label: "问卷模板" });
    add({ to: "/contracts/library", label: "条款库" });
    add({ to: "/plans/templates", label: "培育模板" });
    add({ to: "/system", label: "系统状态" });
    add({ to: "/bargaining/calendar", label: "节假日" });
  }
  return items;
}
