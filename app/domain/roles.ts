/** Roles and their Chinese names (DESIGN.md "Who does what"; glossary.md). */
export const ROLES = ["admin", "instructor", "hr", "chair", "rep"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "平台管理员",
  instructor: "工会指导员",
  hr: "企业人力资源负责人",
  chair: "企业工会主席",
  rep: "职工代表",
};

/** Roles bound to one union organisation node vs. one enterprise. */
export const ORG_ROLES: readonly Role[] = ["instructor"];
export const ENTERPRISE_ROLES: readonly Role[] = ["hr", "chair", "rep"];

export interface RoleGrant {
  role: Role;
  unionOrgId?: string;
  enterpriseId?: string;
  /** On an instructor grant: the person heads that union organisation (countersigns cultivation plans). */
  head?: boolean;
}

export const ORG_KINDS = ["city", "district", "street", "town", "park"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  city: "市总工会",
  district: "区总工会",
  street: "街道总工会",
  town: "镇总工会",
  park: "园区总工会",
};
