/**
 * Demo data for README command 1 and the browser tests: a city federation with the 云溪区 district
 * (three streets/towns and an industrial park) and a second district, 32 enterprises across industries,
 * sizes and statuses (valid credit codes), and one account per role. Idempotent: keyed by organisation
 * name, credit code and account name, so running it twice changes nothing.
 */
import { type Types } from "mongoose";
import { hashPassword } from "../app/services/auth.server";
import { ensureDefaultTemplate } from "../app/services/templates.server";
import { makeCreditCode } from "../app/domain/credit-code";
import { ROLE_LABELS, type OrgKind, type Role } from "../app/domain/roles";
import { Enterprise } from "../models/enterprise";
import { UnionOrg } from "../models/union-org";
import { User, UserMobile } from "../models/user";

export const DEMO_PASSWORD = "Demo2026";

const ORGS: { name: string; kind: OrgKind; parent?: string }[] = [
  { name: "滨江市总工会", kind: "city" },
  { name: "云溪区总工会", kind: "district", parent: "滨江市总工会" },
  { name: "湖滨街道总工会", kind: "street", parent: "云溪区总工会" },
  { name: "长桥街道总工会", kind: "street", parent: "云溪区总工会" },
  { name: "青石镇总工会", kind: "town", parent: "云溪区总工会" },
  { name: "云溪智造产业园区总工会", kind: "park", parent: "云溪区总工会" },
  { name: "临江区总工会", kind: "district", parent: "滨江市总工会" },
  { name: "临江区江口街道总工会", kind: "street", parent: "临江区总工会" },
];

type Seed = [name: string, industry: string, headcount: number, org: string, union: string | null, contract: "none" | "bargaining" | "in_effect", until?: string];

const ENTERPRISES: Seed[] = [
  ["滨江湖滨精密机械有限公司", "C", 326, "湖滨街道总工会", "2015-06-18", "in_effect", "2027-06-30"],
  ["云溪新材料科技股份有限公司", "C", 812, "云溪智造产业园区总工会", "2012-03-09", "in_effect", "2026-12-31"],
  ["湖滨安居建设工程有限公司", "E", 455, "湖滨街道总工会", "2018-09-01", "bargaining"],
  ["长桥鲜达餐饮管理有限公司", "H", 138, "长桥街道总工会", "2020-11-20", "none"],
  ["云溪智联电子有限公司", "C", 1260, "云溪智造产业园区总工会", "2010-05-04", "in_effect", "2028-03-31"],
  ["青石绿源农业发展有限公司", "A", 64, "青石镇总工会", null, "none"],
  ["湖滨优选商贸有限公司", "F", 47, "湖滨街道总工会", null, "none"],
  ["长桥顺通物流有限公司", "G", 289, "长桥街道总工会", "2019-04-12", "bargaining"],
  ["云溪数码信息技术有限公司", "I", 176, "云溪智造产业园区总工会", "2021-01-15", "in_effect", "2027-01-14"],
  ["滨江长桥物业服务有限公司", "K", 233, "长桥街道总工会", "2017-08-08", "in_effect", "2026-08-31"],
  ["青石纺织服装有限公司", "C", 540, "青石镇总工会", "2009-10-10", "in_effect", "2027-09-30"],
  ["湖滨康宁医疗器械有限公司", "C", 198, "湖滨街道总工会", "2016-02-22", "none"],
  ["云溪汇鑫小额贷款有限公司", "J", 35, "云溪智造产业园区总工会", "2022-06-01", "none"],
  ["长桥乐学教育培训中心有限公司", "P", 88, "长桥街道总工会", null, "none"],
  ["青石石材加工有限公司", "B", 122, "青石镇总工会", "2014-07-07", "bargaining"],
  ["云溪恒润热电有限公司", "D", 305, "云溪智造产业园区总工会", "2008-12-12", "in_effect", "2027-12-31"],
  ["湖滨悦家酒店管理有限公司", "H", 156, "湖滨街道总工会", "2019-09-19", "none"],
  ["长桥明远汽车维修服务有限公司", "O", 42, "长桥街道总工会", null, "none"],
  ["云溪华测检测认证有限公司", "M", 97, "云溪智造产业园区总工会", "2020-05-20", "in_effect", "2026-05-19"],
  ["青石生态环境治理有限公司", "N", 76, "青石镇总工会", "2023-03-03", "none"],
  ["湖滨仁和康复医院有限公司", "Q", 214, "湖滨街道总工会", "2013-11-11", "in_effect", "2027-11-10"],
  ["长桥文化传媒有限公司", "R", 29, "长桥街道总工会", null, "none"],
  ["云溪精工汽车零部件有限公司", "C", 678, "云溪智造产业园区总工会", "2011-07-01", "bargaining"],
  ["青石建工集团有限公司", "E", 920, "青石镇总工会", "2006-04-18", "in_effect", "2028-04-17"],
  ["湖滨鲜果连锁超市有限公司", "F", 133, "湖滨街道总工会", "2021-10-01", "none"],
  ["长桥冷链仓储有限公司", "G", 91, "长桥街道总工会", null, "none"],
  ["云溪光伏能源科技有限公司", "D", 247, "云溪智造产业园区总工会", "2018-01-08", "in_effect", "2027-01-07"],
  ["青石竹木制品有限公司", "C", 58, "青石镇总工会", null, "none"],
  ["湖滨租赁服务有限公司", "L", 23, "湖滨街道总工会", null, "none"],
  ["长桥社区养老服务有限公司", "O", 110, "长桥街道总工会", "2022-12-20", "bargaining"],
  ["临江港口机械有限公司", "C", 430, "临江区江口街道总工会", "2014-05-01", "in_effect", "2027-04-30"],
  ["临江江鲜餐饮有限公司", "H", 66, "临江区江口街道总工会", null, "none"],
];

