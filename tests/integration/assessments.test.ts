import { Types } from "mongoose";
import { fillRequired } from "../support/fill-check";
import { AnswerRevision, AnswerSheet, Assessment, EvidenceFile } from "../../models/assessment";
import { WriteClaim } from "../../models/write-claim";
import {
  acceptAssessment,
  currentAnswers,
  evidenceList,
  returnAssessment,
  saveAnswer,
  StaleAnswer,
  startAssessments,
  submitAssessment,
  uploadEvidence,
} from "../../app/services/health-check/assessments.server";
import { ensureDefaultTemplate, latestPublished } from "../../app/services/health-check/templates.server";
import { QuestionnaireTemplate } from "../../models/questionnaire-template";
import { addDays, todayInShanghai } from "../../app/domain/dates";
import { UserError } from "../../app/lib/http.server";
import { makeEnterprise, makeOrg, makeUser, rejectionOf, signInAs, type Browser } from "../support/factories";

/** saveAnswer's outcome as the autosave endpoint reports it: saved, stale (with the current answer), refused. */
async function save(...args: Parameters<typeof saveAnswer>) {
  try {
    return await saveAnswer(...args);
  } catch (error) {
    if (error instanceof StaleAnswer)
      return { ok: false as const, stale: true as const, message: error.message, current: error.current };
    if (error instanceof UserError) return { ok: false as const, message: error.message };
    throw error;
  }
}

let hrA: Browser;
let hrB: Browser;
let instructor: Browser;
let assessmentId: string;

beforeAll(async () => {
  await ensureDefaultTemplate();
  const city = await makeOrg();
  const street = await makeOrg({ parent: city });
  const enterprise = await makeEnterprise(street, { headcount: 120, usesDispatch: true });
  const hr = await makeUser({ role: "hr", enterprise });
  const zd = await makeUser({ role: "instructor", org: street });
  hrA = await signInAs(hr);
  hrB = await signInAs(hr); // the same HR manager in a second browser tab/session
  instructor = await signInAs(zd);
  const { started } = await startAssessments(
    instructor.user,
    [String(enterprise._id)],
    addDays(todayInShanghai(new Date()), 30),
  );
  assessmentId = started[0];
});

const revisions = () => AnswerRevision.countDocuments({ assessmentId });

