import {
  compareUrgency,
  dueDateFor,
  milestonesFor,
  milestoneStatus,
  nextAction,
  planStage,
  proofCompletes,
  recordShortfall,
  rectificationMet,
  type PlanMilestone,
} from "~/domain/cultivation/milestones";
import { validatePlanTemplate } from "~/domain/cultivation/plan-template";
import { signOffRefusal } from "~/domain/cultivation/sign-off";
import { attendeeNameProblem, averageSatisfaction, signInRefusal } from "~/domain/cultivation/trainings";
import {
  answerCode,
  figure,
  figuresOf,
  formatFigure,
  MIN_GROUP,
  emptyTally,
  tallyOfCodes,
} from "~/domain/cultivation/survey-figures";
import { yearNear } from "~/lib/query";
import { DEFAULT_PLAN_TEMPLATE } from "../../templates/cultivation/default-plan";

describe("due dates from offsets", () => {
  it.each([
    ["2026-03-01", 0, "2026-03-01"],
    ["2026-03-01", 14, "2026-03-15"],
    ["2026-12-20", 14, "2027-01-03"], // across the year end
    ["2028-02-15", 14, "2028-02-29"], // leap day
    ["2027-02-15", 14, "2027-03-01"], // no leap day
    ["2026-01-31", 30, "2026-03-02"],
  ])("%s + %i days → %s", (start, offset, due) => {
    expect(dueDateFor(start, offset)).toBe(due);
  });

  it("refuses a bad start date or a negative or fractional offset", () => {
    expect(() => dueDateFor("2026-02-30", 1)).toThrow(RangeError);
    expect(() => dueDateFor("2026-03-01", -1)).toThrow(RangeError);
    expect(() => dueDateFor("2026-03-01", 1.5)).toThrow(RangeError);
  });

  it("a plan from the default template gets every milestone's due date in template order", () => {
    const ms = milestonesFor(DEFAULT_PLAN_TEMPLATE.milestones, "2026-03-01");
    expect(ms.map((m) => m.key)).toEqual(DEFAULT_PLAN_TEMPLATE.milestones.map((m) => m.key));
    expect(ms[0]).toMatchObject({ key: "first_visit", dueOn: "2026-03-15", doneOn: null });
    expect(ms.find((m) => m.key === "designation_evaluation")?.dueOn).toBe("2027-01-25");
    expect(ms.every((m, i) => i === 0 || m.dueOn >= ms[i - 1].dueOn)).toBe(true);
  });
});

describe("the default template is valid and holds the 四个一", () => {
  it("validates", () => {
    expect(validatePlanTemplate(DEFAULT_PLAN_TEMPLATE)).toMatchObject({ ok: true });
  });
  it("has a visit, the four deliverables, rectification, contract, congress and the evaluation", () => {
    const kinds = DEFAULT_PLAN_TEMPLATE.milestones.map((m) => m.kind);
    for (const k of [
      "visit",
      "health_check",
      "report_analysis",
      "training",
      "rules",
      "prescriptions",
      "contract",
      "congress",
      "evaluation",
    ])
      expect(kinds).toContain(k);
  });
  it("refuses duplicate keys, assignees on automatic milestones and stages out of order", () => {
    const bad = {
      ...DEFAULT_PLAN_TEMPLATE,
      milestones: [
        { ...DEFAULT_PLAN_TEMPLATE.milestones[1], assignees: ["hr"] },
        DEFAULT_PLAN_TEMPLATE.milestones[0],
        DEFAULT_PLAN_TEMPLATE.milestones[0],
      ],
    };
    const result = validatePlanTemplate(bad);
    expect(result.ok).toBe(false);
    const problems = (result as { problems: string[] }).problems.join("；");
    expect(problems).toContain("重复");
    expect(problems).toContain("不能指定协办角色");
    expect(problems).toContain("阶段顺序");
    expect(validatePlanTemplate({ title: "x" }).ok).toBe(false);
  });
});

