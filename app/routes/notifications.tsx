import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";
import { AuthForm } from "~/components/csrf";
import { useActionNotice } from "~/components/form-bits";
import { flagParam, pageParam, parseQuery } from "~/lib/query";
import { requireActionForm, requireUser } from "~/services/accounts/auth.server";
import { parseForm } from "~/lib/http.server";
import {
  listNotifications,
  markAllRead,
  markRead,
  openNotification,
} from "~/services/notifications/notifications.server";

export const meta: MetaFunction = () => [{ title: "通知 · 工会协商通" }];

const NotificationQuery = z.object({ page: pageParam, unread: flagParam });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { page, unread } = parseQuery(NotificationQuery, request);
  return listNotifications(user, { page, unreadOnly: unread });
}

const id = z.string().min(1).max(64);
const NotificationAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id }),
  z.object({ intent: z.literal("read"), id }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, form } = await requireActionForm(request);
  const input = parseForm(form, NotificationAction);
  switch (input.intent) {
    case "open":
      // Go where the stored notification points (never to a URL the form sends), once it is marked read.
      return redirect(await openNotification(user, input.id));
    case "read":
      await markRead(user, input.id);
      return { ok: true as const, message: "已标为已读" };
    case "read-all": {
      const { updated } = await markAllRead(user);
      return { ok: true as const, message: updated ? `已将 ${updated} 条通知标为已读` : "没有未读通知" };
    }
  }
}

function listLink(unreadOnly: boolean, page = 1) {
  const params = new URLSearchParams();
  if (unreadOnly) params.set("unread", "1");
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/notifications?${query}` : "/notifications";
}

export default function Notifications() {
  const data = useLoaderData<typeof loader>();
  const { busy, done } = useActionNotice(useActionData<typeof action>());
  return (
    <div className="notification-centre">
      <div className="notification-head">
        <h1>通知</h1>
        {data.unread > 0 ? (
          <AuthForm method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="secondary" disabled={busy}>
              全部标为已读
            </button>
          </AuthForm>
        ) : null}
      </div>
      {done ? (
        <div className="notice" role="status">
          {done}
        </div>
      ) : null}
      <nav className="tabs" aria-label="通知筛选">
        <Link to={listLink(false)} aria-current={data.unreadOnly ? undefined : "page"}>
          全部
        </Link>
        <Link to={listLink(true)} aria-current={data.unreadOnly ? "page" : undefined}>
          仅看未读{data.unread > 0 ? `（${data.unread}）` : ""}
        </Link>
      </nav>
      {data.items.length === 0 ? (
        <div className="card notification-empty">
          <p>暂无通知</p>
          {data.unreadOnly ? <p className="hint">所有通知都已读过。</p> : null}
        </div>
      ) : (
        <ul className="notification-list">
          {data.items.map((n) => (
            <li
              key={n.id}
              className={n.read ? "notification" : "notification unread"}
              data-notification-id={n.id}
              data-read={n.read ? "true" : "false"}
            >
              <div className="notification-meta">
                {n.read ? null : <span className="badge danger">未读</span>}
                <span className="badge">{n.kindLabel}</span>
                <time dateTime={n.createdAt}>{n.createdAtText}</time>
              </div>
              <div className="notification-title">{n.title}</div>
              {n.body ? <p className="notification-body">{n.body}</p> : null}
              <div className="notification-actions">
                {n.link ? (
                  <AuthForm method="post" className="inline-form">
                    <input type="hidden" name="intent" value="open" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" disabled={busy}>
                      查看
                    </button>
                  </AuthForm>
                ) : null}
                {n.read ? null : (
                  <AuthForm method="post" className="inline-form">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="secondary" disabled={busy}>
                      标为已读
                    </button>
                  </AuthForm>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.total === 0 ? null : (
        <div className="pager">
          <span className="hint" data-testid="notification-total">
            共 {data.total} 条，第 {data.page}/{data.pageCount} 页
          </span>
          {data.page > 1 ? (
            <Link className="button secondary" to={listLink(data.unreadOnly, data.page - 1)}>
              上一页
            </Link>
          ) : null}
          {data.page < data.pageCount ? (
            <Link className="button secondary" to={listLink(data.unreadOnly, data.page + 1)}>
              下一页
            </Link>
          ) : null}
        </div>
      )}
    </div>
  );
}
