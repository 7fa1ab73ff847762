/** Enterprise vocabulary and input rules: industries, size bands, contract status, the create/update schema. */
import * as z from "zod";
import { checkCreditCode } from "./credit-code";
import { isValidLocalDate, type LocalDate } from "./dates";
import { isContractInEffect } from "./dashboards/figures";

/** 国民经济行业分类 (GB/T 4754-2017), 门类 A–T. */
export const INDUSTRIES = [
  { code: "A", name: "农、林、牧、渔业" },
  { code: "B", name: "采矿业" },
  { code: "C", name: "制造业" },
  { code: "D", name: "电力、热力、燃气及水生产和供应业" },
  { code: "E", name: "建筑业" },
  { code: "F", name: "批发和零售业" },
  { code: "G", name: "交通运输、仓储和邮政业" },
  { code: "H", name: "住宿和餐饮业" },
  { code: "I", name: "信息传输、软件和信息技术服务业" },
  { code: "J", name: "金融业" },
  { code: "K", name: "房地产业" },
  { code: "L", name: "租赁和商务服务业" },
  { code: "M", name: "科学研究和技术服务业" },
  { code: "N", name: "水利、环境和公共设施管理业" },
  { code: "O", name: "居民服务、修理和其他服务业" },
  { code: "P", name: "教育" },
  { code: "Q", name: "卫生和社会工作" },
  { code: "R", name: "文化、体育和娱乐业" },
  { code: "S", name: "公共管理、社会保障和社会组织" },
  { code: "T", name: "国际组织" },
] as const;

export type IndustryCode = (typeof INDUSTRIES)[number]["code"];

const INDUSTRY_CODES = INDUSTRIES.map((i) => i.code) as [IndustryCode, ...IndustryCode[]];

export function industryName(code: string): string | undefined {
  return INDUSTRIES.find((i) => i.code === code)?.name;
}

const looseName = (s: string) => s.replace(/[\s、，,]/g, "");

/** "C", "c", "制造业", "C 制造业" or "农林牧渔业" (without the 、) → the section letter; undefined otherwise. */
export function industryCodeOf(text: string): IndustryCode | undefined {
  const t = text.trim();
  const letter = t.toUpperCase();
  const byLetter = INDUSTRIES.find((i) => i.code === letter);
  if (byLetter) return byLetter.code;
  const withLetter = /^([A-Ta-t])[\s.、:：-]*(.+)$/.exec(t);
  const name = looseName(withLetter ? withLetter[2] : t);
  const byName = INDUSTRIES.find((i) => looseName(i.name) === name);
  if (byName && (!withLetter || withLetter[1].toUpperCase() === byName.code)) return byName.code;
  return undefined;
}

/**
 * Size bands by headcount. 25 is the threshold at which an enterprise must set up its own union committee
 * (工会法 第11条); below it, members may join a joint union.
 */
export const SIZE_BANDS = [
  { id: "under_25", label: "25人以下", min: 0, max: 24 },
  { id: "25_99", label: "25–99人", min: 25, max: 99 },
  { id: "100_299", label: "100–299人", min: 100, max: 299 },
  { id: "300_999", label: "300–999人", min: 300, max: 999 },
  { id: "1000_plus", label: "1000人及以上", min: 1000, max: null },
] as const satisfies readonly { id: string; label: string; min: number; max: number | null }[];

export type SizeBand = (typeof SIZE_BANDS)[number];

export function sizeBandOf(headcount: number): SizeBand {
  if (!Number.isFinite(headcount) || headcount < 0) throw new RangeError(`无效的职工人数：${headcount}`);
  return SIZE_BANDS.find((b) => b.max === null || headcount <= b.max)!;
}