describe("milestone completion rules", () => {
  it("proofs from other records", () => {
    expect(proofCompletes({ kind: "health_check", assessmentStatus: "accepted" })).toBe(true);
    expect(proofCompletes({ kind: "health_check", assessmentStatus: "submitted" })).toBe(false);
    expect(proofCompletes({ kind: "report_analysis", analysis: "  " })).toBe(false);
    expect(proofCompletes({ kind: "report_analysis", analysis: "一、问题" })).toBe(true);
    expect(proofCompletes({ kind: "training", attended: true })).toBe(true);
    expect(proofCompletes({ kind: "contract", inEffectOn: "2026-05-01" })).toBe(true);
    expect(proofCompletes({ kind: "contract", inEffectOn: null })).toBe(false);
  });

  it.each([
    [8, 10, 80, true],
    [7, 10, 80, false],
    [1, 3, 34, false], // 33.3% < 34%
    [1, 3, 33, true],
    [0, 0, 80, false], // nothing issued proves nothing
    [5, 5, 100, true],
  ])("rectification: %i of %i verified against %i%% → %s", (verified, total, threshold, met) => {
    expect(rectificationMet({ verified, total }, threshold)).toBe(met);
    expect(proofCompletes({ kind: "prescriptions", verified, total, thresholdPercent: threshold })).toBe(met);
  });

  it("manual records must say enough", () => {
    const base = { date: "2026-04-01", fileCount: 0 };
    expect(recordShortfall("visit", base)).toBe("请填写会见人员");
    expect(recordShortfall("visit", { ...base, peopleMet: "张丽" })).toBe("请填写发现的情况");
    expect(recordShortfall("visit", { ...base, peopleMet: "张丽", findings: "考勤制度未公示" })).toBeNull();
    expect(recordShortfall("visit", { ...base, date: "2026-13-01", peopleMet: "a", findings: "b" })).toBe(
      "请填写日期",
    );
    expect(recordShortfall("rules", { ...base, ruleName: "考勤办法" })).toBe("请上传完善后的规章制度文件");
    expect(recordShortfall("rules", { ...base, ruleName: "考勤办法", fileCount: 1 })).toBeNull();
    expect(recordShortfall("congress", base)).toBe("请填写或上传职代会会议纪要");
    expect(recordShortfall("congress", { ...base, fileCount: 1 })).toBeNull();
    expect(recordShortfall("congress", { ...base, minutes: "审议通过集体合同草案" })).toBeNull();
    expect(recordShortfall("evaluation", base)).toBe("请选择评估结果");
    expect(recordShortfall("evaluation", { ...base, result: "not_awarded" })).toBeNull();
    expect(
      recordShortfall("evaluation", { ...base, result: "awarded", awardYear: 2026, awardLevel: "区级" }),
    ).toBe("请填写授予单位");
    expect(
      recordShortfall("evaluation", {
        ...base,
        result: "awarded",
        awardYear: 2026,
        awardLevel: "乡级",
        awardingOrg: "x",
      }),
    ).toBe("请选择称号级别");
    expect(
      recordShortfall("evaluation", {
        ...base,
        result: "awarded",
        awardYear: 2026,
        awardLevel: "区级",
        awardingOrg: "云溪区协调劳动关系三方委员会",
      }),
    ).toBeNull();
  });
});

const m = (
  key: string,
  stage: PlanMilestone["stage"],
  dueOn: string,
  doneOn: string | null = null,
): PlanMilestone => ({
  key,
  title: key,
  kind: "visit",
  stage,
  dueOn,
  doneOn,
});

