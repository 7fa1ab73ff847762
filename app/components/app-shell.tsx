import { Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { CsrfInput } from "./csrf";

export interface NavItem {
  to: string;
  label: string;
}

export interface ShellUser {
  displayName: string;
  roleLabels: string[];
}

/** The header's link to the notification centre, with the unread count as a badge. */
function NotificationBell({ unread }: { unread: number }) {
  return (
    <NavLink
      className="shell-bell"
      to="/notifications"
      aria-label={unread > 0 ? `通知（${unread} 条未读）` : "通知"}
      data-unread={unread}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span className="shell-bell-label">通知</span>
      {unread > 0 ? (
        <span className="shell-bell-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

/** The page frame: header with the product name, the person's navigation and menu, content, footer. */
export function AppShell({
  children,
  nav = [],
  user,
  unreadNotifications = null,
}: {
  children: ReactNode;
  nav?: NavItem[];
  user?: ShellUser | null;
  /** Unread notifications of the signed-in person; null shows no bell. */
  unreadNotifications?: number | null;
}) {
  // On a phone the navigation and the account links fold into a menu; following a link closes it.
  const [open, setOpen] = useState(false);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname, location.search]);
  const hasMenu = nav.length > 0 || !!user;
  return (
    <div className="shell">
      <header className="shell-header" data-menu-open={open ? "true" : "false"}>
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">
            协
          </span>
          <span className="brand-name">工会协商通</span>
        </a>
        {user && unreadNotifications !== null ? <NotificationBell unread={unreadNotifications} /> : null}
        {hasMenu ? (
          <button
            type="button"
            className="shell-menu-button"
            aria-expanded={open}
            aria-controls="shell-menu"
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true">☰</span> 菜单
          </button>
        ) : null}
        <div className="shell-menu" id="shell-menu">
          <nav className="shell-nav" aria-label="主导航">
            {nav.map((item) => (
              <NavLink key={item.to} to={item.to} end={item.to === "/"} prefetch="intent">
                {item.label}
              </NavLink>
            ))}
          </nav>
          {user ? (
            <div className="shell-user">
              <a href="/account" title={user.roleLabels.join("、")}>
                {user.displayName}
                <span className="shell-role">（{user.roleLabels.join("、")}）</span>
              </a>
              <form method="post" action="/logout">
                <CsrfInput />
                <button type="submit" className="link">
                  退出
                </button>
              </form>
            </div>
          ) : null}
        </div>
      </header>
      <main className="shell-main">{children}</main>
      <footer className="shell-footer">
        工会协商通 · 构建和谐劳动关系 · <Link to="/about">关于</Link>
      </footer>
    </div>
  );
}
