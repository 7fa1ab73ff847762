import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assessmentForm } from "~/services/health-check/assessments.server";
import { requireUser } from "~/services/accounts/auth.server";

/** Opens the first dimension (or the scores once accepted). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const form = await assessmentForm(user, params.id ?? "");
  if (form.assessment.status === "accepted") return redirect(`/assessments/${params.id}/scores`);
  const first = form.template.dimensions.slice().sort((a, b) => a.order - b.order)[0];
  return redirect(`/assessments/${params.id}/d/${first.id}`);
}
