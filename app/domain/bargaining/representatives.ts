/**
 * The two sides' lists of bargaining representatives (协商代表), checked under the organisation's rule set.
 * Every refusal names its rule and article in Chinese, e.g. "每方协商代表不少于3人（《集体合同规定》第十九条）".
 *
 * Rules (bargaining.md "Representatives"): the numbers per side and their balance come from the rule set
 * (national ≥ 3 and equal, 第19条; 上海/浙江 employer side not above the employee side; 重庆 3 to 15;
 * 浙江 ≥ 5 above designated size); exactly one chief per side (第19条); outsiders at most one third of a
 * side and never the chief (第23条); nobody on both sides (第24条); a written delegation where the
 * employee chief is not the union chair (第20条) or the employer chief not the legal representative
 * (第21条); one neutral recorder who is no representative (第33条).
 */
import { formatCitation } from "../citation-format";
import type { Citation } from "../health-check/types";
import { SIDE_LABELS, type Side } from "./case-kinds";
import { meetsFraction, type ResolvedRuleSet, type RuleSetId } from "./rule-sets";

export interface Representative {
  /** Stable id of the person (user or roster member), used to find the same person on both sides. */
  personId: string;
  name: string;
  chief: boolean;
  /** A professional from outside the enterprise (本单位以外的专业人员, 第23条). */
  outsider: boolean;
  /**
   * Employee side: is the union chair (or, the chair being vacant, the union's principal officer);
   * employer side: is the legal representative. Only read for the chief.
   */
  holdsOffice: boolean;
  /** A written delegation (书面委托) is on file. Only read for a chief who does not hold the office. */
  writtenDelegation: boolean;
}

export interface Recorder {
  personId: string;
  name: string;
}

export interface RepresentativeLists {
  employee: readonly Representative[];
  employer: readonly Representative[];
  /** The neutral recorder agreed in preparation (第33条); null while not yet agreed. */
  recorder: Recorder | null;
}

export interface RepresentativeContext {
  /**
   * 浙江: the enterprise is above designated size (规模以上企业). Required where the rule set has such a
   * minimum; leave undefined elsewhere.
   */
  aboveDesignatedSize?: boolean;
  /** The enterprise has a union; without one the employee chief is elected and needs no delegation (第20条). */
  hasUnion: boolean;
  /** Require the recorder (from preparation on). */
  requireRecorder: boolean;
}

export type RepresentativeIssueCode =
  | "too_few"
  | "too_many"
  | "unequal"
  | "employer_more"
  | "size_unknown"
  | "no_chief"
  | "several_chiefs"
  | "outsiders_over_share"
  | "outsider_chief"
  | "on_both_sides"
  | "listed_twice"
  | "delegation_missing"
  | "recorder_missing"
  | "recorder_is_representative"
  | "name_missing";

export interface RepresentativeIssue {
  code: RepresentativeIssueCode;
  /** The side concerned; null for rules across both sides or for the recorder. */
  side: Side | null;
  /** In Chinese, naming the rule and its article. */
  message: string;
  /** The article, for the "open the text" link; null only for the plain completeness check. */
  source: Citation | null;
  /** The rule set whose text the rule comes from. */
  ruleSet: RuleSetId;
  /** People concerned, when the issue is about particular people. */
  personIds: string[];
}

const NATIONAL = "集体合同规定";
const cite = (article: string): Citation => ({ statute: NATIONAL, article });

function withArticle(text: string, source: Citation | null): string {
  return source ? `${text}（${formatCitation(source)}）` : text;
}

