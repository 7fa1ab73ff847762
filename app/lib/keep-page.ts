import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * An action whose result changes nothing any loader of the page shows (a ballot: its receipt is in the
 * result, shown once) says so with `keepPage: true`; the routes that export `shouldRevalidate` below then
 * keep their data, so the browser's post is answered by the action's small result alone, with no reload
 * of the page's loaders after it.
 */
export const KEEP_PAGE = { keepPage: true } as const;

export const keepsPage = (actionResult: unknown): boolean =>
  !!actionResult &&
  typeof actionResult === "object" &&
  (actionResult as { keepPage?: unknown }).keepPage === true;

export const revalidateUnlessKept: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  keepsPage(actionResult) ? false : defaultShouldRevalidate;
