/**
 * Versioned content administered by platform admins (questionnaire templates, clause libraries): a key
 * holds numbered versions; a draft may change, publishing freezes it and archives the version published
 * before it.
 */
export const VERSION_STATUSES = ["draft", "published", "archived"] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export const VERSION_STATUS_LABELS: Record<VersionStatus, string> = {
  draft: "草稿",
  published: "已发布",
  archived: "已归档",
};