describe("autosave", () => {
  it("two sessions saving different answers of the same assessment lose neither", async () => {
    const [a, b] = await Promise.all([
      save(hrA.user, assessmentId, "LC-01", "all", 0),
      save(hrB.user, assessmentId, "LC-02", "15", 0),
    ]);
    expect(a).toMatchObject({ ok: true, rev: 1 });
    expect(b).toMatchObject({ ok: true, rev: 1, value: 15 });
    const current = await currentAnswers(assessmentId);
    expect(current.get("LC-01")?.value).toBe("all");
    expect(current.get("LC-02")?.value).toBe(15);
  });

  it("a stale write to the same answer is detected and reported, not applied", async () => {
    const first = await save(hrA.user, assessmentId, "LC-07", true, 0);
    expect(first).toMatchObject({ ok: true, rev: 1 });
    const stale = await save(hrB.user, assessmentId, "LC-07", false, 0);
    expect(stale).toMatchObject({ ok: false, stale: true, current: { value: true, rev: 1 } });
    expect((await currentAnswers(assessmentId)).get("LC-07")?.value).toBe(true);
    // Racing writers on the same base: exactly one wins.
    const race = await Promise.all([
      save(hrA.user, assessmentId, "LC-07", false, 1),
      save(hrB.user, assessmentId, "LC-07", true, 1),
    ]);
    expect(race.filter((r) => r.ok)).toHaveLength(1);
    expect((await currentAnswers(assessmentId)).get("LC-07")?.rev).toBe(2);
  });

  it("one window's saves on their way at once are kept in the order of its edits, never stale to it", async () => {
    const me = { id: "c".repeat(32) };
    const other = { id: "d".repeat(32) };
    // Three edits of the same number sent at once on revision 0 (the answers of the first not back yet),
    // and again, out of order: the newest edit is what stays, none of them is told it is stale.
    const sent = await Promise.all(
      [1, 3, 2].map((seq) => save(hrA.user, assessmentId, "WH-02", String(30 + seq), 0, { ...me, seq })),
    );
    expect(sent.filter((r) => !r.ok)).toEqual([]);
    const late = await Promise.all(
      [2, 1, 3].map((seq) => save(hrA.user, assessmentId, "WH-02", String(30 + seq), 0, { ...me, seq })),
    );
    expect(late.filter((r) => !r.ok)).toEqual([]);
    const after = (await currentAnswers(assessmentId)).get("WH-02")!;
    expect(after.value).toBe(33);
    // Only edits that arrived after a newer one were dropped; no revision was written twice for one edit.
    const written = await AnswerRevision.find({ assessmentId, questionId: "WH-02" }).lean();
    expect(written.length).toBe(after.rev);
    expect(after.rev).toBeLessThanOrEqual(3);
    // The window's next edit, still on revision 0, builds on its own revision.
    expect(await save(hrA.user, assessmentId, "WH-02", "34", 0, { ...me, seq: 4 })).toMatchObject({
      ok: true,
      rev: after.rev + 1,
      value: 34,
    });
    // Another window on an older revision is stale — unless it saves the value that is there.
    expect(await save(hrB.user, assessmentId, "WH-02", "35", 1, { ...other, seq: 1 })).toMatchObject({
      ok: false,
      stale: true,
      current: { value: 34, rev: after.rev + 1 },
    });
    expect(await save(hrB.user, assessmentId, "WH-02", "34", 1, { ...other, seq: 2 })).toMatchObject({
      ok: true,
      rev: after.rev + 1,
    });
    // Once another window saved, the first window's edit on its older revision is stale to it.
    await save(hrB.user, assessmentId, "WH-02", "36", after.rev + 1, { ...other, seq: 3 });
    expect(await save(hrA.user, assessmentId, "WH-02", "37", after.rev + 1, { ...me, seq: 5 })).toMatchObject(
      { ok: false, stale: true, current: { value: 36 } },
    );
  });

  it("ten answers saved at the same moment are all kept, each write under its own claim", async () => {
    const seqBefore = (await AnswerSheet.findById(assessmentId).lean())?.seq ?? 0;
    const ids = ["LC-03", "LC-04", "LC-05", "LC-06", "LC-08", "LC-09", "LC-10", "WG-04", "WG-01", "WG-02"];
    const results = await Promise.all(
      ids.flatMap((id, i) => [save(i % 2 ? hrA.user : hrB.user, assessmentId, id, true, 0)]),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const current = await currentAnswers(assessmentId);
    for (const id of ids) expect(current.get(id)).toMatchObject({ value: true, rev: 1 });
    const sheet = await AnswerSheet.findById(assessmentId).lean();
    expect(sheet!.answers.map((a) => a.questionId).sort()).toEqual([...current.keys()].sort());
    // Each save moved the sheet exactly once, each move under its own claim.
    expect(sheet!.seq - seqBefore).toBe(ids.length);
    expect(await WriteClaim.countDocuments({ _id: { $regex: `^answer_sheets:${assessmentId}:` } })).toBe(
      sheet!.seq,
    );
  });

  it("an assessment saved before answer sheets existed reads its revisions and saves on from them", async () => {
    const legacy = await Assessment.create({
      ...(await Assessment.findById(assessmentId).lean())!,
      _id: new Types.ObjectId(),
      status: "in_progress",
    });
    await AnswerRevision.insertMany([
      {
        assessmentId: legacy._id,
        questionId: "LC-07",
        rev: 1,
        value: "false",
        savedBy: hrA.user.id,
        savedAt: new Date(),
      },
      {
        assessmentId: legacy._id,
        questionId: "LC-07",
        rev: 2,
        value: "true",
        savedBy: hrA.user.id,
        savedAt: new Date(),
      },
      {
        assessmentId: legacy._id,
        questionId: "LC-01",
        rev: 1,
        value: '"all"',
        savedBy: hrA.user.id,
        savedAt: new Date(),
      },
    ]);
    const before = await currentAnswers(legacy._id);
    expect(before.get("LC-07")).toMatchObject({ value: true, rev: 2 });
    expect(before.get("LC-01")).toMatchObject({ value: "all", rev: 1 });
    expect(await save(hrA.user, String(legacy._id), "LC-07", false, 2)).toMatchObject({
      ok: true,
      rev: 3,
    });
    expect((await currentAnswers(legacy._id)).get("LC-07")).toMatchObject({ value: false, rev: 3 });
    expect(await AnswerRevision.countDocuments({ assessmentId: legacy._id, questionId: "LC-07" })).toBe(3);
  });

  it("a revision whose writer died before the sheet was written is taken up, and the save told it is stale", async () => {
    const rev = (await currentAnswers(assessmentId)).get("LC-01")!.rev;
    await AnswerRevision.create({
      assessmentId,
      questionId: "LC-01",
      rev: rev + 1,
      value: '"none"',
      savedBy: hrB.user.id,
      savedAt: new Date(),
    });
    const result = await save(hrA.user, assessmentId, "LC-01", "partial", rev);
    expect(result).toMatchObject({ ok: false, stale: true, current: { value: "none", rev: rev + 1 } });
    expect((await currentAnswers(assessmentId)).get("LC-01")).toMatchObject({ value: "none", rev: rev + 1 });
  });

  it.each([
    ["a wrong type for a yes/no question", "LC-07", "maybe"],
    ["an option not in the list", "LC-01", "most"],
    ["an out-of-range number", "LC-02", "9999"],
    ["text for a number", "LC-02", "十五"],
    ["a question not in the template version", "XX-99", "yes"],
  ])("bad input — %s — gets a Chinese message and stores nothing", async (_label, questionId, value) => {
    const before = await revisions();
    const current = (await currentAnswers(assessmentId)).get(questionId)?.rev ?? 0;
    const result = await save(hrA.user, assessmentId, questionId, value, current);
    expect(result.ok).toBe(false);
    expect((result as { message: string }).message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await revisions()).toBe(before);
  });
});

describe("evidence files", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n% test\n");
  it("refuses evidence for a question that takes none, storing nothing", async () => {
    const evidenceQuestion = "LC-01"; // not an evidence question in the default template
    const error = await rejectionOf(uploadEvidence(hrA.user, assessmentId, evidenceQuestion, "a.pdf", pdf));
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe("该问题不接受附件");
    expect(await EvidenceFile.countDocuments({ assessmentId })).toBe(0);
  });
});

