import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** Set by the vote route's action when this request cast a ballot (its loader then skips the draft). */
    ballotCast?: boolean;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
