/**
 * Contract drafts through the services on the real database: the clause library as versioned data (export,
 * import validated with errors by path, publish), 第1稿 assembled from the library and the TA topics,
 * immutable versions, the employee side's clause review (comments the employer side never reads,
 * suggestions accepted into the next version or declined with a reason the proposer sees), concurrent
 * accepts that neither lose nor double-apply a change, the redline, the Word files, and the agree_draft
 * guard that lists unresolved comments to the employee side only.
 */
import JSZip from "jszip";
import { exportLibrary } from "~/domain/contracts";
import { agreeDraft } from "~/services/bargaining/cases.server";
import {
  ensureDefaultLibrary,
  exportLibraryFile,
  importLibraryText,
  libraryVersions,
  publishedLibrary,
  publishLibrary,
} from "~/services/contracts/library.server";
import { requestDraftDocument, requestRedlineDocument } from "~/services/contracts/documents.server";
import { draftsPage, redlinePage } from "~/services/contracts/drafts-page.server";
import { assembleCaseDraft, draftVersionOf, draftVersionsOf } from "~/services/contracts/drafts.server";
import {
  decideOnSuggestion,
  openThread,
  proposeWording,
  setThreadResolved,
  suggestionsOf,
  threadsOf,
} from "~/services/contracts/review.server";
import { renderDocument } from "~/services/documents/documents.server";
import { UserError } from "~/lib/http.server";
import { BargainingCase } from "../../models/bargaining-case";
import { ContractDraftVersion, ContractSuggestion, draftVersionId } from "../../models/contract-drafts";
import { ContractLibraryVersion } from "../../models/contract-library";
import { getBlob } from "../../models/file-blob";
import { RenderedDocument } from "../../models/rendered-document";
import { DEFAULT_CONTRACT_LIBRARY } from "../../templates/contracts";
import { wageCaseInRounds } from "../support/contract-case";
import {
  makeEnterprise,
  makeOrg,
  makeUser,
  rejectionOf,
  signInAs,
  thrownStatus,
  type Browser,
} from "../support/factories";

let admin: Browser;
let chair: Browser;
let hr: Browser;
let rep: Browser;
let otherRep: Browser;
let instructor: Browser;
let enterpriseId: string;

const SECRET = "职工方内部：第十条的加班费基数应写明按岗位工资计算";

beforeAll(async () => {
  const org = await makeOrg({ name: "草案测试总工会" });
  const enterprise = await makeEnterprise(org, {
    name: "草案测试精密机械有限公司",
    unionEstablishedOn: "2015-01-01",
  });
  enterpriseId = String(enterprise._id);
  admin = await signInAs(await makeUser({ role: "admin" }));
  chair = await signInAs(await makeUser({ role: "chair", enterprise, displayName: "李主席" }));
  hr = await signInAs(await makeUser({ role: "hr", enterprise, displayName: "张经理" }));
  rep = await signInAs(await makeUser({ role: "rep", enterprise, displayName: "赵代表" }));
  // A representative of the enterprise who is not on the case's list.
  otherRep = await signInAs(await makeUser({ role: "rep", enterprise, displayName: "钱职工" }));
  instructor = await signInAs(await makeUser({ role: "instructor", org }));
});

async function documentXml(renderId: string) {
  await renderDocument(renderId);
  const bytes = await getBlob(RenderedDocument.hydrate({ _id: renderId })._id);
  return (await JSZip.loadAsync(bytes!)).file("word/document.xml")!.async("string");
}