describe("evidence labels", () => {
  it("the answer records the stored file's name, not the label the browser sends with it", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n% label\n");
    const base = (await latestPublished())!;
    const template = {
      ...base.template,
      questions: [
        ...base.template.questions,
        {
          id: "EV-01",
          dimensionId: base.template.dimensions[0].id,
          text: "请上传劳动合同样本",
          type: "evidence" as const,
          required: false,
        },
      ],
    };
    const version = await QuestionnaireTemplate.create({
      key: "evidence-label",
      version: 1,
      status: "published",
      title: "佐证材料测试问卷",
      content: JSON.stringify(template),
    });
    const { _id, ...started } = (await Assessment.findById(assessmentId).lean())!;
    const check = await Assessment.create({
      ...started,
      templateId: version._id,
      templateKey: "evidence-label",
      templateVersion: 1,
      status: "in_progress",
    });
    const id = String(check._id);
    const file = await uploadEvidence(hrA.user, id, "EV-01", "劳动合同样本.pdf", pdf);
    expect(file.name).toBe("劳动合同样本.pdf");
    const saved = await saveAnswer(
      hrA.user,
      id,
      "EV-01",
      [{ fileId: file.fileId, name: "另一个名称.pdf" }],
      0,
    );
    const stored = [{ fileId: file.fileId, name: "劳动合同样本.pdf" }];
    expect(saved).toEqual({ ok: true, rev: 1, value: stored });
    expect((await currentAnswers(id)).get("EV-01")?.value).toEqual(stored);
    // A reference to a file of another question or assessment is still refused.
    const foreign = await save(hrA.user, id, "EV-01", [{ fileId: String(_id), name: "x.pdf" }], 1);
    expect(foreign).toMatchObject({ ok: false, message: "附件不存在或不属于此问题，请重新上传" });
  });
});

