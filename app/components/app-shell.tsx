import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfInput } from "./csrf";

export interface NavItem {
  to: string;
  label: string;
}

export interface ShellUser {
  displayName: string;
  roleLabels: string[];
}

/** The page frame: header with the product name, the person's navigation and menu, content, footer. */
export function AppShell({
  children,
  nav = [],
  user,
}: {
  children: ReactNode;
  nav?: NavItem[];
  user?: ShellUser | null;
}) {
  return (
    <div className="shell">
      <header className="shell-header">
        <a className="brand" href="/">
          <span className="brand-mark" aria-hidden="true">
            协
          </span>
          <span className="brand-name">工会协商通</span>
        </a>
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
      </header>
      <main className="shell-main">{children}</main>
      <footer className="shell-footer">工会协商通 · 构建和谐劳动关系</footer>
    </div>
  );
}