describe("the clause library", () => {
  it("the shipped default is published once; exports byte for byte; an invalid import names each error by path and stores nothing", async () => {
    await Promise.all([ensureDefaultLibrary(), ensureDefaultLibrary()]);
    await ensureDefaultLibrary();
    const before = await libraryVersions(admin.user);
    expect(before.filter((v) => v.key === "default" && v.status === "published")).toHaveLength(1);
    const published = before.find((v) => v.status === "published")!;
    const file = await exportLibraryFile(admin.user, published.id);
    expect(file.text).toBe(exportLibrary({ ...DEFAULT_CONTRACT_LIBRARY, version: published.version }));
    expect(await thrownStatus(exportLibraryFile(chair.user, published.id))).toBe(403);
    expect(await thrownStatus(importLibraryText(instructor.user, file.text))).toBe(403);

    const broken = JSON.parse(file.text);
    broken.clauses[2].text = "{notAParameter}";
    broken.clauses[3].legalMinimum.citations = [{ statute: "劳动法", article: "999" }];
    const refused = await rejectionOf(importLibraryText(admin.user, JSON.stringify(broken)));
    expect(refused).toBeInstanceOf(UserError);
    const paths = Object.keys((refused as UserError).fieldErrors);
    expect(paths).toContain("clauses[2].text");
    expect(paths).toContain("clauses[3].legalMinimum.citations[0]");
    expect(await ContractLibraryVersion.countDocuments({ key: "default" })).toBe(before.length);
  });

  it("a valid import is a draft until published; new drafts use the published version", async () => {
    const published = (await libraryVersions(admin.user)).find((v) => v.status === "published")!;
    const edited = JSON.parse((await exportLibraryFile(admin.user, published.id)).text);
    edited.title = `${edited.title}（2027年修订）`;
    const draft = await importLibraryText(admin.user, JSON.stringify(edited));
    expect(draft).toMatchObject({ status: "draft", version: published.version + 1 });
    expect((await publishedLibrary()).version).toBe(published.version);
    const { published: now, archived } = await publishLibrary(admin.user, draft.id);
    expect(now.status).toBe("published");
    expect(archived).toEqual([published.version]);
    expect((await publishedLibrary()).title).toContain("2027年修订");
    expect(await rejectionOf(publishLibrary(admin.user, draft.id))).toBeInstanceOf(UserError);
  });
});