describe("files attached to an answer", () => {
  it("any question's answer takes files through the same upload and autosave, checked the same way, and the list names them", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4\n% ledger\n");
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    const before = await EvidenceFile.countDocuments({ assessmentId });
    const file = await uploadEvidence(hrA.user, assessmentId, "LC-01:files", "劳动合同台账.pdf", pdf);
    expect(file.name).toBe("劳动合同台账.pdf");
    const saved = await save(hrA.user, assessmentId, "LC-01:files", [file], 0);
    expect(saved).toEqual({ ok: true, rev: 1, value: [file] });
    // The same refusals as an evidence question's files: content against extension, size.
    const fake = await rejectionOf(uploadEvidence(hrA.user, assessmentId, "LC-01:files", "假合同.pdf", png));
    expect((fake as Error).message).toBe("文件内容与扩展名 .pdf 不符，请上传真实的 PDF 文件");
    const big = await rejectionOf(
      uploadEvidence(hrA.user, assessmentId, "LC-01:files", "大.pdf", new Uint8Array(10 * 1024 * 1024 + 1)),
    );
    expect((big as Error).message).toBe("文件超过 10 MB，请压缩后再上传");
    // Keys that stand for no question's attachments take nothing.
    for (const key of ["NO-SUCH:files", "LC-01:files:files"]) {
      const refused = await rejectionOf(uploadEvidence(hrA.user, assessmentId, key, "a.pdf", pdf));
      expect((refused as Error).message).toBe("该问题不接受附件");
      expect(await save(hrA.user, assessmentId, key, [file], 0)).toMatchObject({
        ok: false,
        message: "该问题不属于本次体检的问卷版本",
      });
    }
    expect(await EvidenceFile.countDocuments({ assessmentId })).toBe(before + 1);
    // A file attached to one answer cannot be listed with another.
    expect(await save(hrA.user, assessmentId, "LC-02:files", [file], 0)).toMatchObject({
      ok: false,
      message: "附件不存在或不属于此问题，请重新上传",
    });
    // Another window's older copy is told it is stale, as for any answer.
    expect(await save(hrB.user, assessmentId, "LC-01:files", [], 0)).toMatchObject({
      ok: false,
      stale: true,
      current: { value: [file], rev: 1 },
    });

    const assessment = (await Assessment.findById(assessmentId).lean())!;
    const list = await evidenceList(assessment);
    expect(list).toEqual([
      {
        questionId: "LC-01",
        question: "是否与全部在职职工签订了书面劳动合同？",
        dimension: "劳动合同",
        files: [
          {
            fileId: file.fileId,
            name: "劳动合同台账.pdf",
            size: `${pdf.byteLength} 字节`,
            uploadedBy: hrA.user.displayName,
            uploadedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
          },
        ],
      },
    ]);
    // Removing the file from the answer takes it off the list.
    await save(hrA.user, assessmentId, "LC-01:files", [], 1);
    expect(await evidenceList(assessment)).toEqual([]);
  });
});

