import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { navigationFor } from "~/domain/policy";
import { ROLE_LABELS } from "~/domain/roles";
import { getCurrentUser } from "~/services/accounts/auth.server";
import { unreadCount } from "~/services/notifications/notifications.server";
import { revalidateUnlessKept } from "~/lib/keep-page";
import { AppShell } from "./components/app-shell";
import { useNonce } from "./components/nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: styles },
];

export const meta: MetaFunction = () => [{ title: "工会协商通" }];

/** The layout is not reloaded after an action that changed nothing it shows (a ballot: app/lib/keep-page.ts). */
export const shouldRevalidate = revalidateUnlessKept;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return { user: null, nav: [], csrf: null, unreadNotifications: null };
  return {
    user: {
      displayName: user.displayName,
      roleLabels: [...new Set(user.roles.map((g) => ROLE_LABELS[g.role]))],
    },
    nav: user.mustChangePassword ? [] : navigationFor(user),
    csrf: user.csrfToken,
    // null hides the bell while the person must first change their password (every page sends them there).
    unreadNotifications: user.mustChangePassword ? null : await unreadCount(user.id),
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  useEffect(() => {
    // Browser tests wait for this marker before typing (STACK-NOTES: Remix).
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Shell({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <AppShell
      nav={data?.nav ?? []}
      user={data?.user ?? null}
      unreadNotifications={data?.unreadNotifications ?? null}
    >
      {children}
    </AppShell>
  );
}

export default function App() {
  return (
    <Shell>
      <Outlet />
    </Shell>
  );
}

const STATUS_TEXT: Record<number, { title: string; hint: string }> = {
  400: { title: "请求有误", hint: "提交的内容不符合要求，请检查后重试。" },
  403: { title: "无权访问", hint: "您没有查看或操作此内容的权限。如需访问，请联系所属工会的管理员。" },
  404: { title: "页面不存在", hint: "您访问的页面不存在或已被移除，请检查网址是否正确。" },
  409: { title: "内容已被他人修改", hint: "请刷新页面查看最新内容后再操作。" },
  413: { title: "提交的内容过大", hint: "请减少内容或压缩文件后重试。" },
  415: { title: "提交格式不受支持", hint: "请通过页面上的表单提交。" },
  429: { title: "操作过于频繁", hint: "请稍后再试。" },
  503: { title: "服务暂不可用", hint: "系统正在恢复，请稍后刷新页面。" },
};

export function ErrorBoundary() {
  const error = useRouteError();
  let status = 500;
  let detail: string | undefined;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    detail = typeof error.data === "string" && error.data ? error.data : undefined;
  }
  const text = STATUS_TEXT[status] ?? {
    title: "系统出错了",
    hint: "服务器处理请求时发生错误，我们已记录此问题。请稍后重试，或返回首页。",
  };
  return (
    <Shell>
      <section className="error-page" data-status={status}>
        <p className="error-code">{status}</p>
        <h1>{text.title}</h1>
        <p>{detail ?? text.hint}</p>
        <a className="button" href="/">
          返回首页
        </a>
      </section>
    </Shell>
  );
}
