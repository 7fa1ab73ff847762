/**
 * The plan form's enterprise picker (pickEnterprises): a district has thousands of enterprises, so the form
 * lists at most one submission's worth, narrowed by organisation and name; the count says how many match.
 */
import { pickEnterprises } from "~/services/enterprises/enterprises.server";
import { makeEnterprise, makeOrg, makeUser, signInAs } from "../support/factories";

it("narrows by organisation subtree, name and exclusions, by name, the first so many, and counts all", async () => {
  const district = await makeOrg({ name: "挑选测试区总工会" });
  const streetA = await makeOrg({ name: "挑选测试甲街道工会", parent: district });
  const streetB = await makeOrg({ name: "挑选测试乙街道工会", parent: district });
  const elsewhere = await makeOrg({ name: "挑选测试他区总工会" });
  const names = ["挑选丙商贸有限公司", "挑选甲制造有限公司", "挑选乙物流有限公司", "挑选丁餐饮有限公司"];
  const made = [
    await makeEnterprise(streetA, { name: names[0] }),
    await makeEnterprise(streetA, { name: names[1] }),
    await makeEnterprise(streetB, { name: names[2] }),
    await makeEnterprise(district, { name: names[3] }),
    await makeEnterprise(elsewhere, { name: "挑选他区企业有限公司" }),
  ];
  const instructor = await signInAs(await makeUser({ role: "instructor", org: district }));
  const pick = (orgId: string, q: string, exclude: string[], limit = 200) =>
    pickEnterprises(instructor.user, { orgId, q, exclude: new Set(exclude) }, limit);
  const byName = (list: string[]) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  // The whole scope (not the other district's), by name.
  const all = await pick("", "", []);
  expect(all.options.map((o) => o.name)).toEqual(byName(names));
  expect(all.total).toBe(4);
  // The first so many, counting all.
  const two = await pick("", "", [], 2);
  expect(two.options.map((o) => o.name)).toEqual(byName(names).slice(0, 2));
  expect(two.total).toBe(4);
  // An organisation's subtree; a name part; those already planned left out.
  expect((await pick(String(streetA._id), "", [])).options.map((o) => o.name)).toEqual(
    byName([names[0], names[1]]),
  );
  expect((await pick("", "物流", [])).options.map((o) => o.name)).toEqual([names[2]]);
  // Or a part of the credit code, in either case (the accounts page finds an enterprise to bind by it).
  const code = made[3].creditCode;
  expect((await pick("", code.slice(-6).toLowerCase(), [])).options.map((o) => o.name)).toEqual([names[3]]);
  const left = await pick(String(streetA._id), "", [String(made[0]._id)]);
  expect(left.options.map((o) => o.name)).toEqual([names[1]]);
  expect(left.total).toBe(1);
  // Outside the scope: nothing, whatever the filter says.
  expect((await pick(String(elsewhere._id), "", [])).total).toBe(0);
  expect((await pick("", "他区", [])).total).toBe(0);
});