describe("drafts and the clause review", () => {
  let caseId = "";
  let wageClause = "";

  beforeAll(async () => {
    caseId = await wageCaseInRounds({ chair: chair.user, hr: hr.user, rep: rep.user, enterpriseId });
  });

  it("第1稿 is assembled from the published library and the TA topics; an identical reassembly is refused", async () => {
    expect(await thrownStatus(assembleCaseDraft(instructor.user, caseId, { side: "employee" }))).toBe(403);
    const first = await assembleCaseDraft(hr.user, caseId, { side: "employer" });
    expect(first._id).toBe(draftVersionId(caseId, 1));
    expect(first.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.draft.library.version).toBe((await publishedLibrary()).version);
    const topics = new Set(first.draft.chapters.flatMap((c) => c.clauses.map((x) => x.topic)));
    for (const t of ["general", "wage_term", "wage_system", "average_wage_adjustment", "final"])
      expect(topics).toContain(t);
    const again = await rejectionOf(assembleCaseDraft(chair.user, caseId, { side: "employee" }));
    expect((again as Error).message).toContain("与第1稿相同");
    wageClause = first.draft.chapters
      .flatMap((c) => c.clauses)
      .find((c) => c.topic === "average_wage_adjustment")!.id;
    const page = await draftsPage(hr.user, caseId, null);
    expect(page.selected?.label).toBe("第1稿");
    expect(page.selected?.chapters[0].heading).toMatch(/^第一章\u3000/);
    expect(page.selected?.check.ready).toBe(true);
  });

  it("only the employee side comments; the employer side, instructors and admins never read a comment", async () => {
    await openThread(rep.user, caseId, { versionNumber: 1, clauseId: wageClause, text: SECRET });
    for (const who of [hr, instructor, admin, otherRep])
      expect(
        await thrownStatus(
          openThread(who.user, caseId, { versionNumber: 1, clauseId: wageClause, text: "x" }),
        ),
      ).toBe(403);
    const chairPage = await draftsPage(chair.user, caseId, 1);
    expect(chairPage.review?.threads.map((t) => [t.openedByName, t.text])).toEqual([["赵代表", SECRET]]);
    for (const who of [hr, instructor, admin]) {
      const page = await draftsPage(who.user, caseId, 1);
      expect(page.review).toBeNull();
      expect(JSON.stringify(page)).not.toContain("加班费基数");
      expect(JSON.stringify(await redlinePage(who.user, caseId, null, null))).not.toContain("加班费基数");
    }
    // The otherwise ready draft cannot be agreed while the comment is open: the chair reads it, HR only
    // learns that the employee side has some left.
    const v = (await BargainingCase.findById(caseId).lean())!.version;
    const toChair = await rejectionOf(
      agreeDraft(chair.user, caseId, v, { side: "employee", draftVersion: 1 }),
    );
    expect((toChair as Error).message).toContain("加班费基数");
    const toHr = await rejectionOf(agreeDraft(hr.user, caseId, v, { side: "employer", draftVersion: 1 }));
    expect((toHr as Error).message).toContain("职工方尚有未解决的条款审阅意见");
    expect((toHr as Error).message).not.toContain("加班费基数");
    const thread = (await threadsOf(caseId))[0];
    await setThreadResolved(rep.user, caseId, { thread: 1, version: thread.version, resolved: true });
    expect((await threadsOf(caseId))[0].resolved).toBe(true);
  });

  it("the chief accepts a suggestion into 第2稿 (第1稿 unchanged); a decline's reason reaches the proposer", async () => {
    const v1 = await draftVersionOf(caseId, 1);
    const base = v1.draft.chapters.flatMap((c) => c.clauses).find((c) => c.id === wageClause)!;
    const proposed = `${base.text}企业当年经济效益增长较快的，双方可协商追加调整。`;
    await proposeWording(rep.user, caseId, {
      versionNumber: 1,
      clauseId: wageClause,
      text: proposed,
      note: "",
    });
    const other = v1.draft.chapters.flatMap((c) => c.clauses).find((c) => c.topic === "wage_system")!;
    await proposeWording(rep.user, caseId, {
      versionNumber: 1,
      clauseId: other.id,
      text: `${other.text}（试行）`,
      note: "",
    });
    // The representative is no chief: they may not decide.
    expect(
      await thrownStatus(
        decideOnSuggestion(rep.user, caseId, { suggestion: 1, version: 0, decision: "accept" }),
      ),
    ).toBe(403);
    expect(
      await thrownStatus(
        decideOnSuggestion(hr.user, caseId, { suggestion: 1, version: 0, decision: "accept" }),
      ),
    ).toBe(403);
    const noReason = await rejectionOf(
      decideOnSuggestion(chair.user, caseId, { suggestion: 2, version: 0, decision: "decline", reason: " " }),
    );
    expect((noReason as Error).message).toContain("理由");
    await decideOnSuggestion(chair.user, caseId, {
      suggestion: 2,
      version: 0,
      decision: "decline",
      reason: "“试行”会让条款效力不确定",
    });
    const made = await decideOnSuggestion(chair.user, caseId, {
      suggestion: 1,
      version: 0,
      decision: "accept",
    });
    expect(made?.number).toBe(2);
    const v2 = await draftVersionOf(caseId, 2);
    expect(v2.draft.chapters.flatMap((c) => c.clauses).find((c) => c.id === wageClause)?.text).toBe(proposed);
    expect(v2.draft.applied).toEqual([
      { suggestionId: `${caseId}:s1`, kind: "wording", clauseId: wageClause },
    ]);
    // 第1稿 is as it was: same document, same hash.
    expect(await draftVersionOf(caseId, 1)).toEqual(v1);
    const repPage = await draftsPage(rep.user, caseId, 2);
    const declined = repPage.review!.suggestions.find((s) => s.n === 2)!;
    expect(declined).toMatchObject({
      status: "declined",
      reason: "“试行”会让条款效力不确定",
      decidedByName: "李主席",
    });
    expect(repPage.review!.suggestions.find((s) => s.n === 1)?.acceptedInLabel).toBe("第2稿");
    // Deciding again changes nothing.
    expect(
      await rejectionOf(
        decideOnSuggestion(chair.user, caseId, { suggestion: 1, version: 1, decision: "accept" }),
      ),
    ).toBeInstanceOf(UserError);
    expect(await draftVersionsOf(caseId)).toHaveLength(2);
  });

  it("the redline of 第1稿 → 第2稿 marks the insertion inside the clause", async () => {
    const page = await redlinePage(hr.user, caseId, 1, 2);
    const entry = page.compared!.entries.find((e) => e.clauseId === wageClause)!;
    expect(entry.kind).toBe("changed");
    expect(
      entry.segments
        .filter((s) => s.op === "insert")
        .map((s) => s.text)
        .join(""),
    ).toBe("企业当年经济效益增长较快的，双方可协商追加调整。");
    expect(page.compared!.summary).toMatchObject({ changed: 1, added: 0, removed: 0 });
  });

  it("concurrent accepts: the same suggestion is applied once; two different ones both land", async () => {
    const latest = await draftVersionOf(caseId, 2);
    const clauses = latest.draft.chapters.flatMap((c) => c.clauses);
    // Not the term clause: its wording must stay the library's, whose term the checks read.
    const a = clauses.find((c) => c.templateKey === "wage.system")!;
    const b = clauses.find((c) => c.topic === "final")!;
    const na = await proposeWording(rep.user, caseId, {
      versionNumber: 2,
      clauseId: a.id,
      text: `${a.text}甲`,
      note: "",
    });
    const nb = await proposeWording(chair.user, caseId, {
      versionNumber: 2,
      clauseId: b.id,
      text: `${b.text}乙`,
      note: "",
    });
    const same = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        decideOnSuggestion(chair.user, caseId, { suggestion: na, version: 0, decision: "accept" }),
      ),
    );
    expect(same.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const both = await Promise.allSettled([
      decideOnSuggestion(chair.user, caseId, { suggestion: nb, version: 0, decision: "accept" }),
    ]);
    expect(both[0].status).toBe("fulfilled");
    const versions = await draftVersionsOf(caseId);
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3, 4]);
    const last = versions[3].draft.chapters.flatMap((c) => c.clauses);
    expect(last.find((c) => c.id === a.id)?.text).toBe(`${a.text}甲`);
    expect(last.find((c) => c.id === b.id)?.text).toBe(`${b.text}乙`);
    const applied = versions.flatMap((v) => v.draft.applied.map((x) => x.suggestionId));
    expect(applied.filter((s) => s === `${caseId}:s${na}`)).toHaveLength(1);
    const statuses = (await suggestionsOf(caseId)).map((s) => [s.n, s.status, s.acceptedInVersion]);
    expect(statuses).toContainEqual([na, "accepted", 3]);
    expect(statuses).toContainEqual([nb, "accepted", 4]);
  });

  it("two different suggestions accepted at the same moment: two new versions, each change once", async () => {
    const latest = (await draftVersionsOf(caseId)).at(-1)!;
    const clauses = latest.draft.chapters.flatMap((c) => c.clauses);
    const [x, y] = [clauses[0], clauses[1]];
    const nx = await proposeWording(rep.user, caseId, {
      versionNumber: latest.number,
      clauseId: x.id,
      text: `${x.text}丙`,
      note: "",
    });
    const ny = await proposeWording(rep.user, caseId, {
      versionNumber: latest.number,
      clauseId: y.id,
      text: `${y.text}丁`,
      note: "",
    });
    const race = await Promise.allSettled([
      decideOnSuggestion(chair.user, caseId, { suggestion: nx, version: 0, decision: "accept" }),
      decideOnSuggestion(chair.user, caseId, { suggestion: ny, version: 0, decision: "accept" }),
    ]);
    expect(race.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const versions = await draftVersionsOf(caseId);
    expect(versions).toHaveLength(latest.number + 2);
    const final = versions.at(-1)!.draft.chapters.flatMap((c) => c.clauses);
    expect(final.find((c) => c.id === x.id)?.text).toBe(`${x.text}丙`);
    expect(final.find((c) => c.id === y.id)?.text).toBe(`${y.text}丁`);
    expect(await ContractDraftVersion.countDocuments({ caseId })).toBe(versions.length);
    expect(await ContractSuggestion.countDocuments({ caseId, status: "accepted" })).toBe(5);
  });

  it("the Word files: 集体合同（草案） numbered 第一章/第一条 with both chiefs, and the redline", async () => {
    const draft = await requestDraftDocument(hr.user, caseId, 2);
    const xml = await documentXml(draft.id);
    expect(xml).toContain("第一章");
    expect(xml).toContain("第一条");
    expect(xml).toContain("首席代表（签字）：李主席");
    expect(xml).toContain("首席代表（签字）：张经理");
    expect(xml).not.toContain("加班费基数");
    const redline = await requestRedlineDocument(rep.user, caseId, 1, 2);
    const rxml = await documentXml(redline.id);
    expect(rxml).toContain("集体合同草案修改对照");
    expect(rxml).toContain("<w:u ");
    expect(rxml).toContain("企业当年经济效益增长较快的");
    expect(await thrownStatus(requestDraftDocument(otherRep.user, caseId, 1))).toBe(403);
  });

  it("the agreed version: the latest, checked, no open comment; the case records it", async () => {
    const versions = await draftVersionsOf(caseId);
    const v = (await BargainingCase.findById(caseId).lean())!.version;
    const old = await rejectionOf(agreeDraft(chair.user, caseId, v, { side: "employee", draftVersion: 1 }));
    expect((old as Error).message).toContain("不是最新稿");
    const saved = await agreeDraft(hr.user, caseId, v, { side: "employer", draftVersion: versions.length });
    expect(saved).toMatchObject({
      status: "draft_agreed",
      agreedDraftVersion: versions.length,
      termYears: 1,
    });
    // No new version once agreed.
    const late = await rejectionOf(assembleCaseDraft(chair.user, caseId, { side: "employee" }));
    expect((late as Error).message).toContain("协商一致后版本不再变动");
  });
});