/** Stored contract statuses; "expired" is never stored, it is derived from the validity date. */
export const CONTRACT_STATUSES = ["none", "bargaining", "in_effect"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export type ContractState = ContractStatus | "expired";

export const CONTRACT_STATUS_LABELS: Record<ContractState, string> = {
  none: "未签订",
  bargaining: "协商中",
  in_effect: "生效中",
  expired: "已到期",
};

/** A contract is in effect through its last day and expired from the day after. */
export function contractStateOf(
  enterprise: { contractStatus: ContractStatus; contractValidUntil?: LocalDate | null },
  today: LocalDate,
): ContractState {
  if (!isValidLocalDate(today)) throw new RangeError(`无效的日期：${String(today)}`);
  const until = enterprise.contractValidUntil;
  if (
    enterprise.contractStatus === "in_effect" &&
    !isContractInEffect(until && isValidLocalDate(until) ? until : null, today)
  ) {
    return "expired";
  }
  return enterprise.contractStatus;
}

/** What every page says about an enterprise's collective contract, from one place. */
export interface ContractFacts {
  state: ContractState;
  label: string;
  validUntil: LocalDate | null;
  /** "生效中，有效期至 2027-06-30", "已到期（有效期至 2026-05-19）", "协商中", "未签订". */
  summary: string;
}

/**
 * The contract facts the enterprise overview shows and the 集体协商 tab must agree with: the state derived
 * on the Asia/Shanghai calendar (contractStateOf) and the validity date as registered.
 */
/** An enterprise as the list filters it (from its record or from the row kept of it). */
export interface ListedEnterprise {
  name: string;
  creditCode: string;
  industry: string;
  headcount: number;
  union: boolean;
  contractStatus: ContractStatus;
  contractValidUntil: LocalDate | null;
}

/**
 * Whether an enterprise passes the enterprise list's filters: name or credit code containing `q` (any
 * case), industry, size band, contract state on `today` (an in-effect contract past its end is 已到期) and
 * whether it has a union.
 */
export function matchesEnterpriseFilters(
  e: ListedEnterprise,
  filters: { q?: string; industry?: string; size?: string; contract?: string; union?: string },
  today: LocalDate,
): boolean {
  if (filters.q) {
    const q = filters.q.toLowerCase();
    if (!e.name.toLowerCase().includes(q) && !e.creditCode.toLowerCase().includes(q)) return false;
  }
  if (filters.industry && e.industry !== filters.industry) return false;
  if (filters.size) {
    // A headcount sizeBandOf refuses (never stored by the form) is in no band.
    const valid = Number.isFinite(e.headcount) && e.headcount >= 0;
    if (!valid || sizeBandOf(e.headcount).id !== filters.size) return false;
  }
  if (filters.contract && contractStateOf(e, today) !== filters.contract) return false;
  if (filters.union === "yes" && !e.union) return false;
  if (filters.union === "no" && e.union) return false;
  return true;
}

export function contractFactsOf(
  enterprise: { contractStatus: ContractStatus; contractValidUntil?: LocalDate | null },
  today: LocalDate,
): ContractFacts {
  const state = contractStateOf(enterprise, today);
  const validUntil = enterprise.contractValidUntil ?? null;
  const label = CONTRACT_STATUS_LABELS[state];
  const summary =
    state === "in_effect" && validUntil
      ? `${label}，有效期至 ${validUntil}`
      : state === "expired" && validUntil
        ? `${label}（有效期至 ${validUntil}）`
        : label;
  return { state, label, validUntil, summary };
}

/** 和谐劳动关系企业 designation levels, lowest first. */
export const DESIGNATION_LEVELS = ["区级", "市级", "省级", "全国"] as const;
export type DesignationLevel = (typeof DESIGNATION_LEVELS)[number];
export interface HarmoniousDesignation {
  year: number;
  level: DesignationLevel;
}

/** "2024区级;2025市级" (also ；，、 or new lines between items, "2024年区级", "全国级"). */
export function parseDesignations(text: string): {
  designations: HarmoniousDesignation[];
  unreadable: string[];
} {
  const designations: HarmoniousDesignation[] = [];
  const unreadable: string[] = [];
  for (const item of text.split(/[;；,，、\n]+/)) {
    const t = item.replace(/\s/g, "");
    if (!t) continue;
    const m = /^(\d{4})年?(区级|市级|省级|全国)级?$/.exec(t);
    if (m) designations.push({ year: Number(m[1]), level: m[2] as DesignationLevel });
    else unreadable.push(item.trim());
  }
  return { designations, unreadable };
}

export function formatDesignations(list: readonly HarmoniousDesignation[]): string {
  return list.map((d) => `${d.year}${d.level}`).join(";");
}

const TRUE_WORDS = ["on", "true", "1", "yes", "y", "是", "√", "✓"];
const FALSE_WORDS = ["off", "false", "0", "no", "n", "否", "×", ""];

/** Form checkbox values ("on" or absent), JSON booleans and 是/否 → boolean; undefined when unreadable. */
export function parseYesNo(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === undefined || value === null) return false;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== "string") return undefined;
  const t = value.trim().toLowerCase();
  if (TRUE_WORDS.includes(t)) return true;
  if (FALSE_WORDS.includes(t)) return false;
  return undefined;
}

