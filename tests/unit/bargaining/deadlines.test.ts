import { parseHolidayCalendar, type HolidayCalendar } from "~/domain/bargaining/calendar";
import {
  caseDeadlines,
  checkTerm,
  coordinationDeadlines,
  coordinationExtensionProblem,
  draftToCongressDeadline,
  expiryDate,
  filingDeadline,
  isPending,
  renewalWindowStart,
  responseDeadline,
  reviewDeadlines,
  type Deadline,
  type PendingDeadline,
} from "~/domain/bargaining/deadlines";
import { resolveRuleSet, type RuleSetId } from "~/domain/bargaining/rule-sets";
import { SHIPPED_CALENDAR_TEXT } from "../../../templates/calendar";

const parsed = parseHolidayCalendar(SHIPPED_CALENDAR_TEXT);
if (!parsed.ok) throw new Error("shipped calendar does not parse");
const CAL: HolidayCalendar = parsed.calendar;

const rules = (id: RuleSetId) => resolveRuleSet(id);

function computed(d: Deadline | PendingDeadline | null): Deadline {
  if (d === null || isPending(d)) throw new Error("expected a computed deadline");
  return d;
}

describe("response to an offer, per rule set", () => {
  it.each<[RuleSetId, string, string, string, boolean, string, string]>([
    // [rule set, received, raw, due, calendarApplied, source statute, article]
    ["national", "2026-03-02", "2026-03-22", "2026-03-23", true, "集体合同规定", "32"],
    ["national", "2026-03-04", "2026-03-24", "2026-03-24", true, "集体合同规定", "32"],
    ["beijing", "2026-09-14", "2026-10-04", "2026-10-08", true, "北京市集体合同条例", "32"],
    ["shanghai", "2026-03-02", "2026-03-17", "2026-03-17", true, "上海市集体合同条例", "15"],
    ["shanghai", "2026-09-16", "2026-10-01", "2026-10-08", true, "上海市集体合同条例", "15"],
    ["zhejiang", "2026-09-24", "2026-10-15", "2026-10-15", true, "浙江省集体合同条例", "7"],
    ["zhejiang", "2026-02-12", "2026-03-04", "2026-03-04", true, "浙江省集体合同条例", "7"],
    ["chongqing", "2026-12-20", "2027-01-09", "2027-01-09", false, "重庆市集体合同条例", "19"],
  ])("%s: received %s → raw %s, due %s", (id, received, raw, due, calendarApplied, statute, article) => {
    const d = responseDeadline(received, rules(id), CAL);
    expect(d).toMatchObject({ kind: "response", raw, date: due, calendarApplied, ruleSet: id });
    expect(d.source).toEqual({ statute, article });
  });

  it("explains the rule, the counting and the shift, with Chinese article numbers", () => {
    const d = responseDeadline("2026-03-02", rules("national"), CAL);
    expect(d.label).toBe("书面回应截止日");
    expect(d.sourceLabel).toBe("《集体合同规定》第三十二条");
    expect(d.reason).toBe(
      "《集体合同规定》第三十二条：自收到要约之日起20日内书面回应。" +
        "依《民法典》第二百零一条，2026-03-02当日不计入，自次日起算20日，第20日为2026-03-22（星期日），" +
        "依《民法典》第二百零三条顺延至2026-03-23（星期一）",
    );
  });

  it("浙江 counts working days", () => {
    expect(responseDeadline("2026-09-24", rules("zhejiang"), CAL).reason).toContain(
      "《浙江省集体合同条例》第七条：自收到要约之日起10个工作日内书面回应",
    );
  });

  it("refuses an invalid date", () => {
    expect(() => responseDeadline("2026-02-30", rules("national"), CAL)).toThrow("收到要约日期无效");
  });
});

describe("coordination by the labour administration (第52条)", () => {
  it("ends 30 days after acceptance, shifted out of 国庆", () => {
    const [base] = coordinationDeadlines("2026-09-01", rules("national"), CAL);
    expect(base).toMatchObject({
      kind: "coordination",
      raw: "2026-10-01",
      date: "2026-10-08",
      shifted: true,
    });
    expect(base.source).toEqual({ statute: "集体合同规定", article: "52" });
    expect(base.also).toEqual([{ statute: "集体合同规定", article: "49" }]);
  });

  it("an extension counts on from the end of the original period", () => {
    const [, extended] = coordinationDeadlines("2026-09-01", rules("national"), CAL, 15);
    expect(extended).toMatchObject({ kind: "coordination_extended", raw: "2026-10-23", date: "2026-10-23" });
    expect(extended.reason).toContain("自原期限届满之日起延长15日");
  });

  it.each([0, 16, 1.5, -3])("refuses an extension of %p days", (days) => {
    const message = "协调处理的延长期限应为1至15日的整数（《集体合同规定》第五十二条）";
    expect(coordinationExtensionProblem(days, rules("national"))).toBe(message);
    expect(() => coordinationDeadlines("2026-09-01", rules("national"), CAL, days)).toThrow(message);
  });

  it("applies the national rule in a region, and says so", () => {
    const [base] = coordinationDeadlines("2026-03-02", rules("chongqing"), CAL);
    expect(base.ruleSet).toBe("national");
    expect(base.sourceLabel).toBe("《重庆市集体合同条例》未作规定，适用《集体合同规定》第五十二条");
  });
});

