import type { Role, RoleGrant } from "./roles";

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
  | { type: "bargaining_case"; enterpriseIds: string[]; orgPath: string[]; repUserIds: string[] }
  /** One side's private (caucus) notes of a case, with that side's representatives' accounts. */
  | { type: "caucus"; side: BargainingSide; enterpriseIds: string[]; sideUserIds: string[] };

export type BargainingSide = "employee" | "employer";

export type Action =
  | "system:view"
  | "org:manage"
  | "org:view"
  | "account:manage"
  | "enterprise:list"
  | "enterprise:view"
  | "enterprise:create"
  | "enterprise:update"
  | "enterprise:import"
  | "enterprise:export"
  | "audit:view"
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
  | "caucus:use";

const has = (p: Principal, role: Role) => p.roles.some((g) => g.role === role);

/** Union organisation nodes the principal instructs. */
export function instructedOrgs(p: Principal): string[] {
  return p.roles.filter((g) => g.role === "instructor" && g.unionOrgId).map((g) => g.unionOrgId!);
}

/** Enterprises the principal belongs to (HR, chair, representative). */
export function memberEnterprises(p: Principal, roles: Role[] = ["hr", "chair", "rep"]): string[] {
  return p.roles.filter((g) => roles.includes(g.role) && g.enterpriseId).map((g) => g.enterpriseId!);
}

function instructsPath(p: Principal, orgPath: string[]) {
  return instructedOrgs(p).some((org) => orgPath.includes(org));
}

export function can(p: Principal, action: Action, resource: Resource): boolean {
  if (action === "caucus:use") return caucusAllowed(p, resource);
  if (has(p, "admin")) return true;
  switch (action) {
    case "system:view":
    case "org:manage":
    case "template:manage":
      return false;
    case "org:view":
      return resource.type === "org" && instructsPath(p, resource.orgPath);
    case "enterprise:list":
    case "report:list":
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
  }
}

// ── Collective bargaining (集体协商) ──
const SIDE_LEAD: Record<BargainingSide, Role> = { employee: "chair", employer: "hr" };

function caseEnterprises(resource: Resource): { enterpriseIds: string[]; orgPath: string[] } | null {
  if (resource.type === "bargaining_case") return resource;
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
  if (action === "bargaining:employee_side") return leads("employee");
  if (action === "bargaining:employer_side") return leads("employer");
  return (
    instructsPath(p, target.orgPath) ||
    leads("employee") ||
    leads("employer") ||
    (resource.type === "bargaining_case" &&
      resource.repUserIds.includes(p.id) &&
      memberEnterprises(p, ["rep"]).some((id) => target.enterpriseIds.includes(id)))
  );
}

/** Caucus notes: the side's lead (chair / HR) and its representatives with accounts; nobody else. */
function caucusAllowed(p: Principal, resource: Resource): boolean {
  if (resource.type !== "caucus") return false;
  const member = (roles: Role[]) =>
    memberEnterprises(p, roles).some((id) => resource.enterpriseIds.includes(id));
  if (member([SIDE_LEAD[resource.side]])) return true;
  return resource.sideUserIds.includes(p.id) && member(["rep", "hr", "chair"]);
}

/** Which side(s) of a case the principal may act for. */
export function bargainingSidesOf(p: Principal, resource: Resource): BargainingSide[] {
  return (["employee", "employer"] as const).filter((side) =>
    can(p, side === "employee" ? "bargaining:employee_side" : "bargaining:employer_side", resource),
  );
}

/** What a principal's lists may contain; services turn it into a database filter. */
export type ListScope =
  | { kind: "all" }
  | { kind: "orgs"; orgIds: string[] }
  | { kind: "enterprises"; enterpriseIds: string[] }
  | { kind: "none" };

export function enterpriseScope(p: Principal): ListScope {
  if (has(p, "admin")) return { kind: "all" };
  const orgs = instructedOrgs(p);
  if (orgs.length) return { kind: "orgs", orgIds: orgs };
  const own = memberEnterprises(p);
  if (own.length) return { kind: "enterprises", enterpriseIds: own };
  return { kind: "none" };
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
  if (has(p, "admin") || has(p, "instructor")) {
    add({ to: "/enterprises", label: "企业" });
    add({ to: "/reports", label: "体检报告" });
    add({ to: "/prescriptions", label: "法律处方" });
  }
  for (const enterpriseId of memberEnterprises(p)) {
    add({ to: `/enterprises/${enterpriseId}`, label: "本企业" });
  }
  if (memberEnterprises(p, ["hr", "chair"]).length) add({ to: "/prescriptions", label: "整改事项" });
  // ── Collective bargaining (集体协商) ──
  if (has(p, "admin") || has(p, "instructor")) {
    add({ to: "/bargaining", label: "集体协商" });
    add({ to: "/bargaining/campaigns", label: "集中要约" });
  }
  for (const enterpriseId of memberEnterprises(p)) {
    add({ to: `/enterprises/${enterpriseId}/bargaining`, label: "集体协商" });
  }
  if (has(p, "admin") || has(p, "instructor")) {
    add({ to: "/accounts", label: "账号" });
    add({ to: "/audit", label: "操作日志" });
  }
  if (has(p, "admin")) {
    add({ to: "/orgs", label: "工会组织" });
    add({ to: "/templates", label: "问卷模板" });
    add({ to: "/system", label: "系统状态" });
    add({ to: "/bargaining/calendar", label: "节假日" });
  }
  return items;
}
