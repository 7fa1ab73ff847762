import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/services/accounts/auth.server";
import { workbenchFor } from "~/services/workbench/workbench.server";
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

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** A counter that opens the list it counts. */
function Stat({ label, value, to }: { label: string; value: number; to: string }) {
  return (
    <Link className="stat stat-link" to={to}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
    </Link>
  );
}

/** What waits for me: one list per role I hold, oldest first, each entry a link to where I act. */
function Inbox({ inbox, counters }: { inbox: Data["inbox"]; counters: Data["counters"] }) {
  if (!inbox.sections.length && !inbox.bargaining.length) return null;
  return (
    <section className="card inbox" aria-labelledby="inbox-title" data-testid="inbox">
      <h2 id="inbox-title">我的待办</h2>
      {counters.length ? (
        <div className="grid inbox-counters">
          {counters.map((c) => (
            <Stat key={c.label} label={c.label} value={c.value} to={c.to} />
          ))}
        </div>
      ) : null}
      {inbox.sections.map((section) => (
        <div key={section.key} data-testid={`inbox-${section.key}`}>
          <h3>
            {section.title}（{section.total}）
          </h3>
          {section.tasks.length === 0 ? (
            <p className="hint">暂无待办事项。</p>
          ) : (
            <ul className="inbox-list">
              {section.tasks.map((t) => (
                <li key={t.key} className={t.overdue ? "inbox-overdue" : undefined}>
                  <span className="inbox-what">
                    {t.link ? <Link to={t.link}>{t.label}</Link> : <span>{t.label}</span>}
                  </span>
                  <span className="inbox-subject">
                    {t.enterpriseName} · {t.subject}
                  </span>
                  <span className="inbox-due">
                    {t.overdue ? "已逾期，" : ""}期限 {t.dueOn}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <MoreTasks shown={section.tasks.length} total={section.total} />
        </div>
      ))}
      {inbox.bargaining.length ? (
        <div data-testid="inbox-bargaining">
          <h3>集体协商期限（{inbox.bargainingTotal}）</h3>
          <ul className="inbox-list">
            {inbox.bargaining.map((t) => (
              <li key={t.key} className={t.overdue ? "inbox-overdue" : undefined}>
                <span className="inbox-what">
                  {t.link ? <Link to={t.link}>{t.label}</Link> : <span>{t.label}</span>}
                </span>
                <span className="inbox-subject">{t.enterpriseName}</span>
                <span className="inbox-due">
                  {t.overdue ? "已逾期，" : ""}期限 {t.dueOn}
                </span>
              </li>
            ))}
          </ul>
          <MoreTasks shown={inbox.bargaining.length} total={inbox.bargainingTotal} />
        </div>
      ) : null}
    </section>
  );
}

/** Under a list cut short: how many are left, and where they are. */
function MoreTasks({ shown, total }: { shown: number; total: number }) {
  if (total <= shown) return null;
  return (
    <p className="hint" data-testid="inbox-more">
      仅列出最早的 {shown} 项，另有 {total - shown}{" "}
      项：请从上方的计数或“法律处方”“体检报告”“集体协商”列表查看全部。
    </p>
  );
}

export default function Workbench() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h1>工作台</h1>
      <p className="hint">
        {data.name}，您好。当前身份：{data.roles.join("、")}
      </p>
      <Inbox inbox={data.inbox} counters={data.counters} />
      {data.showFigures ? (
        <div className="grid" data-testid="figures">
          <Stat label="服务企业" value={data.figures.total} to="/enterprises" />
          <Stat label="已建工会" value={data.figures.withUnion} to="/enterprises?union=yes" />
          <Stat label="集体合同生效中" value={data.figures.inEffect} to="/enterprises?contract=in_effect" />
          <Stat
            label="集体协商进行中"
            value={data.figures.bargaining}
            to="/enterprises?contract=bargaining"
          />
          {data.admin ? (
            <>
              <Stat label="工会组织" value={data.admin.orgs} to="/orgs" />
              <Stat label="账号" value={data.admin.users} to="/accounts" />
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
