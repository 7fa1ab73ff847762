/**
 * The account list names each enterprise role's enterprise from the rows kept per organisation (no read of
 * the enterprises by key or filter when they are kept), current after a rename through the service; an
 * enterprise the kept rows do not hold (archived) is still named, read by key.
 */
import { listAccounts } from "~/services/accounts/accounts.server";
import { updateEnterprise } from "~/services/enterprises/enterprises.server";
import { Enterprise } from "../../models/enterprise";
import {
  enterpriseRaw,
  makeEnterprise,
  makeOrg,
  makeUser,
  signInAs,
  type Browser,
} from "../support/factories";

let admin: Browser;

beforeAll(async () => {
  admin = await signInAs(await makeUser({ role: "admin" }));
});

/** The role labels of one account, as the list shows them (all pages). */
async function rolesOf(accountName: string) {
  for (let page = 1; page < 100; page++) {
    const list = await listAccounts(admin.user, { page });
    const row = list.rows.find((r) => r.accountName === accountName);
    if (row) return row.roles;
    if (page >= list.pageCount) break;
  }
  throw new Error(`${accountName} 不在账号列表中`);
}

it("names the enterprise of an enterprise role from the kept rows, after a rename too", async () => {
  const org = await makeOrg({ name: "账号列表测试区总工会" });
  const enterprise = await makeEnterprise(org, { name: "账号列表测试机械有限公司" });
  const hr = await makeUser({ role: "hr", enterprise });
  expect(await rolesOf(hr.accountName)).toEqual(["企业人力资源负责人·账号列表测试机械有限公司"]);

  const before = (await Enterprise.findById(enterprise._id).lean())!;
  await updateEnterprise(
    admin.user,
    String(enterprise._id),
    before.version,
    enterpriseRaw(before, { name: "账号列表测试精工有限公司" }),
  );
  const reads = jest.spyOn(Enterprise, "findById");
  try {
    expect(await rolesOf(hr.accountName)).toEqual(["企业人力资源负责人·账号列表测试精工有限公司"]);
    expect(reads).not.toHaveBeenCalled();
  } finally {
    reads.mockRestore();
  }
});

it("an archived enterprise (in no kept rows) is still named, read by key", async () => {
  const org = await makeOrg();
  const enterprise = await makeEnterprise(org, { name: "账号列表已归档有限公司", archived: true });
  const chair = await makeUser({ role: "chair", enterprise });
  expect((await rolesOf(chair.accountName))[0]).toContain("账号列表已归档有限公司");
});
