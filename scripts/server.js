// Production and development HTTP server: Express + Remix, security headers with a CSP nonce.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";

// Run from the project root; REMIX_BUILD_DIR (set by parallel test runs) moves both build folders.
const BUILD_ROOT = process.env.REMIX_BUILD_DIR ?? ".";
const BUILD_PATH = path.resolve(BUILD_ROOT, "build/index.js");
const mode = process.env.NODE_ENV === "production" ? "production" : "development";
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", "loopback");
app.use(compression());

app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'${mode === "development" ? " 'unsafe-eval'" : ""}`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      `connect-src 'self'${mode === "development" ? " ws: http://localhost:* http://127.0.0.1:*" : ""}`,
      "font-src 'self' data:",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (mode === "production") {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
});

// CSRF, first line of defence for every mutating request: a browser's cross-site POST carries
// Sec-Fetch-Site: cross-site or an Origin that is not ours; both are refused before Remix sees them.
// (Forms also carry a per-session token, checked by requireActionUser.)
app.use((req, res, next) => {
  req.headers["x-client-ip"] = req.ip ?? "unknown";
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const site = req.get("sec-fetch-site");
  const origin = req.get("origin");
  let crossSite = site === "cross-site";
  if (!crossSite && origin) {
    try {
      crossSite = new URL(origin).host !== req.get("host");
    } catch {
      crossSite = true;
    }
  }
  if (crossSite) {
    res.status(403).type("text/plain; charset=utf-8").send("已拒绝跨站提交的请求（CSRF 防护）");
    return;
  }
  next();
});

app.use("/build", express.static(path.join(BUILD_ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

let buildStamp = 0;
async function loadBuild() {
  buildStamp = fs.statSync(BUILD_PATH).mtimeMs;
  return import(`${BUILD_PATH}?t=${buildStamp}`);
}

let build = await loadBuild();

// Server-Timing (app/lib/server-timing.server.ts, exported by the build's entry.server): database time and
// the rest, for every request that reaches Remix.
app.use((req, res, next) => {
  const timing = build.entry.module.timingMiddleware;
  return timing ? timing(req, res, next) : next();
});

app.all(
  "*",
  mode === "development"
    ? async (req, res, next) => {
        try {
          // Re-import only when the dev compiler wrote a new build.
          if (fs.statSync(BUILD_PATH).mtimeMs !== buildStamp) build = await loadBuild();
          return createRequestHandler({
            build,
            mode,
            getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
          })(req, res, next);
        } catch (error) {
          next(error);
        }
      }
    : createRequestHandler({
        build,
        mode,
        getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce }),
      }),
);

const server = app.listen(port, host, () => {
  console.log(`[app] 已启动：http://${host}:${port}（pid=${process.pid}）`);
  if (mode === "development") broadcastDevReady(build);
});

function shutdown(signal) {
  console.log(`[app] 收到 ${signal}，正在关闭…`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