const ACCOUNTS: { accountName: string; displayName: string; mobile?: string; role: Role; org?: string; enterprise?: number }[] = [
  { accountName: "admin", displayName: "平台管理员", role: "admin" },
  { accountName: "zhidao", displayName: "王建国", mobile: "13800000001", role: "instructor", org: "云溪区总工会" },
  { accountName: "hubin.zhidao", displayName: "陈晓红", role: "instructor", org: "湖滨街道总工会" },
  { accountName: "linjiang.zhidao", displayName: "周海涛", role: "instructor", org: "临江区总工会" },
  { accountName: "hr", displayName: "张丽", mobile: "13800000002", role: "hr", enterprise: 0 },
  { accountName: "chair", displayName: "李明", role: "chair", enterprise: 0 },
  { accountName: "rep", displayName: "赵刚", role: "rep", enterprise: 0 },
  { accountName: "hr2", displayName: "孙颖", role: "hr", enterprise: 1 },
];

export function demoCreditCode(index: number) {
  return makeCreditCode(`91330110MA2${String(100_000 + index * 7_919).slice(-6)}`);
}

export async function seedDemo(): Promise<string> {
  await ensureDefaultTemplate();
  const orgIds = new Map<string, Types.ObjectId>();
  for (const org of ORGS) {
    const parentId = org.parent ? orgIds.get(org.parent)! : null;
    const parent = parentId ? await UnionOrg.findById(parentId).lean() : null;
    const ancestors = parent ? [...parent.ancestors, parent._id] : [];
    const saved =
      (await UnionOrg.findOne({ name: org.name }).lean()) ??
      (await UnionOrg.create({ name: org.name, kind: org.kind, parentId, ancestors }));
    orgIds.set(org.name, saved!._id);
  }

  const enterpriseIds: Types.ObjectId[] = [];
  for (const [i, [name, industry, headcount, org, union, contract, until]] of ENTERPRISES.entries()) {
    const creditCode = demoCreditCode(i);
    const saved = await Enterprise.findOneAndUpdate(
      { creditCode },
      {
        $setOnInsert: {
          name,
          creditCode,
          industry,
          headcount,
          womenShare: [18.5, 42, 12, 63.5, 36, 51][i % 6],
          address: `滨江市${org.replace("总工会", "")}${["滨湖路", "长桥大道", "青石街", "智造路"][i % 4]}${100 + i}号`,
          unionOrgId: orgIds.get(org),
          contacts: [{ name: ["张丽", "刘强", "吴敏", "郑洁"][i % 4], role: "人力资源经理", phone: `1390000${String(1000 + i)}` }],
          unionEstablishedOn: union,
          congressEstablished: !!union && headcount >= 100,
          openAffairs: !!union,
          usesDispatch: i % 5 === 0,
          contractStatus: contract,
          contractValidUntil: until ?? null,
          harmoniousDesignations: contract === "in_effect" && i % 3 === 0 ? [{ year: 2025, level: "区级" }] : [],
          archived: false,
          version: 0,
        },
      },
      { upsert: true, new: true },
    ).lean();
    enterpriseIds.push(saved!._id);
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of ACCOUNTS) {
    const grant = {
      role: account.role,
      unionOrgId: account.org ? orgIds.get(account.org) : undefined,
      enterpriseId: account.enterprise !== undefined ? enterpriseIds[account.enterprise] : undefined,
    };
    const user = await User.findOneAndUpdate(
      { accountName: account.accountName },
      {
        $setOnInsert: {
          accountName: account.accountName,
          displayName: account.displayName,
          mobile: account.mobile,
          passwordHash,
          status: "active",
          mustChangePassword: false,
          roles: [grant],
          version: 0,
        },
      },
      { upsert: true, new: true },
    ).lean();
    if (account.mobile && !(await UserMobile.findById(account.mobile).lean())) {
      await UserMobile.create({ _id: account.mobile, userId: user!._id });
    }
  }

  const lines = [
    `[seed] 演示数据已就绪：${ORGS.length} 个工会组织，${ENTERPRISES.length} 家企业，${ACCOUNTS.length} 个账号`,
    `[seed] 演示账号（密码均为 ${DEMO_PASSWORD}）：`,
    ...ACCOUNTS.map((a) => {
      const where = a.org ?? (a.enterprise !== undefined ? ENTERPRISES[a.enterprise][0] : "全平台");
      return `[seed]   ${a.accountName.padEnd(16)} ${a.displayName}（${ROLE_LABELS[a.role]}，${where}）`;
    }),
  ];
  return lines.join("\n");
}
