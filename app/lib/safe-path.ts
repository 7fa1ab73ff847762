/**
 * A path on this site that the app may redirect to (after sign-in, from a notification): it starts with
 * exactly one "/", holds no backslash ("/\host" is "//host" to browsers), no whitespace and no control
 * character (browsers drop some of them, so "/\t/host" becomes "//host"), and resolves to this origin.
 */
export function isSafeAppPath(link: unknown): link is string {
  if (typeof link !== "string" || link.length === 0 || link.length > 2000) return false;
  if (!link.startsWith("/") || link.startsWith("//")) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f-\u009f]/.test(link)) return false;
  const base = "http://app.invalid";
  try {
    return new URL(link, base).origin === base;
  } catch {
    return false;
  }
}

/** Where to go after sign-in: `to` when it is a safe path on this site (isSafeAppPath), else the start page. */
export function safeRedirect(to: unknown, fallback = "/"): string {
  return isSafeAppPath(to) ? to : fallback;
}