describe("draft to the congress", () => {
  it("浙江: within 15 working days of agreement (第24条)", () => {
    const d = draftToCongressDeadline("2026-09-30", rules("zhejiang"), CAL);
    expect(d).toMatchObject({ kind: "draft_to_congress", date: "2026-10-27", ruleSet: "zhejiang" });
    expect(d?.source).toEqual({ statute: "浙江省集体合同条例", article: "24" });
  });

  it.each<RuleSetId>(["national", "beijing", "shanghai", "chongqing"])("%s: no deadline", (id) => {
    expect(draftToCongressDeadline("2026-09-30", rules(id), CAL)).toBeNull();
  });
});

describe("filing (报送审查)", () => {
  it.each<[RuleSetId, string, string, string]>([
    ["national", "2026-05-05", "2026-05-15", "2026-05-15"], // signed on the last day of 劳动节
    ["national", "2026-09-21", "2026-10-01", "2026-10-08"],
    ["chongqing", "2026-03-02", "2026-03-12", "2026-03-12"],
    ["zhejiang", "2026-06-09", "2026-06-19", "2026-06-22"],
  ])("%s: signed %s → raw %s, due %s", (id, signedOn, raw, due) => {
    expect(computed(filingDeadline({ signedOn }, rules(id), CAL))).toMatchObject({ raw, date: due });
  });

  it("says the copies where the rule set says them", () => {
    expect(computed(filingDeadline({ signedOn: "2026-03-02" }, rules("national"), CAL)).reason).toContain(
      "《集体合同规定》第四十二条：自双方首席代表签字之日起10日内由用人单位报送劳动行政部门审查，文本一式3份",
    );
    expect(computed(filingDeadline({ signedOn: "2026-03-02" }, rules("zhejiang"), CAL)).reason).toContain(
      "文本一式5份",
    );
  });

  it("上海: counted from the employer's receipt of the union's written notice (第23条)", () => {
    const d = computed(
      filingDeadline(
        { signedOn: "2026-06-01", approvalNoticeReceivedOn: "2026-06-09" },
        rules("shanghai"),
        CAL,
      ),
    );
    expect(d).toMatchObject({ raw: "2026-06-19", date: "2026-06-22", ruleSet: "shanghai" });
    expect(d.source).toEqual({ statute: "上海市集体合同条例", article: "23" });
    expect(d.reason).toContain("自企业收到职工方书面告知草案通过之日起10日内");
  });

  it("上海: pending until the notice's receipt is recorded, whatever the signing date", () => {
    const d = filingDeadline({ signedOn: "2026-06-01" }, rules("shanghai"), CAL);
    expect(isPending(d)).toBe(true);
    expect(d).toMatchObject({
      kind: "filing",
      waitingFor: "报送期限自企业收到职工方书面告知草案通过之日起计算，请先登记该日期",
      sourceLabel: "《上海市集体合同条例》第二十三条",
    });
  });

  it("national: pending until signing", () => {
    expect(isPending(filingDeadline({}, rules("national"), CAL))).toBe(true);
  });
});

describe("review and effect (第45条, 第47条)", () => {
  it.each([
    // [received, review raw, review end, effective]
    ["2026-06-01", "2026-06-16", "2026-06-16", "2026-06-17"],
    ["2026-09-15", "2026-09-30", "2026-09-30", "2026-10-01"],
    ["2026-09-16", "2026-10-01", "2026-10-08", "2026-10-09"],
    ["2026-12-20", "2027-01-04", "2027-01-04", "2027-01-05"],
  ])("received %s → review ends %s/%s, effective %s", (received, raw, end, effectiveOn) => {
    const { review, effective } = reviewDeadlines(received, rules("national"), CAL);
    expect(review).toMatchObject({ kind: "review", raw, date: end });
    expect(effective).toMatchObject({ kind: "effective", date: effectiveOn, label: "集体合同生效日" });
  });

  it("explains the effect date", () => {
    const { effective } = reviewDeadlines("2026-06-01", rules("national"), CAL);
    expect(effective.reason).toContain(
      "审查期至2026-06-16二十四时届满，期间未收到异议的，自2026-06-17起生效",
    );
    expect(effective.also).toEqual([
      { statute: "集体合同规定", article: "45" },
      { statute: "劳动合同法", article: "54" },
    ]);
  });

  it("北京 inherits the national review, 上海 has its own", () => {
    expect(reviewDeadlines("2026-06-01", rules("beijing"), CAL).review.ruleSet).toBe("national");
    expect(reviewDeadlines("2026-06-01", rules("shanghai"), CAL).review.source).toEqual({
      statute: "上海市集体合同条例",
      article: "23",
    });
  });
});

