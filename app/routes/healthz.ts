import { checkHealth } from "~/services/system/system.server";

/** Liveness and readiness: 200 when the database and Redis both answer, 503 with a Chinese message otherwise. */
export async function loader() {
  const health = await checkHealth();
  return new Response(JSON.stringify(health), {
    status: health.ok ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
