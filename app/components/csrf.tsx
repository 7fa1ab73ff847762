import { Form, useRouteLoaderData, type FormProps } from "@remix-run/react";
import { forwardRef } from "react";

interface RootData {
  csrf: string | null;
}

export function useCsrfToken() {
  return useRouteLoaderData<RootData>("root")?.csrf ?? "";
}

/** The per-session CSRF token as a hidden field; every form that posts while signed in includes it. */
export function CsrfInput() {
  return <input type="hidden" name="_csrf" value={useCsrfToken()} />;
}

/** Remix's <Form> with the CSRF token included. */
export const AuthForm = forwardRef<HTMLFormElement, FormProps>(function AuthForm(
  { children, ...props },
  ref,
) {
  return (
    <Form ref={ref} {...props}>
      <CsrfInput />
      {children}
    </Form>
  );
});
