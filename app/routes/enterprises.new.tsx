import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { EMPTY_ENTERPRISE, EnterpriseForm } from "~/components/enterprise-form";
import { failureOf } from "~/components/form-bits";
import { enterpriseFormToRaw } from "~/domain/enterprise-form";
import { can } from "~/domain/policy";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { createEnterprise } from "~/services/enterprises/enterprises.server";
import { attempt, forbidden, UserError } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";

export const meta: MetaFunction = () => [{ title: "登记企业 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!can(user, "enterprise:list", { type: "system" })) throw forbidden();
  return { orgs: await listOrgTree(user) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attempt(async () => {
    const { raw, designationError } = enterpriseFormToRaw(form);
    if (designationError)
      throw new UserError("请检查填写的内容", { harmoniousDesignations: [designationError] });
    return createEnterprise(user, raw);
  });
  const failure = failureOf(result);
  if (failure) return failure;
  return redirect(`/enterprises/${String((result as { _id: unknown })._id)}`);
}

export default function NewEnterprise() {
  const { orgs } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <div>
      <h1>登记企业</h1>
      <EnterpriseForm values={EMPTY_ENTERPRISE} orgs={orgs} failure={failure} submitLabel="保存" />
    </div>
  );
}