/** Every problem with the lists; empty when they may be saved. */
export function validateRepresentatives(
  lists: RepresentativeLists,
  context: RepresentativeContext,
  rules: ResolvedRuleSet,
): RepresentativeIssue[] {
  const issues: RepresentativeIssue[] = [];
  const push = (
    code: RepresentativeIssueCode,
    side: Side | null,
    text: string,
    source: Citation | null,
    ruleSet: RuleSetId,
    personIds: string[] = [],
  ) => issues.push({ code, side, message: withArticle(text, source), source, ruleSet, personIds });

  const counts = rules.rules.representatives;
  const { min, max, minAboveDesignatedSize, balance } = counts.value;

  let requiredMin = min;
  if (minAboveDesignatedSize !== null) {
    if (context.aboveDesignatedSize === undefined)
      push(
        "size_unknown",
        null,
        `请先确认企业是否为规模以上企业：规模以上企业每方协商代表不少于${minAboveDesignatedSize}人`,
        counts.source,
        counts.ruleSet,
      );
    else if (context.aboveDesignatedSize) requiredMin = minAboveDesignatedSize;
  }

  for (const side of ["employee", "employer"] as const) {
    const list = lists[side];
    const label = SIDE_LABELS[side];
    const blank = list.filter((r) => r.name.trim() === "" || r.personId.trim() === "");
    if (blank.length > 0) push("name_missing", side, `${label}有协商代表未填写姓名`, null, rules.id);

    if (list.length < requiredMin) {
      const who = requiredMin === min ? "每方" : "规模以上企业每方";
      push(
        "too_few",
        side,
        `${who}协商代表不少于${requiredMin}人，${label}现有${list.length}人`,
        counts.source,
        counts.ruleSet,
      );
    }
    if (max !== null && list.length > max)
      push(
        "too_many",
        side,
        `每方协商代表不超过${max}人，${label}现有${list.length}人`,
        counts.source,
        counts.ruleSet,
      );

    const ids = list.map((r) => r.personId);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0)
      push("listed_twice", side, `${label}名单中有人重复列出`, null, rules.id, [...new Set(twice)]);

    const chiefs = list.filter((r) => r.chief);
    if (chiefs.length === 0) push("no_chief", side, `${label}应确定1名首席代表`, cite("19"), "national");
    if (chiefs.length > 1)
      push(
        "several_chiefs",
        side,
        `${label}只能确定1名首席代表，现有${chiefs.length}名`,
        cite("19"),
        "national",
        chiefs.map((c) => c.personId),
      );

    const outsiders = list.filter((r) => r.outsider);
    const share = rules.rules.outsiders;
    // "不得超过三分之一": over the share only when strictly more (3 outsiders of 9 are allowed).
    if (list.length > 0 && meetsFraction(outsiders.length, list.length, share.value.maxShare, false))
      push(
        "outsiders_over_share",
        side,
        `外聘的本单位以外专业人员不得超过本方代表的三分之一，${label}${list.length}人中有${outsiders.length}人`,
        share.source,
        share.ruleSet,
        outsiders.map((r) => r.personId),
      );
    const outsiderChiefs = chiefs.filter((c) => c.outsider);
    if (outsiderChiefs.length > 0)
      push(
        "outsider_chief",
        side,
        `${label}首席代表不得由非本单位人员担任`,
        share.source,
        share.ruleSet,
        outsiderChiefs.map((c) => c.personId),
      );

    for (const chief of chiefs) {
      if (chief.holdsOffice || chief.writtenDelegation) continue;
      if (side === "employee" && !context.hasUnion) continue; // elected from the representatives (第20条)
      push(
        "delegation_missing",
        side,
        side === "employee"
          ? `职工方首席代表由工会主席担任；由其他协商代表担任的，须有工会主席的书面委托`
          : `用人单位方首席代表由法定代表人担任；由其他管理人员担任的，须有法定代表人的书面委托`,
        cite(side === "employee" ? "20" : "21"),
        "national",
        [chief.personId],
      );
    }
  }

  const e = lists.employee.length;
  const r = lists.employer.length;
  if (balance === "equal" && e !== r)
    push(
      "unequal",
      null,
      `双方协商代表人数应当对等，现职工方${e}人、用人单位方${r}人`,
      counts.source,
      counts.ruleSet,
    );
  if (balance === "employer_not_more" && r > e)
    push(
      "employer_more",
      null,
      `用人单位方协商代表不得多于职工方，现职工方${e}人、用人单位方${r}人`,
      counts.source,
      counts.ruleSet,
    );

  const employeeIds = new Set(lists.employee.map((p) => p.personId));
  const both = [...new Set(lists.employer.filter((p) => employeeIds.has(p.personId)).map((p) => p.personId))];
  if (both.length > 0) {
    const names = lists.employer.filter((p) => both.includes(p.personId)).map((p) => p.name);
    push(
      "on_both_sides",
      null,
      `协商代表不得兼任双方代表：${[...new Set(names)].join("、")}`,
      cite("24"),
      "national",
      both,
    );
  }

  const recorder = lists.recorder;
  if (recorder === null) {
    if (context.requireRecorder)
      push("recorder_missing", null, "双方应共同确定一名非协商代表担任记录员", cite("33"), "national");
  } else if (
    employeeIds.has(recorder.personId) ||
    lists.employer.some((p) => p.personId === recorder.personId)
  )
    push(
      "recorder_is_representative",
      null,
      `记录员应由非协商代表担任，${recorder.name}已是协商代表`,
      cite("33"),
      "national",
      [recorder.personId],
    );

  return issues;
}

/**
 * Employee representatives are protected while they serve (第28条): contract extended to the end of their
 * service, no dismissal save the listed grounds, no job change without good reason. The words for the
 * people list and for a warning on any such action.
 */
export const REPRESENTATIVE_PROTECTION = {
  source: cite("28"),
  label: "履职保护中的职工方协商代表",
  message: withArticle(
    "职工方协商代表履职期间劳动合同期满的，自动延长至履职结束；除严重违反劳动纪律或规章制度、严重失职造成重大损害、被依法追究刑事责任外，用人单位不得解除其劳动合同，无正当理由不得调整其工作岗位",
    cite("28"),
  ),
} as const;