describe("term, expiry and the renewal window", () => {
  it.each([
    ["2026-05-01", 3, "2029-04-30"],
    ["2026-01-01", 1, "2026-12-31"],
    ["2026-06-17", 2, "2028-06-16"],
    ["2028-02-29", 1, "2029-02-28"], // leap day start
    ["2028-02-29", 3, "2031-02-28"],
    ["2028-03-01", 3, "2031-02-28"],
    ["2027-03-01", 1, "2028-02-29"], // ends on a leap day
    ["2026-03-01", 1, "2027-02-28"],
  ] as const)("effective %s for %i years → expires %s", (effectiveOn, years, expiresOn) => {
    const d = expiryDate(effectiveOn, years, rules("national"));
    expect(d).toMatchObject({ kind: "expiry", date: expiresOn, raw: expiresOn, shifted: false });
    expect(d.source).toEqual({ statute: "集体合同规定", article: "38" });
  });

  it("is never shifted, even onto a holiday", () => {
    expect(expiryDate("2025-10-02", 1, rules("national")).date).toBe("2026-10-01");
  });

  it.each([
    ["2027-05-31", "2027-02-28"],
    ["2028-05-31", "2028-02-29"],
    ["2029-04-30", "2029-01-30"],
    ["2026-12-31", "2026-09-30"],
    ["2027-01-15", "2026-10-15"],
  ])("expiry %s → renewal may be asked from %s", (expiresOn, start) => {
    const d = renewalWindowStart(expiresOn, rules("national"));
    expect(d).toMatchObject({ kind: "renewal_window", date: start });
    expect(d.reason).toContain("集体合同期满前3个月内，任何一方均可提出重新签订或续订的要求");
  });

  it.each<[RuleSetId, number, boolean, string, string | null]>([
    ["national", 3, false, "ok", null],
    ["national", 1, true, "ok", null],
    ["national", 4, false, "warning", "集体合同期限一般为1至3年（《集体合同规定》第三十八条）"],
    ["zhejiang", 4, false, "error", "集体合同期限为1至3年（《浙江省集体合同条例》第三十条）"],
    ["shanghai", 2, true, "warning", "工资专项集体合同期限一般为1年（《上海市集体合同条例》第二十五条）"],
    ["shanghai", 2, false, "ok", null],
    ["chongqing", 5, false, "warning", "集体合同期限一般为1至3年（《重庆市集体合同条例》第二十四条）"],
    ["beijing", 0, false, "error", "集体合同期限应为正整数年"],
  ])("%s: %i years (wage special %p) → %s", (id, years, wage, level, message) => {
    expect(checkTerm(years, rules(id), wage)).toEqual({ level, message });
  });
});

describe("caseDeadlines", () => {
  it("lists every deadline the recorded dates allow, in procedural order", () => {
    const list = caseDeadlines(
      {
        offerReceivedOn: "2026-03-02",
        coordinationAcceptedOn: null,
        draftAgreedOn: "2026-04-20",
        signedOn: "2026-05-20",
        filingReceivedOn: "2026-05-25",
        termYears: 3,
      },
      rules("national"),
      CAL,
    );
    expect(list.map((d) => [d.kind, isPending(d) ? null : d.date])).toEqual([
      ["response", "2026-03-23"],
      ["filing", "2026-06-01"], // 05-30 is a Saturday
      ["review", "2026-06-09"],
      ["effective", "2026-06-10"],
      ["expiry", "2029-06-09"],
      ["renewal_window", "2029-03-09"],
    ]);
  });

  it("浙江 adds the draft to the congress; coordination with its extension", () => {
    const list = caseDeadlines(
      {
        offerReceivedOn: "2026-09-24",
        coordinationAcceptedOn: "2026-09-01",
        coordinationExtensionDays: 10,
        draftAgreedOn: "2026-09-30",
      },
      rules("zhejiang"),
      CAL,
    );
    expect(list.map((d) => d.kind)).toEqual([
      "response",
      "coordination",
      "coordination_extended",
      "draft_to_congress",
    ]);
  });

  it("a recorded effective date replaces the computed one", () => {
    const list = caseDeadlines(
      { filingReceivedOn: "2026-06-01", effectiveOn: "2026-07-01", termYears: 1 },
      rules("national"),
      CAL,
    );
    expect(list.map((d) => [d.kind, isPending(d) ? null : d.date])).toEqual([
      ["review", "2026-06-16"],
      ["expiry", "2027-06-30"],
      ["renewal_window", "2027-03-30"],
    ]);
  });

  it("上海 with a signing date only: filing pending", () => {
    const list = caseDeadlines({ signedOn: "2026-06-01" }, rules("shanghai"), CAL);
    expect(list).toHaveLength(1);
    expect(isPending(list[0])).toBe(true);
  });

  it("nothing recorded, nothing due", () => {
    expect(caseDeadlines({}, rules("national"), CAL)).toEqual([]);
  });
});
