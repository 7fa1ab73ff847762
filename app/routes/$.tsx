/** Any URL no other route matches: the Chinese 404 page from the root error boundary. */
export function loader() {
  throw new Response(null, { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