describe("status, stage, next action and urgency", () => {
  it("overdue only from the day after the due date; due soon within 14 days", () => {
    expect(milestoneStatus({ dueOn: "2026-05-01", doneOn: null }, "2026-05-01")).toBe("due_soon");
    expect(milestoneStatus({ dueOn: "2026-05-01", doneOn: null }, "2026-05-02")).toBe("overdue");
    expect(milestoneStatus({ dueOn: "2026-05-15", doneOn: null }, "2026-05-01")).toBe("due_soon");
    expect(milestoneStatus({ dueOn: "2026-05-16", doneOn: null }, "2026-05-01")).toBe("open");
    expect(milestoneStatus({ dueOn: "2026-04-01", doneOn: "2026-04-10" }, "2026-05-01")).toBe("done");
  });

  it("the stage is that of the first open milestone; all done waits for sign-off", () => {
    const ms = [
      m("a", "visit", "2026-03-15", "2026-03-10"),
      m("b", "diagnosis", "2026-04-15"),
      m("c", "evaluation", "2026-12-01"),
    ];
    expect(planStage(ms, "active")).toBe("diagnosis");
    expect(
      planStage(
        ms.map((x) => ({ ...x, doneOn: "2026-12-01" })),
        "active",
      ),
    ).toBe("sign_off");
    expect(planStage(ms, "instructor_signed")).toBe("sign_off");
    expect(planStage(ms, "signed_off")).toBe("signed_off");
  });

  it("the next action is the open milestone due first", () => {
    const ms = [
      m("a", "visit", "2026-05-01"),
      m("b", "diagnosis", "2026-04-01"),
      m("c", "diagnosis", "2026-04-01"),
    ];
    expect(nextAction(ms)?.key).toBe("b");
    expect(nextAction(ms.map((x) => ({ ...x, doneOn: "2026-01-01" })))).toBeNull();
  });

  it("sorts: more overdue first, then the soonest due, then higher risk; signed-off last", () => {
    const today = "2026-06-01";
    const plans = {
      twoOverdue: {
        milestones: [m("a", "visit", "2026-05-20"), m("b", "visit", "2026-05-25")],
        status: "active" as const,
        riskLevel: null,
      },
      oneOverdueOld: {
        milestones: [m("a", "visit", "2026-04-01")],
        status: "active" as const,
        riskLevel: null,
      },
      oneOverdueNew: {
        milestones: [m("a", "visit", "2026-05-30")],
        status: "active" as const,
        riskLevel: "high" as const,
      },
      dueSoon: {
        milestones: [m("a", "visit", "2026-06-05")],
        status: "active" as const,
        riskLevel: "low" as const,
      },
      dueLaterHigh: {
        milestones: [m("a", "visit", "2026-07-01")],
        status: "active" as const,
        riskLevel: "high" as const,
      },
      dueLaterLow: {
        milestones: [m("a", "visit", "2026-07-01")],
        status: "active" as const,
        riskLevel: "low" as const,
      },
      waiting: {
        milestones: [m("a", "visit", "2026-05-01", "2026-04-01")],
        status: "instructor_signed" as const,
        riskLevel: "high" as const,
      },
      signed: {
        milestones: [m("a", "visit", "2026-05-01", "2026-04-01")],
        status: "signed_off" as const,
        riskLevel: "high" as const,
      },
    };
    const order = Object.entries(plans)
      .reverse()
      .sort(([, a], [, b]) => compareUrgency(a, b, today))
      .map(([k]) => k);
    expect(order).toEqual([
      "twoOverdue",
      "oneOverdueOld",
      "oneOverdueNew",
      "dueSoon",
      "dueLaterHigh",
      "dueLaterLow",
      "waiting",
      "signed",
    ]);
  });
});

describe("sign-off in two steps", () => {
  it("instructor first, then someone else as head; a signed-off plan refuses everything", () => {
    expect(signOffRefusal("active", "instructor", { userId: "u1", instructorSignedBy: null })).toBeNull();
    expect(signOffRefusal("active", "head", { userId: "u2", instructorSignedBy: null })).toContain(
      "请先由指导员签署",
    );
    expect(
      signOffRefusal("instructor_signed", "instructor", { userId: "u1", instructorSignedBy: "u1" }),
    ).toContain("等待");
    expect(signOffRefusal("instructor_signed", "head", { userId: "u1", instructorSignedBy: "u1" })).toContain(
      "指导员以外",
    );
    expect(
      signOffRefusal("instructor_signed", "head", { userId: "u2", instructorSignedBy: "u1" }),
    ).toBeNull();
    expect(signOffRefusal("signed_off", "head", { userId: "u2", instructorSignedBy: "u1" })).toContain(
      "已审签",
    );
  });
});

