import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { EnterpriseForm } from "~/components/enterprise-form";
import { failureOf } from "~/components/form-bits";
import { formatDesignations } from "~/domain/enterprise";
import { enterpriseFormToRaw } from "~/domain/enterprise-form";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { getEnterprise, updateEnterprise } from "~/services/enterprises/enterprises.server";
import { attempt, forbidden, parseForm, UserError } from "~/lib/http.server";
import { listOrgTree } from "~/services/orgs/orgs.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const enterprise = await getEnterprise(user, params.id ?? "");
  if (!enterprise.canEdit) throw forbidden("您无权修改该企业的信息");
  return { enterprise, orgs: await listOrgTree(user) };
}

/** The stale-edit check's version; the enterprise's own fields are checked by the service (validateEnterprise). */
const EditForm = z.object({ version: z.coerce.number().int().nonnegative() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const result = await attempt(async () => {
    const { version } = parseForm(form, EditForm);
    const { raw, designationError } = enterpriseFormToRaw(form);
    if (designationError)
      throw new UserError("请检查填写的内容", { harmoniousDesignations: [designationError] });
    return updateEnterprise(user, params.id ?? "", version, raw);
  });
  const failure = failureOf(result);
  if (failure) return failure;
  return redirect(`/enterprises/${params.id}`);
}

export default function EditEnterprise() {
  const { enterprise: e, orgs } = useLoaderData<typeof loader>();
  const failure = failureOf(useActionData<typeof action>());
  return (
    <EnterpriseForm
      orgs={orgs}
      failure={failure}
      submitLabel="保存修改"
      values={{
        ...e,
        contractStatus: e.storedContractStatus,
        contacts: e.contacts.map((c) => ({ name: c.name, role: c.role ?? "", phone: c.phone ?? "" })),
        designationsText: formatDesignations(e.harmoniousDesignations as never),
      }}
    />
  );
}
