/**
 * Imported first by tests that flush Redis: moves this test file (and the workers it starts) to a Redis
 * database of its own, so FLUSHDB there is a real flush that cannot touch other test files' keys.
 */
export const OWN_REDIS_DB = 9;

const base = process.env.REDIS_URL;
if (base) {
  const url = new URL(base);
  url.pathname = `/${OWN_REDIS_DB}`;
  process.env.REDIS_URL = url.toString();
}
