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
// Proxy headers are never believed here: the app works out the client's address itself, from the
// connection's address and X-Forwarded-For, trusting only TRUSTED_PROXIES (app/lib/client-address.ts).
app.set("trust proxy", false);
app.use(compression());

/** Runs `fn` just before the response's headers are written (after the app has set its own). */
function beforeHeaders(res, fn) {
  const writeHead = res.writeHead;
  res.writeHead = function (...args) {
    fn();
    return writeHead.apply(this, args);
  };
}

/**
 * How long, and how much at most, a refused body is still read and thrown away so the client sees the
 * answer (like nginx's lingering close; a client that reads the answer stops sending within moments).
 */
const LINGER_MS = 2_000;
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Closes a connection whose request body was not read to the end, without losing the response: Node
 * closes a `Connection: close` socket as soon as the response is flushed, and a close with unread bytes
 * is a reset that can destroy the response before the client reads it. Instead our side is ended, what
 * the client still sends is thrown away (never kept) for at most LINGER_MS or LINGER_BYTES, then closed.
 */
function lingeringClose(req, socket) {
  socket.destroySoon = function () {
    let discarded = 0;
    const close = () => socket.destroy();
    const timer = setTimeout(close, LINGER_MS);
    socket.once("close", () => clearTimeout(timer));
    req.removeAllListeners("data");
    req.on("data", (chunk) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) close();
    });
    req.once("end", close);
    req.resume();
    if (socket.writable) socket.end();
  };
}

// A response sent before the request's body has fully arrived (a refused upload, a form over its limit,
// a signed-out post) closes the connection: otherwise Node would wait for, or take in, the rest of the body
// to keep the connection alive.
app.use((req, res, next) => {
  beforeHeaders(res, () => {
    if (req.complete) return;
    res.setHeader("Connection", "close");
    lingeringClose(req, req.socket);
  });
  next();
});

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
  res.setHeader(
    "Permissions-Policy",
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
  );
  if (mode === "production") {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  next();
});

// CSRF, first line of defence for every mutating request: a browser's cross-site POST carries
// Sec-Fetch-Site: cross-site or an Origin that is not ours; both are refused before Remix sees them.
// (Forms also carry a per-session token, checked by requireActionUser.)
app.use((req, res, next) => {
  // The connection's own address, written over anything the client sent under this name.
  req.headers["x-client-ip"] = req.socket.remoteAddress ?? "unknown";
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
// The other public files (the icon) have a file extension: pages do not, and are not looked for on disk (a
// stat per page load, every one of them failing).
const publicFiles = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

// Everything the app answers (signed-in pages, exports, downloads) is kept out of caches unless a route
// says otherwise; X-Content-Type-Options is sent once even when a route sets it too.
app.use((req, res, next) => {
  beforeHeaders(res, () => {
    if (!res.getHeader("Cache-Control")) res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Content-Type-Options", "nosniff");
  });
  next();
});

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
