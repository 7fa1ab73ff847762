import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/services/auth.server";
import { workbenchFor } from "~/services/workbench.server";
import { Cohort } from "~/components/cultivation/cohort";
import styles from "../styles/cultivation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "工作台 · 工会协商通" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  const filters = {
    orgId: url.searchParams.get("org") ?? undefined,
    stage: url.searchParams.get("stage") ?? undefined,
  };
  return { name: user.displayName, ...(await workbenchFor(user, filters)) };
}

export default function Workbench() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>工作台</h1>
      <p className="hint">
        {data.name}，您好。当前身份：{data.roles.join("、")}
      </p>
      {data.showFigures ? (
        <div className="grid" data-testid="figures">
          <div className="stat">
            <div className="stat-label">服务企业</div>
            <div className="stat-value">{data.figures.total}</div>
          </div>
          <div className="stat">
            <div className="stat-label">已建工会</div>
            <div className="stat-value">{data.figures.withUnion}</div>
          </div>
          <div className="stat">
            <div className="stat-label">集体合同生效中</div>
            <div className="stat-value">{data.figures.inEffect}</div>
          </div>
          <div className="stat">
            <div className="stat-label">集体协商进行中</div>
            <div className="stat-value">{data.figures.bargaining}</div>
          </div>
          {data.admin ? (
            <>
              <div className="stat">
                <div className="stat-label">工会组织</div>
                <div className="stat-value">{data.admin.orgs}</div>
              </div>
              <div className="stat">
                <div className="stat-label">账号</div>
                <div className="stat-value">{data.admin.users}</div>
              </div>
            </>
          ) : null}
        </div>
      ) : null}
      {data.cohort ? <Cohort cohort={data.cohort} /> : null}
      {data.ownEnterprises.length ? (
        <div className="card" style={{ marginTop: 16 }}>
          <h2>本企业</h2>
          <ul>
            {data.ownEnterprises.map((e) => (
              <li key={e.id}>
                <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
