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
  | "survey:figures";

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
  if (has(p, "admin")) return true;
  switch (action) {
    case "system:view":
    case "org:manage":
    case "template:manage":
    case "plan_template:manage":
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
  }
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
    add({ to: "/plans", label: "培育助推" });
    add({ to: "/trainings", label: "政策培训" });
    add({ to: "/surveys", label: "质量调查" });
  }
  for (const enterpriseId of memberEnterprises(p)) {
    add({ to: `/enterprises/${enterpriseId}`, label: "本企业" });
  }
  if (memberEnterprises(p, ["hr", "chair"]).length) add({ to: "/prescriptions", label: "整改事项" });
  if (has(p, "admin") || has(p, "instructor")) {
    add({ to: "/accounts", label: "账号" });
    add({ to: "/audit", label: "操作日志" });
  }
  if (has(p, "admin")) {
    add({ to: "/orgs", label: "工会组织" });
    add({ to: "/templates", label: "问卷模板" });
    add({ to: "/plans/templates", label: "培育模板" });
    add({ to: "/system", label: "系统状态" });
  }
  return items;
}
