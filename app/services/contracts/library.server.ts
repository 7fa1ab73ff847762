/**
 * The clause library of collective contracts as versioned data (versioned-content.server.ts, like
 * questionnaire templates): the shipped default (templates/contracts) is published once; an admin views a
 * version, exports it as JSON, imports an edited file (validated by the domain's validateLibrary against
 * the shipped statutes, every error named by its path; nothing stored on an error) as a new draft version,
 * and publishes it. Drafts of contracts are assembled from the newest published version and record it.
 */
import { Types } from "mongoose";
import { CASE_KIND_INFO, CASE_KINDS } from "~/domain/bargaining/case-kinds";
import {
  exportLibrary,
  importLibrary,
  validateLibrary,
  type ContractLibrary,
} from "~/domain/contracts/library";
import { formatCitations } from "~/domain/citation-format";
import { can, type Principal } from "~/domain/policy";
import { cleanDeep } from "~/lib/text";
import { ContractLibraryVersion } from "../../../models/contract-library";
import { cachedPublishedVersion, type VersionedContentDoc } from "../../../models/versioned-content";
import { DEFAULT_CONTRACT_LIBRARY } from "../../../templates/contracts";
import { DEFAULT_CONTRACT_LIBRARY_KEY } from "../../../templates/contracts/default";
import { statuteLibrary } from "../../../templates/statutes";
import { audit } from "../audit/audit.server";
import type { CurrentUser } from "../accounts/auth.server";
import { forbidden, notFound } from "../../lib/http.server";
import {
  createDraftVersion,
  ensureShippedVersion,
  invalidContent,
  publishDraftVersion,
  refuseUnlessDraft,
} from "../versioning/versioned-content.server";

const store = ContractLibraryVersion;

/** The stored library, with the version number it was stored as (an imported file may say otherwise). */
function libraryOf(doc: Pick<VersionedContentDoc, "content" | "version">): ContractLibrary {
  return { ...(JSON.parse(doc.content) as ContractLibrary), version: doc.version };
}

/** Publishes the shipped default library (idempotent; at start-up and before the first draft). */
export async function ensureDefaultLibrary() {
  await ensureShippedVersion(store, {
    key: DEFAULT_CONTRACT_LIBRARY_KEY,
    title: DEFAULT_CONTRACT_LIBRARY.title,
    content: JSON.stringify(DEFAULT_CONTRACT_LIBRARY),
  });
}

/** The newest published version of the default library, which new drafts are assembled from. */
export async function publishedLibrary(): Promise<ContractLibrary> {
  let doc = await cachedPublishedVersion(store, DEFAULT_CONTRACT_LIBRARY_KEY);
  if (!doc) {
    await ensureDefaultLibrary();
    doc = await cachedPublishedVersion(store, DEFAULT_CONTRACT_LIBRARY_KEY);
  }
  if (!doc) throw new Error("集体合同条款库缺失");
  return libraryOf(doc);
}

function requireLibraryManager(user: Principal) {
  if (!can(user, "contract_library:manage", { type: "system" }))
    throw forbidden("只有平台管理员可以管理集体合同条款库");
}

export interface LibraryVersionSummary {
  id: string;
  key: string;
  version: number;
  status: VersionedContentDoc["status"];
  title: string;
  publishedAt: string | null;
  updatedAt: string;
}

const summarize = (doc: VersionedContentDoc): LibraryVersionSummary => ({
  id: String(doc._id),
  key: doc.key,
  version: doc.version,
  status: doc.status,
  title: doc.title,
  publishedAt: doc.publishedAt ? doc.publishedAt.toISOString() : null,
  updatedAt: doc.updatedAt.toISOString(),
});

/** Every version of every key, newest first (a handful of documents). */
export async function libraryVersions(user: Principal): Promise<LibraryVersionSummary[]> {
  requireLibraryManager(user);
  await ensureDefaultLibrary();
  const docs = await store.find({}, { content: 0 }).sort({ key: 1, version: -1 }).lean();
  return docs.map(summarize);
}

