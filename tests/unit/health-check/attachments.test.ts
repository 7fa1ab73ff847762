import {
  answerTarget,
  attachmentKey,
  evidenceByQuestion,
  filesOf,
  takesAttachments,
} from "~/domain/health-check/attachments";
import { scoreAssessment } from "~/domain/health-check/scoring";
import { missingRequired, validateAnswer } from "~/domain/health-check/answers";
import type { Answers, Question } from "~/domain/health-check/types";
import { defaultTemplate } from "../../../templates/questionnaires/default";
import { compliantAnswers, profile } from "./helpers";

const questions: Question[] = [
  { id: "LC-01", dimensionId: "LC", text: "是否订立书面劳动合同？", type: "yesno", required: true },
  { id: "LC-02", dimensionId: "LC", text: "试用期天数", type: "number", required: true },
  { id: "EV-01", dimensionId: "EV", text: "请上传劳动合同范本", type: "evidence", required: false },
];
const pdf = { fileId: "65f000000000000000000001", name: "合同.pdf" };
const png = { fileId: "65f000000000000000000002", name: "签收.png" };

describe("files attached to an answer", () => {
  it("are kept under a key no template id can take", () => {
    expect(attachmentKey("LC-01")).toBe("LC-01:files");
    expect(/^[A-Za-z0-9_-]+$/.test(attachmentKey("LC-01"))).toBe(false);
  });

  it("any question but an evidence question takes them", () => {
    expect(questions.map((q) => takesAttachments(q))).toEqual([true, true, false]);
  });

  it("a key stands for a question, or for the optional evidence list of one that takes attachments", () => {
    expect(answerTarget(questions, "LC-02")).toBe(questions[1]);
    expect(answerTarget(questions, "LC-01:files")).toEqual({
      id: "LC-01:files",
      dimensionId: "LC",
      text: "是否订立书面劳动合同？（附件）",
      type: "evidence",
      required: false,
    });
    // An evidence question takes files as its answer, not beside it; unknown keys stand for nothing.
    expect(answerTarget(questions, "EV-01:files")).toBeUndefined();
    expect(answerTarget(questions, "XX-01:files")).toBeUndefined();
    expect(answerTarget(questions, ":files")).toBeUndefined();
    expect(answerTarget(questions, "LC-01:files:files")).toBeUndefined();
  });

  it("are validated as evidence: references only, at most twenty", () => {
    const target = answerTarget(questions, "LC-01:files")!;
    expect(validateAnswer(target, [pdf, pdf])).toEqual({ ok: true, value: [pdf] });
    expect(validateAnswer(target, [])).toEqual({ ok: true, value: null });
    expect(validateAnswer(target, "合同.pdf")).toMatchObject({ ok: false });
  });

  it("are listed per question in the given order, an evidence question's own files alike", () => {
    const answers: Answers = {
      "LC-01": true,
      "LC-01:files": [pdf],
      "LC-02": 15,
      "LC-02:files": [],
      "EV-01": [png, pdf],
    };
    expect(evidenceByQuestion(questions, answers)).toEqual([
      { question: questions[0], files: [pdf] },
      { question: questions[2], files: [png, pdf] },
    ]);
    // The answer of a question that takes attachments is never read as its files.
    expect(evidenceByQuestion(questions, { "LC-02": [pdf] as never })).toEqual([]);
    expect(filesOf("合同.pdf")).toEqual([]);
    expect(filesOf([pdf, "x"] as never)).toEqual([pdf]);
  });

  it("change neither the score nor what is missing", () => {
    const base = compliantAnswers(defaultTemplate);
    const withFiles: Answers = { ...base };
    for (const q of defaultTemplate.questions) withFiles[attachmentKey(q.id)] = [pdf];
    expect(scoreAssessment(defaultTemplate, withFiles, profile())).toEqual(
      scoreAssessment(defaultTemplate, base, profile()),
    );
    expect(missingRequired(defaultTemplate.questions, { "LC-01:files": [pdf] }, profile())).toEqual(
      missingRequired(defaultTemplate.questions, {}, profile()),
    );
  });
});
