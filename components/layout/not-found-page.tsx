import Link from "next/link";

/**
 * The wizard's 404. Next.js's built-in one carries an inline <style> without the request's CSP nonce, which the
 * page's policy refuses (lib/security/headers.ts); this one is styled by the app's stylesheet.
 */
export function NotFoundPage() {
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <span aria-hidden className="mx-auto grid h-10 w-10 place-items-center rounded bg-blue-700 text-sm font-bold text-white">
        Px
      </span>
      <h1 className="mt-4 text-2xl font-bold text-slate-900">Page not found</h1>
      <p className="mt-2 text-slate-700">There is no page at this address in the Psoxy Microsoft 365 setup.</p>
      <Link className="mt-4 inline-block text-blue-800 underline" href="/">
        Back to the start page
      </Link>
    </main>
  );
}