async function findVersion(id: string) {
  if (!Types.ObjectId.isValid(id) || !/^[0-9a-f]{24}$/i.test(id)) throw notFound("条款库版本不存在");
  const doc = await store.findById(id).lean();
  if (!doc) throw notFound("条款库版本不存在");
  return doc;
}

/** One version for the admin page: chapters per kind, and each clause with its parameters and legal note. */
export async function libraryDetail(user: Principal, id: string) {
  requireLibraryManager(user);
  const doc = await findVersion(id);
  const library = libraryOf(doc);
  return {
    ...summarize(doc),
    description: library.description ?? "",
    kinds: CASE_KINDS.map((kind) => ({
      kind,
      label: CASE_KIND_INFO[kind].contractLabel,
      chapters: library.chapters
        .filter((c) => c.kinds.includes(kind))
        .map((c) => ({
          key: c.key,
          title: c.title,
          clauses: library.clauses
            .filter((cl) => cl.kinds.includes(kind) && c.topics.includes(cl.topic))
            .map((cl) => cl.key),
        })),
    })),
    clauses: library.clauses.map((c) => ({
      key: c.key,
      title: c.title,
      text: c.text,
      parameters: c.parameters.map((p) => ({
        key: p.key,
        label: p.label,
        type: p.type,
        default: String(p.default),
        unit: p.unit ?? "",
        legalLimit: p.legalLimit ?? "",
      })),
      legalNote: `${c.legalMinimum.note}（${formatCitations(c.legalMinimum.citations)}）`,
    })),
  };
}

/** The version as the JSON file an admin downloads (exportLibrary: importing it back gives the same file). */
export async function exportLibraryFile(user: Principal, id: string) {
  requireLibraryManager(user);
  const doc = await findVersion(id);
  return { fileName: `集体合同条款库-${doc.key}-v${doc.version}.json`, text: exportLibrary(libraryOf(doc)) };
}

const actor = (user: CurrentUser) => ({ id: user.id, name: user.displayName });

/** Imports a library from JSON text as a new draft version of its key, or names every problem by path. */
export async function importLibraryText(user: CurrentUser, text: string): Promise<LibraryVersionSummary> {
  requireLibraryManager(user);
  const parsed = importLibrary(text, statuteLibrary);
  if (!parsed.ok) throw invalidContent(parsed.errors, "导入的条款库");
  // Text inside the JSON is cleaned like any other input (app/lib/text.ts).
  const library = cleanDeep(parsed.library);
  const created = await createDraftVersion(
    store,
    { key: library.key, title: library.title, content: JSON.stringify(library), createdBy: user.id },
    "其他管理员正在同时创建该条款库的新版本，请刷新后重试",
  );
  await audit(actor(user), {
    action: "contract_library.import",
    resourceType: "contract_library",
    resourceId: String(created._id),
    resourceName: `${created.title} v${created.version}`,
    after: { key: library.key, chapters: library.chapters.length, clauses: library.clauses.length },
  });
  return summarize(created);
}

/** Publishes a draft version: new drafts of contracts are assembled from it; the previous one is archived. */
export async function publishLibrary(user: CurrentUser, id: string) {
  requireLibraryManager(user);
  const doc = await findVersion(id);
  refuseUnlessDraft(doc);
  // The statutes ship with the code: re-check that every citation still resolves.
  const check = validateLibrary(JSON.parse(doc.content), statuteLibrary);
  if (!check.ok) throw invalidContent(check.errors, "该草稿");
  const { saved, replacing, archived } = await publishDraftVersion(store, doc, {
    racing: "该条款库的另一个版本正在发布或刚刚发布，请刷新后重试",
    stale: "该草稿刚被他人发布，请刷新后重试",
  });
  await audit(actor(user), {
    action: "contract_library.publish",
    resourceType: "contract_library",
    resourceId: id,
    resourceName: `${saved.title} v${saved.version}`,
    before: { publishedVersion: replacing || null },
    after: { version: saved.version, archivedVersions: archived },
  });
  return { published: summarize(saved), archived };
}
