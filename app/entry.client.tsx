import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";

// A request the router cancelled (a navigation or revalidation started over another) can reject with an
// AbortError nobody awaits (single fetch: remix-run/react-router#14203). A cancellation is not a failure:
// it is not reported as an uncaught error. Every other rejection still is.
window.addEventListener("unhandledrejection", (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") event.preventDefault();
});

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  );
});