/** Mainland mobile numbers, and landlines with an area code (an extension may follow). */
export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-\d{7,8}(-\d{1,6})?)$/;

export const CONTACT_FIELD_LABELS = {
  name: "联系人",
  role: "联系人职务",
  phone: "联系电话",
  email: "联系邮箱",
} as const;

export const MAX_CONTACTS = 10;

// Preprocessors: forms send strings ("" for an empty field, "on" for a ticked box), JSON sends values.
const blankToUndefined = (v: unknown) =>
  v === null || (typeof v === "string" && v.trim() === "") ? undefined : v;

const toNumber = (v: unknown) => {
  const b = blankToUndefined(v);
  if (typeof b !== "string") return b;
  const n = Number(b.trim().replace(/[,，\s]/g, ""));
  return Number.isNaN(n) ? b : n;
};

const text = (required: string) =>
  z.string({ error: (iss) => (iss.input === undefined ? required : "应为文本") }).trim();

const optionalText = (max: number) =>
  z.preprocess(
    blankToUndefined,
    z.string({ error: "应为文本" }).trim().max(max, `不能超过${max}个字`).optional(),
  );

const number = () => z.number({ error: (iss) => (iss.input === undefined ? "必填" : "应为数字") });

const flag = z.preprocess((v) => parseYesNo(v) ?? v, z.boolean({ error: "应为“是”或“否”" }));

const localDate = z
  .string({ error: "应为日期，格式如 2024-05-01" })
  .trim()
  .refine(isValidLocalDate, "应为有效日期，格式如 2024-05-01");

const ContactSchema = z.object({
  name: z.preprocess(blankToUndefined, text("必填").max(50, "不能超过50个字")),
  role: z.preprocess(blankToUndefined, text("必填").max(50, "不能超过50个字")),
  phone: z.preprocess(
    (v) =>
      typeof v === "number" ? String(v) : typeof v === "string" ? v.replace(/\s/g, "") || undefined : v,
    text("必填").regex(PHONE_PATTERN, "应为11位手机号或带区号的固定电话（如 010-12345678）"),
  ),
  email: z.preprocess(
    blankToUndefined,
    z.email({ error: "邮箱格式不正确" }).max(100, "不能超过100个字").optional(),
  ),
});

const DesignationSchema = z.object({
  year: z.preprocess(
    toNumber,
    number()
      .refine(Number.isInteger, "年份应为整数")
      .min(2000, "年份应在2000–2100之间")
      .max(2100, "年份应在2000–2100之间"),
  ),
  level: z.enum(DESIGNATION_LEVELS, { error: "级别应为区级、市级、省级或全国" }),
});

const contractStatusOf = (v: unknown) => {
  const b = blankToUndefined(v);
  if (b === undefined) return "none";
  if (typeof b !== "string") return b;
  const t = b.trim();
  return CONTRACT_STATUSES.find((s) => s === t || CONTRACT_STATUS_LABELS[s] === t) ?? t;
};

