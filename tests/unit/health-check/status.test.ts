import {
  ASSESSMENT_STATUSES,
  actionRefusal,
  answersEditable,
  editRefusal,
  isOpen,
  nextAssessmentStatus,
  statusesAllowing,
  type AssessmentAction,
  type AssessmentStatus,
} from "~/domain/health-check/status";

/** Every (status, action) pair: the next status, or null where the action is refused. */
const TABLE: [AssessmentStatus, AssessmentAction, AssessmentStatus | null][] = [
  ["in_progress", "submit", "submitted"],
  ["in_progress", "return", null],
  ["in_progress", "accept", null],
  ["submitted", "submit", null],
  ["submitted", "return", "returned"],
  ["submitted", "accept", "accepted"],
  ["returned", "submit", "submitted"],
  ["returned", "return", null],
  ["returned", "accept", null],
  ["accepted", "submit", null],
  ["accepted", "return", null],
  ["accepted", "accept", null],
];

describe("assessment status machine", () => {
  it("covers every status and action", () => {
    expect(TABLE).toHaveLength(ASSESSMENT_STATUSES.length * 3);
  });

  it.each(TABLE)("%s --%s--> %s", (status, action, next) => {
    expect(nextAssessmentStatus(status, action)).toBe(next);
    expect(statusesAllowing(action).includes(status)).toBe(next !== null);
  });

  it.each([
    ["in_progress", true, true],
    ["submitted", true, false],
    ["returned", true, true],
    ["accepted", false, false],
  ] as const)("%s: open %s, answers editable %s", (status, open, editable) => {
    expect(isOpen(status)).toBe(open);
    expect(answersEditable(status)).toBe(editable);
  });

  it("explains refusals in Chinese, naming the status", () => {
    expect(editRefusal("submitted")).toBe("已提交，等待指导员审核，暂不能修改");
    expect(editRefusal("accepted")).toBe("该体检已完成，不能再修改");
    expect(actionRefusal("accepted")).toBe("当前状态为“已通过”，不能执行此操作");
  });
});
