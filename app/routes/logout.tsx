import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireActionForm, signOut } from "~/services/accounts/auth.server";
import { clientIp } from "~/lib/http.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireActionForm(request, { allowPasswordChange: true });
  const setCookie = await signOut(user, clientIp(request));
  return redirect("/login", { headers: { "Set-Cookie": setCookie } });
}