const percentShare = (v: number) => Math.abs(v * 10 - Math.round(v * 10)) < 1e-9;

/** Create and update of an enterprise; accepts form strings and JSON values alike. */
export const EnterpriseInputSchema = z
  .object({
    name: z.preprocess(blankToUndefined, text("必填").min(2, "至少2个字").max(100, "不能超过100个字")),
    creditCode: z.preprocess(
      blankToUndefined,
      z.string({ error: (iss) => (iss.input === undefined ? "必填" : "应为文本") }).transform((v, ctx) => {
        const checked = checkCreditCode(v);
        if (checked.ok) return checked.code;
        ctx.addIssue({ code: "custom", message: checked.message, input: v });
        return z.NEVER;
      }),
    ),
    industry: z.preprocess(
      (v) => (typeof v === "string" ? (industryCodeOf(v) ?? blankToUndefined(v)) : v),
      z.enum(INDUSTRY_CODES, {
        error: (iss) => (iss.input === undefined ? "必填" : "应为门类字母A–T或门类名称"),
      }),
    ),
    headcount: z.preprocess(
      toNumber,
      number()
        .refine(Number.isInteger, "应为整数")
        .min(1, "应在1到1,000,000之间")
        .max(1_000_000, "应在1到1,000,000之间"),
    ),
    womenShare: z.preprocess(
      (v) => toNumber(typeof v === "string" ? v.replace(/[%％]\s*$/, "") : v),
      number()
        .min(0, "应在0到100之间")
        .max(100, "应在0到100之间")
        .refine(percentShare, "最多保留一位小数")
        .optional(),
    ),
    address: optionalText(200),
    unionOrgId: z.preprocess(blankToUndefined, text("必填")),
    contacts: z.preprocess(
      (v) => blankToUndefined(v) ?? [],
      z.array(ContactSchema, { error: "格式不正确" }).max(MAX_CONTACTS, `最多${MAX_CONTACTS}个联系人`),
    ),
    unionEstablishedOn: z.preprocess(blankToUndefined, localDate.optional()),
    congressEstablished: flag,
    openAffairs: flag,
    usesDispatch: flag,
    contractStatus: z.preprocess(
      contractStatusOf,
      z.enum(CONTRACT_STATUSES, { error: "应为未签订、协商中或生效中" }),
    ),
    contractValidUntil: z.preprocess(blankToUndefined, localDate.optional()),
    harmoniousDesignations: z.preprocess(
      (v) => blankToUndefined(v) ?? [],
      z.array(DesignationSchema, { error: "格式不正确" }),
    ),
  })
  // Runs even when some fields failed, so that a form or an Excel row shows every problem at once.
  .superRefine(
    (value, ctx) => {
      if (value.contractStatus === "in_effect" && !value.contractValidUntil) {
        ctx.addIssue({
          code: "custom",
          path: ["contractValidUntil"],
          message: "集体合同状态为“生效中”时必填",
        });
      }
      const designations: unknown[] = Array.isArray(value.harmoniousDesignations)
        ? value.harmoniousDesignations
        : [];
      const seen = new Set<string>();
      designations.forEach((d, i) => {
        if (!isDesignation(d)) return;
        const key = `${d.year}${d.level}`;
        if (seen.has(key)) {
          ctx.addIssue({
            code: "custom",
            path: ["harmoniousDesignations", i],
            message: `${d.year}年${d.level}称号重复`,
          });
        }
        seen.add(key);
      });
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );

function isDesignation(d: unknown): d is HarmoniousDesignation {
  const v = d as Partial<HarmoniousDesignation> | null;
  return typeof v === "object" && v !== null && typeof v.year === "number" && typeof v.level === "string";
}

export type EnterpriseInput = z.output<typeof EnterpriseInputSchema>;
