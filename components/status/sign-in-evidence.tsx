import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { SIGN_IN_FIXERS, type AppSignInEvidence, type SignInEvidenceUnavailableReason } from "@/lib/tenant/sign-in-evidence";

const UNAVAILABLE_TITLES: Record<SignInEvidenceUnavailableReason, string> = {
  licence: "Sign-in logs are not available in this tenant",
  role: "Sign-ins are hidden from your account",
  scope: "The wizard may not read sign-ins yet",
  error: "Sign-ins could not be read",
};

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

function relative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  return "just now";
}

/** UTC, the same on server and client. */
function absolute(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace("T", " ")
    .replace(/(:\d{2})\.\d{3}Z$/, "$1 UTC");
}

function When({ iso, now }: { iso: string; now: number | undefined }) {
  if (now === undefined) return <time dateTime={iso}>{absolute(iso)}</time>;
  return (
    <time dateTime={iso} title={absolute(iso)}>
      {relative(iso, now)} <span className="text-slate-500">({absolute(iso)})</span>
    </time>
  );
}

/** One connector's sign-in evidence: last successful sign-in and recent failures with the AADSTS code explained. */
export function SignInEvidence({
  evidence,
  unavailable,
  now,
}: {
  evidence: AppSignInEvidence | undefined;
  unavailable?: { reason: SignInEvidenceUnavailableReason; message: string };
  /** Epoch ms the relative times count from, e.g. when the evidence was read; without it only UTC times show. */
  now?: number;
}) {
  if (unavailable) {
    return (
      <Alert tone={unavailable.reason === "error" ? "error" : "info"} title={UNAVAILABLE_TITLES[unavailable.reason]}>
        <p>{unavailable.message}</p>
      </Alert>
    );
  }
  if (!evidence) return <p className="text-sm text-slate-500">Sign-ins not read yet.</p>;
  return (
    <div className="space-y-3 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-800">Last sign-in</span>
        {evidence.lastSignIn ? (
          <>
            <Badge tone="green">signed in</Badge>
            <When iso={evidence.lastSignIn} now={now} />
          </>
        ) : (
          <>
            <Badge tone="amber">none recorded</Badge>
            <span className="text-slate-600">The proxy has not signed in successfully as this app yet.</span>
          </>
        )}
      </p>
      {evidence.failures.length ? (
        <div>
          <h4 className="font-medium text-slate-800">Recent failed sign-ins</h4>
          <ul className="mt-1 space-y-2">
            {evidence.failures.map((failure) => (
              <li key={failure.requestId} className="rounded-md border border-slate-200 p-3">
                <p className="flex flex-wrap items-center gap-2">
                  <Badge tone="red">AADSTS{failure.errorCode}</Badge>
                  <When iso={failure.at} now={now} />
                  {failure.beforeLastSignIn ? <Badge>a later sign-in succeeded</Badge> : null}
                </p>
                <p className="mt-1 text-slate-800">{failure.explanation}</p>
                <p className="mt-1">
                  <strong>Next step</strong> ({SIGN_IN_FIXERS[failure.who]}): {failure.nextStep}
                </p>
                {failure.failureReason ? <p className="mt-1 text-xs text-slate-500">Entra said: {failure.failureReason}</p> : null}
                <p className="mt-1 text-xs text-slate-500">
                  request-id <code className="font-mono">{failure.requestId}</code>
                </p>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-slate-600">No failed sign-ins in the recent sign-in log.</p>
      )}
    </div>
  );
}
