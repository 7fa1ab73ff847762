import { Types } from "mongoose";
import { cleanDeep } from "~/lib/text";
import { frozen } from "~/lib/frozen";
import { citedStatutes } from "~/domain/health-check/statute-subset";
import type { StatuteLibrary } from "~/domain/health-check/statutes";
import { parseJsonText, templateExportText } from "~/domain/health-check/template-json";
import type { Template } from "~/domain/health-check/types";
import { validateTemplate } from "~/domain/health-check/validate-template";
import { can, type Principal } from "~/domain/policy";
import type { VersionStatus } from "~/domain/versioning";
import { DEFAULT_TEMPLATE_KEY, defaultTemplate } from "../../../templates/questionnaires/default";
import { statuteLibrary } from "../../../templates/statutes";
import { QuestionnaireTemplate } from "../../../models/questionnaire-template";
import { cachedPublishedVersion, type VersionedContentDoc } from "../../../models/versioned-content";
import { updateAtCounter } from "../../../models/write-claim";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, notFound, UserError } from "../../lib/http.server";
import {
  createDraftVersion,
  ensureShippedVersion,
  invalidContent,
  publishDraftVersion,
  refuseUnlessDraft,
} from "../versioning/versioned-content.server";

/** Questionnaire templates are versioned content (versioned-content.server.ts). */
const store = QuestionnaireTemplate;

export interface TemplateVersion {
  id: string;
  key: string;
  version: number;
  status: VersionStatus;
  title: string;
  template: Template;
}

function present(doc: {
  _id: Types.ObjectId;
  key: string;
  version: number;
  status: TemplateVersion["status"];
  title: string;
  content: string;
}): TemplateVersion {
  return {
    id: String(doc._id),
    key: doc.key,
    version: doc.version,
    status: doc.status,
    title: doc.title,
    template: JSON.parse(doc.content) as Template,
  };
}

/**
 * Publishes the shipped default template (idempotent): version 1 on an empty database, and the next
 * version whenever the shipped content changes (the item library was corrected) — the version published
 * before it is archived, and assessments already started keep theirs. A shipped content is published once:
 * an admin's later edits of the key are not overwritten by a restart. Two processes starting at once are
 * settled by the unique (key, version) index.
 */
export async function ensureDefaultTemplate() {
  await ensureShippedVersion(store, {
    key: DEFAULT_TEMPLATE_KEY,
    title: defaultTemplate.title,
    content: JSON.stringify(defaultTemplate),
  });
}

/** Each cached published version as presented (parsed once while the cache holds the same document). */
const presented = new WeakMap<object, TemplateVersion>();

/**
 * The newest published version of a template, from the process's cache of published versions (read-only:
 * shared between requests).
 */
export async function latestPublished(key = DEFAULT_TEMPLATE_KEY): Promise<TemplateVersion | null> {
  const doc = await cachedPublishedVersion(store, key);
  if (!doc) return null;
  let version = presented.get(doc);
  if (!version) presented.set(doc, (version = frozen(present(doc))));
  return version;
}

/**
 * The questionnaire of a published or archived version, by id: its content never changes once published,
 * so it is read and parsed once per process (an assessment page or a batch of reports otherwise re-reads
 * the whole questionnaire for every assessment). Drafts are read every time.
 */
const frozenContent = new Map<string, Pick<TemplateVersion, "title" | "template">>();

export async function loadTemplateContent(
  id: string | Types.ObjectId,
): Promise<Pick<TemplateVersion, "title" | "template">> {
  const cached = frozenContent.get(String(id));
  if (cached) return cached;
  const version = await loadTemplateVersion(id);
  const content = { title: version.title, template: version.template };
  if (version.status !== "draft") frozenContent.set(String(id), content);
  return content;
}

/** One version, by id. */
export async function loadTemplateVersion(id: string | Types.ObjectId): Promise<TemplateVersion> {
  const doc = await QuestionnaireTemplate.findById(id).lean();
  if (!doc) throw notFound("问卷模板不存在");
  return present(doc);
}

/*
 * Administration of template versions (platform admins only). A key holds numbered versions: drafts are
 * edited as JSON and validated with validateTemplate, publishing freezes a draft and archives the version
 * published before it, and a new draft is always max version + 1 of its key — the unique index
 * (key, version) settles two admins creating one at the same moment.
 */

export type TemplateStatus = TemplateVersion["status"];

export interface TemplateVersionSummary {
  id: string;
  key: string;
  version: number;
  status: TemplateStatus;
  title: string;
  /** Edit counter of a draft: a save names the rev it started from. */
  rev: number;
  publishedAt: string | null;
  updatedAt: string;
}

export interface TemplateFamily {
  key: string;
  /** Title of the published version, else of the newest one. */
  title: string;
  publishedVersion: number | null;
  /** Newest first. */
  versions: TemplateVersionSummary[];
}

export interface TemplateDetail extends TemplateVersionSummary {
  description: string | null;
  dimensions: { id: string; title: string; questions: number; rules: number }[];
  questionCount: number;
  ruleCount: number;
  /** The template as JSON (without the persistence fields), what the draft editor shows. */
  json: string;
}