describe("survey counts kept as one short code per answer", () => {
  it("codes an employee's three answers and the employer's one; the sums count each code once", () => {
    const codes = [
      answerCode({ audience: "employee", participated: 1, aware: 0, satisfied: 1 }),
      answerCode({ audience: "employee", participated: 0, aware: 1, satisfied: 1 }),
      answerCode({ audience: "employee", participated: 1, aware: 1, satisfied: 0 }),
      answerCode({ audience: "employer", recognised: 1 }),
      answerCode({ audience: "employer", recognised: 0 }),
    ];
    expect(codes).toEqual(["e101", "e011", "e110", "r1", "r0"]);
    expect(tallyOfCodes(codes)).toEqual({
      employees: 3,
      participated: 2,
      aware: 2,
      satisfied: 2,
      employers: 2,
      recognised: 1,
    });
  });
  it("an unknown code counts for nothing", () => {
    expect(tallyOfCodes(["e1", "x111", "r2", ""])).toEqual(emptyTally());
  });
});

describe("the year of a yearly list", () => {
  it("from five years back to next year; anything else is this year", () => {
    expect(yearNear("2025", 2026)).toBe(2025);
    expect(yearNear("2027", 2026)).toBe(2027);
    expect(yearNear("2021", 2026)).toBe(2021);
    for (const odd of ["2020", "2028", "1e3", "2026.5", " 2025", "", null])
      expect(yearNear(odd, 2026)).toBe(2026);
  });
});

describe("survey figures: only for groups of at least 5", () => {
  it(`hides a figure below ${MIN_GROUP} respondents and shows it from ${MIN_GROUP}`, () => {
    expect(figure(4, 4)).toEqual({ value: null, n: 4 });
    expect(figure(0, 0)).toEqual({ value: null, n: 0 });
    expect(figure(4, 5)).toEqual({ value: 80, n: 5 });
    expect(figure(2, 3 * 5)).toEqual({ value: 13.3, n: 15 });
    expect(formatFigure(figure(1, 4))).toBe("样本不足5份");
    expect(formatFigure(figure(5, 5))).toBe("100%");
  });

  it("an enterprise's single employer answer is never shown; employees' figures are", () => {
    const t = {
      ...emptyTally(),
      employees: 6,
      participated: 3,
      aware: 6,
      satisfied: 5,
      employers: 1,
      recognised: 1,
    };
    const f = figuresOf(t);
    expect(f.participation).toEqual({ value: 50, n: 6 });
    expect(f.awareness).toEqual({ value: 100, n: 6 });
    expect(f.satisfaction).toEqual({ value: 83.3, n: 6 });
    expect(f.recognition).toEqual({ value: null, n: 1 });
  });
});

describe("training sign-in and feedback", () => {
  it("opens on the session's day and closes seven days later", () => {
    expect(signInRefusal("2026-06-10", "2026-06-09")).toContain("尚未开始");
    expect(signInRefusal("2026-06-10", "2026-06-10")).toBeNull();
    expect(signInRefusal("2026-06-10", "2026-06-17")).toBeNull();
    expect(signInRefusal("2026-06-10", "2026-06-18")).toBe("签到已截止");
  });
  it("names and satisfaction", () => {
    expect(attendeeNameProblem(" 张 ")).toBe("请填写姓名");
    expect(attendeeNameProblem("张 丽")).toBeNull();
    expect(attendeeNameProblem("张".repeat(21))).toBe("姓名最多 20 个字");
    expect(averageSatisfaction([])).toBeNull();
    expect(averageSatisfaction([5, 4, 4, 0, 9])).toBe(4.3);
  });
});