describe("submit, return, accept", () => {
  it("refuses a submit with required answers missing, naming how many", async () => {
    const doc = await Assessment.findById(assessmentId).lean();
    const error = await rejectionOf(submitAssessment(hrA.user, assessmentId, doc!.version));
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(/^还有 \d+ 道必答题未填写/);
    expect((await Assessment.findById(assessmentId).lean())?.status).toBe("in_progress");
  });

  it("HR cannot review and the instructor cannot fill", async () => {
    const doc = await Assessment.findById(assessmentId).lean();
    const asHr = await rejectionOf(acceptAssessment(hrA.user, assessmentId, doc!.version));
    expect((asHr as Response).status).toBe(403);
    const asInstructor = await rejectionOf(save(instructor.user, assessmentId, "LC-01", "all", 1));
    expect((asInstructor as Response).status).toBe(403);
  });

  it("a full cycle: fill every required answer, submit, return with a remark, fix, resubmit, accept with scores", async () => {
    const { loadAssessment } = await import("../../app/services/health-check/assessments.server");
    const fillAll = () =>
      fillRequired(hrA.user, assessmentId, async (...args) => {
        const saved = await save(...args);
        expect(saved).toMatchObject({ ok: true });
        return saved;
      });
    await fillAll();
    let doc = (await loadAssessment(hrA.user, assessmentId)).assessment;
    await submitAssessment(hrA.user, assessmentId, doc.version);
    const locked = await save(hrA.user, assessmentId, "LC-01", "partial", 1);
    expect(locked).toMatchObject({ ok: false, message: "已提交，等待指导员审核，暂不能修改" });

    doc = (await loadAssessment(instructor.user, assessmentId)).assessment;
    await returnAssessment(
      instructor.user,
      assessmentId,
      doc.version,
      [{ questionId: "LC-01", text: "请核实是否全部签订" }],
      "",
    );
    doc = (await loadAssessment(hrA.user, assessmentId)).assessment;
    expect(doc.status).toBe("returned");
    expect(doc.remarks).toEqual([{ questionId: "LC-01", text: "请核实是否全部签订" }]);

    const rev = (await currentAnswers(assessmentId)).get("LC-01")!.rev;
    expect(await save(hrA.user, assessmentId, "LC-01", "partial", rev)).toMatchObject({ ok: true });
    await submitAssessment(hrA.user, assessmentId, doc.version);
    doc = (await loadAssessment(instructor.user, assessmentId)).assessment;
    const accepted = await acceptAssessment(instructor.user, assessmentId, doc.version);
    expect(accepted?.status).toBe("accepted");
    const score = JSON.parse(accepted!.score!) as { findings: { ruleId: string }[]; dimensions: unknown[] };
    expect(score.dimensions).toHaveLength(14);
    expect(score.findings.map((f) => f.ruleId)).toContain("LC-01");
  });
});

describe("starting checks", () => {
  it("two instructors starting a check for the same enterprise at the same moment open only one", async () => {
    const city = await makeOrg();
    const street = await makeOrg({ parent: city });
    const enterprise = await makeEnterprise(street);
    const [a, b] = await Promise.all([
      makeUser({ role: "instructor", org: street }).then((u) => signInAs(u)),
      makeUser({ role: "instructor", org: city }).then((u) => signInAs(u)),
    ]);
    const due = addDays(todayInShanghai(new Date()), 30);
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        startAssessments(a.user, [String(enterprise._id)], due),
        startAssessments(b.user, [String(enterprise._id)], due),
      ]);
      expect(results.flatMap((r) => r.started)).toHaveLength(1);
      expect(results.flatMap((r) => r.skipped)).toEqual([`${enterprise.name}（已有进行中的体检）`]);
      const open = await Assessment.find({ enterpriseId: enterprise._id, status: "in_progress" }).lean();
      expect(open).toHaveLength(1);
      // Close it, so the next round starts from "no open check" again.
      await Assessment.updateOne({ _id: open[0]._id }, { $set: { status: "accepted" } });
    }
  });
});

describe("what the filling pages are told", () => {
  it("tells answering for the enterprise apart from whether the status allows it now", async () => {
    const { assessmentForm } = await import("../../app/services/health-check/assessments.server");
    const city = await makeOrg();
    const enterprise = await makeEnterprise(city);
    const hr = await signInAs(await makeUser({ role: "hr", enterprise }));
    const zd = await signInAs(await makeUser({ role: "instructor", org: city }));
    const { started } = await startAssessments(
      zd.user,
      [String(enterprise._id)],
      addDays(todayInShanghai(new Date()), 30),
    );
    const id = started[0];
    expect(await assessmentForm(hr.user, id)).toMatchObject({ fillsForEnterprise: true, canFill: true });
    expect(await assessmentForm(zd.user, id)).toMatchObject({ fillsForEnterprise: false, canFill: false });
    await Assessment.updateOne({ _id: id }, { $set: { status: "submitted" } });
    expect(await assessmentForm(hr.user, id)).toMatchObject({ fillsForEnterprise: true, canFill: false });
  });
});
