/**
 * Cultivation plan templates: versioned like questionnaire templates. The default (templates/cultivation)
 * is published as version 1 the first time it is needed; admins publish new versions as JSON. Plans keep the
 * version they were made from, so a new version never moves an existing plan.
 */
import { Types } from "mongoose";
import { validatePlanTemplate, type PlanTemplateContent } from "~/domain/cultivation/plan-template";
import { can } from "~/domain/policy";
import { isDuplicateKeyError } from "../../../models/errors";
import { PlanTemplate, type PlanTemplateDoc } from "../../../models/cultivation-plan";
import {
  DEFAULT_PLAN_TEMPLATE,
  DEFAULT_PLAN_TEMPLATE_KEY,
} from "../../../templates/cultivation/default-plan";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, UserError } from "../../lib/http.server";

export interface PlanTemplateVersion {
  id: string;
  key: string;
  version: number;
  title: string;
  content: PlanTemplateContent;
  publishedAt: string;
  publishedByName: string;
}

const view = (doc: PlanTemplateDoc): PlanTemplateVersion => ({
  id: String(doc._id),
  key: doc.key,
  version: doc.version,
  title: doc.title,
  content: JSON.parse(doc.content) as PlanTemplateContent,
  publishedAt: doc.publishedAt.toISOString(),
  publishedByName: doc.publishedByName,
});

/** Publishes the default template as version 1 when no version exists (idempotent, race-safe by index). */
export async function ensureDefaultPlanTemplate() {
  if (await PlanTemplate.exists({ key: DEFAULT_PLAN_TEMPLATE_KEY })) return;
  try {
    await PlanTemplate.create({
      key: DEFAULT_PLAN_TEMPLATE_KEY,
      version: 1,
      title: DEFAULT_PLAN_TEMPLATE.title,
      content: JSON.stringify(DEFAULT_PLAN_TEMPLATE),
      publishedAt: new Date(),
      publishedByName: "系统",
    });
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/** The newest published version of the default template. */
export async function latestPlanTemplate(): Promise<PlanTemplateVersion> {
  await ensureDefaultPlanTemplate();
  const doc = await PlanTemplate.findOne({ key: DEFAULT_PLAN_TEMPLATE_KEY }).sort({ version: -1 }).lean();
  if (!doc) throw new Error("培育方案模板缺失");
  return view(doc);
}

export async function planTemplateVersions(user: CurrentUser) {
  if (!can(user, "plan_template:manage", { type: "system" })) throw forbidden();
  await ensureDefaultPlanTemplate();
  const docs = await PlanTemplate.find({ key: DEFAULT_PLAN_TEMPLATE_KEY }).sort({ version: -1 }).lean();
  return docs.map(view);
}

/** Publishes `json` as the next version; problems come back as a form error, nothing written. */
export async function publishPlanTemplate(user: CurrentUser, json: string) {
  if (!can(user, "plan_template:manage", { type: "system" })) throw forbidden();
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new UserError("不是有效的 JSON，请检查括号和引号", { json: ["不是有效的 JSON"] });
  }
  const checked = validatePlanTemplate(raw);
  if (!checked.ok) throw new UserError(checked.problems.slice(0, 8).join("；"), { json: checked.problems });
  const latest = await latestPlanTemplate();
  try {
    const created = await PlanTemplate.create({
      key: DEFAULT_PLAN_TEMPLATE_KEY,
      version: latest.version + 1,
      title: checked.content.title,
      content: JSON.stringify(checked.content),
      publishedAt: new Date(),
      publishedBy: new Types.ObjectId(user.id),
      publishedByName: user.displayName,
    });
    await audit(
      { id: user.id, name: user.displayName },
      {
        action: "plan_template.publish",
        resourceType: "plan_template",
        resourceId: String(created._id),
        resourceName: `${checked.content.title} 第${latest.version + 1}版`,
        after: { milestones: checked.content.milestones.length },
      },
    );
    return view(created.toObject());
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new UserError("刚有人发布了新版本，请刷新后重试");
    throw error;
  }
}
