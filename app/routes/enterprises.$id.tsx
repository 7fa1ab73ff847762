import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/services/accounts/auth.server";
import { getEnterprise } from "~/services/enterprises/enterprises.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.enterprise.name ?? "企业"} · 工会协商通` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { enterprise: await getEnterprise(user, params.id ?? "") };
}

type TabGate = "canViewHealthChecks" | "canViewPrescriptions" | "canViewCultivation";

/** Tabs that later features fill; each is its own route under /enterprises/:id/. A tab the person may not open is not shown. */
const TABS: { to: string; label: string; end?: boolean; onlyIf?: TabGate }[] = [
  { to: "", label: "概况", end: true },
  { to: "health-checks", label: "法律体检", onlyIf: "canViewHealthChecks" },
  { to: "prescriptions", label: "法律处方", onlyIf: "canViewPrescriptions" },
  { to: "cultivation", label: "培育助推", onlyIf: "canViewCultivation" },
  { to: "bargaining", label: "集体协商" },
];

export default function EnterpriseLayout() {
  const { enterprise } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="hint">{enterprise.orgTrail.join(" › ")}</p>
      <h1>{enterprise.name}</h1>
      <nav className="tabs" aria-label="企业页签">
        {TABS.filter((tab) => !tab.onlyIf || enterprise[tab.onlyIf]).map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end} prefetch="intent">
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