export interface TemplatePreview {
  id: string;
  key: string;
  version: number;
  status: TemplateStatus;
  /** Dimensions and questions; rules (the findings) are not shown to the HR manager and are left out. */
  template: Template;
  /** Only the statutes and articles the questions cite (the whole library stays on the server). */
  statutes: StatuteLibrary;
}

type Doc = Pick<
  VersionedContentDoc,
  "_id" | "key" | "version" | "status" | "title" | "rev" | "publishedAt" | "updatedAt"
>;

const SUMMARY_FIELDS = { content: 0 } as const;

function summarize(doc: Doc): TemplateVersionSummary {
  return {
    id: String(doc._id),
    key: doc.key,
    version: doc.version,
    status: doc.status,
    title: doc.title,
    rev: doc.rev ?? 0,
    publishedAt: doc.publishedAt ? doc.publishedAt.toISOString() : null,
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** What the audit trail keeps of a template: its shape, not the whole JSON. */
function auditSummary(doc: { key: string; version: number; status: string }, template: Template) {
  return {
    key: doc.key,
    version: doc.version,
    status: doc.status,
    title: template.title,
    dimensions: template.dimensions.length,
    questions: template.questions.length,
    rules: template.rules.length,
  };
}

const actor = (user: CurrentUser) => ({ id: user.id, name: user.displayName });

/** Throws the Chinese 403 unless the person may manage questionnaire templates. */
export function requireTemplateManager(user: Principal) {
  if (!can(user, "template:manage", { type: "system" })) {
    throw forbidden("只有平台管理员可以管理问卷模板");
  }
}

async function findVersion(id: string) {
  if (!Types.ObjectId.isValid(id)) throw notFound("问卷模板不存在");
  const doc = await QuestionnaireTemplate.findById(id).lean();
  if (!doc) throw notFound("问卷模板不存在");
  return doc;
}

/** JSON text → a valid template, or a UserError naming every problem. */
function checkTemplateText(jsonText: string, what: string): Template {
  const parsed = parseJsonText(jsonText);
  if (!parsed.ok) throw new UserError(`${parsed.message}。未保存任何内容`);
  // Text inside the JSON ("\uFFFE" escapes, uploaded files) is cleaned like any other input (app/lib/text.ts).
  const result = validateTemplate(cleanDeep(parsed.value), statuteLibrary);
  if (!result.ok) throw invalidContent(result.errors, what);
  return result.template;
}

/** Every key with its versions, newest first; the shipped default template first. */
export async function listTemplates(user: Principal): Promise<TemplateFamily[]> {
  requireTemplateManager(user);
  const docs = await QuestionnaireTemplate.find({}, SUMMARY_FIELDS).sort({ key: 1, version: -1 }).lean();
  const families = new Map<string, TemplateFamily>();
  for (const doc of docs) {
    const family = families.get(doc.key) ?? {
      key: doc.key,
      title: doc.title,
      publishedVersion: null,
      versions: [],
    };
    families.set(doc.key, family);
    family.versions.push(summarize(doc));
    if (doc.status === "published" && family.publishedVersion === null) {
      family.publishedVersion = doc.version;
      family.title = doc.title;
    }
  }
  return [...families.values()].sort((a, b) =>
    a.key === DEFAULT_TEMPLATE_KEY ? -1 : b.key === DEFAULT_TEMPLATE_KEY ? 1 : a.key.localeCompare(b.key),
  );
}

/** One version for the admin page: counts per dimension and the JSON the draft editor starts from. */
export async function templateDetail(user: Principal, id: string): Promise<TemplateDetail> {
  requireTemplateManager(user);
  const doc = await findVersion(id);
  const template = JSON.parse(doc.content) as Template;
  return {
    ...summarize(doc),
    description: template.description ?? null,
    dimensions: [...template.dimensions]
      .sort((a, b) => a.order - b.order)
      .map((d) => ({
        id: d.id,
        title: d.title,
        questions: template.questions.filter((q) => q.dimensionId === d.id).length,
        rules: template.rules.filter((r) => r.dimensionId === d.id).length,
      })),
    questionCount: template.questions.length,
    ruleCount: template.rules.length,
    json: `${JSON.stringify(template, null, 2)}\n`,
  };
}

/** One version as the HR manager will see it, with the texts of the articles its questions cite. */
export async function templatePreview(user: Principal, id: string): Promise<TemplatePreview> {
  requireTemplateManager(user);
  const doc = await findVersion(id);
  const template = JSON.parse(doc.content) as Template;
  return {
    id: String(doc._id),
    key: doc.key,
    version: doc.version,
    status: doc.status,
    template: { ...template, rules: [] },
    statutes: citedStatutes(template.questions, statuteLibrary),
  };
}

/** Creates a draft at max version + 1 of the key; a lost race for that number is retried once. */
function createDraft(user: CurrentUser, template: Template) {
  return createDraftVersion(
    store,
    { key: template.key, title: template.title, content: JSON.stringify(template), createdBy: user.id },
    "其他管理员正在同时创建该模板的新版本，请刷新后重试",
  );
}

/** A new draft version (max version + 1 of the key) with the content of the given version. */
export async function createDraftFrom(
  user: CurrentUser,
  templateId: string,
): Promise<TemplateVersionSummary> {
  requireTemplateManager(user);
  const source = await findVersion(templateId);
  const template = JSON.parse(source.content) as Template;
  const created = await createDraft(user, { ...template, key: source.key });
  await audit(actor(user), {
    action: "template.create_draft",
    resourceType: "questionnaire_template",
    resourceId: String(created._id),
    resourceName: `${created.title} v${created.version}`,
    before: auditSummary(source, template),
    after: auditSummary(created, template),
  });
  return summarize(created);
}

/**
 * Saves a draft's JSON. Only drafts change (published versions are frozen, archived ones are history);
 * `rev` is the edit the admin started from, so a save over someone else's newer save is refused.
 */
export async function updateDraft(
  user: CurrentUser,
  id: string,
  rev: number,
  templateJson: string,
): Promise<TemplateVersionSummary> {
  requireTemplateManager(user);
  const doc = await findVersion(id);
  if (doc.status !== "draft") {
    throw new UserError(
      doc.status === "published"
        ? `v${doc.version} 已发布，已发布的版本不能修改；如需调整，请新建草稿版本`
        : `v${doc.version} 已归档，不能修改；如需调整，请新建草稿版本`,
    );
  }
  const template = checkTemplateText(templateJson, "模板");
  if (template.key !== doc.key) {
    throw invalidContent(
      [{ path: "key", message: `模板编号不能修改：本草稿属于“${doc.key}”；如需新模板，请使用导入` }],
      "模板",
    );
  }
  if (doc.rev !== rev) throw staleDraft();
  const before = JSON.parse(doc.content) as Template;
  const saved = await updateAtCounter(
    QuestionnaireTemplate,
    doc._id,
    "rev",
    rev,
    { $set: { title: template.title, content: JSON.stringify(template) } },
    { status: "draft" },
  );
  if (!saved) throw staleDraft();
  await audit(actor(user), {
    action: "template.update",
    resourceType: "questionnaire_template",
    resourceId: id,
    resourceName: `${template.title} v${doc.version}`,
    before: { ...auditSummary(doc, before), rev },
    after: { ...auditSummary(saved, template), rev: saved.rev },
  });
  return summarize(saved);
}

function staleDraft() {
  return new UserError("该草稿已被他人修改或已发布，您的修改未保存。请复制您的修改，刷新页面后再合并保存");
}

/**
 * Publishes a draft: it becomes the version new assessments use and is frozen from then on; the version
 * published before it is archived (assessments that started on it keep it). Two publishes of one key at
 * the same moment are settled by a claim on the version being replaced.
 */
export async function publishTemplate(
  user: CurrentUser,
  id: string,
): Promise<{ published: TemplateVersionSummary; archived: number[] }> {
  requireTemplateManager(user);
  const doc = await findVersion(id);
  refuseUnlessDraft(doc);
  const template = JSON.parse(doc.content) as Template;
  // The statute library ships with the code: re-check that every citation still resolves.
  const check = validateTemplate(template, statuteLibrary);
  if (!check.ok) throw invalidContent(check.errors, "该草稿");

  const { saved, replacing, archived } = await publishDraftVersion(store, doc, {
    racing: "该模板的另一个版本正在发布或刚刚发布，请刷新后重试",
    stale: "该草稿刚被他人修改或已发布，请刷新后重试",
  });
  await audit(actor(user), {
    action: "template.publish",
    resourceType: "questionnaire_template",
    resourceId: id,
    resourceName: `${saved.title} v${saved.version}`,
    before: { ...auditSummary(doc, template), publishedVersion: replacing || null },
    after: { ...auditSummary(saved, template), archivedVersions: archived },
  });
  return { published: summarize(saved), archived };
}

/** The version as the JSON file an admin downloads (pretty, UTF-8): the template plus key and version. */
export async function exportTemplate(id: string): Promise<string> {
  const doc = await findVersion(id);
  return templateExportText(JSON.parse(doc.content) as Template, { key: doc.key, version: doc.version });
}

/** exportTemplate for the download route, with access checked and a file name. */
export async function exportTemplateFile(user: Principal, id: string) {
  requireTemplateManager(user);
  const doc = await findVersion(id);
  return {
    fileName: `问卷模板-${doc.key}-v${doc.version}.json`,
    text: await exportTemplate(id),
  };
}

/**
 * Imports a template from JSON text (an uploaded file or pasted text). Every problem is reported with its
 * path and nothing is stored; a valid template becomes a new draft — version 1 of a new key, or the next
 * version of an existing one.
 */
export async function importTemplate(user: CurrentUser, jsonText: string): Promise<TemplateVersionSummary> {
  requireTemplateManager(user);
  const template = checkTemplateText(jsonText, "导入的模板");
  const created = await createDraft(user, template);
  await audit(actor(user), {
    action: "template.import",
    resourceType: "questionnaire_template",
    resourceId: String(created._id),
    resourceName: `${created.title} v${created.version}`,
    after: auditSummary(created, template),
  });
  return summarize(created);
}
