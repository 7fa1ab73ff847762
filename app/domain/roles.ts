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

/** What a grant of each role is bound to: the whole platform, one union organisation node, one enterprise. */
export const ROLE_BINDING: Record<Role, "platform" | "org" | "enterprise"> = {
  admin: "platform",
  instructor: "org",
  hr: "enterprise",
  chair: "enterprise",
  rep: "enterprise",
};

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
