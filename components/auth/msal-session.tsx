"use client";

import {
  EventType,
  InteractionRequiredAuthError,
  InteractionType,
  InteractionStatus,
  PublicClientApplication,
  type AccountInfo,
  type EventMessage,
} from "@azure/msal-browser";
import { MsalProvider, useMsal } from "@azure/msal-react";
import { useEffect, useMemo, useRef, useState } from "react";
import type { PublicConfig } from "@/lib/config";
import { graphScopes, loginRequestFor, msalConfiguration } from "@/lib/auth/msal-config";
import { describeAuthError, type AuthProblem } from "@/lib/auth/problems";
import type { AuthSession, SignedInAccount } from "@/lib/auth/session";

function toAccount(account: AccountInfo): SignedInAccount {
  return {
    name: account.name ?? account.username,
    username: account.username,
    tenantId: account.tenantId,
    objectId: account.localAccountId,
  };
}

export interface MsalSessionSourceProps {
  config: PublicConfig;
  /** Receives the session whenever it changes (the light session in lazy-msal-session.tsx provides it to the page). */
  onSession: (session: AuthSession) => void;
}

/** One interactive redirect at a time for the whole page (it navigates away). */
let redirecting: Promise<void> | undefined;

const FAILURES: string[] = [EventType.ACQUIRE_TOKEN_FAILURE, EventType.LOGOUT_FAILURE];

function MsalSessionBridge({ config, onSession }: MsalSessionSourceProps) {
  const { instance, accounts, inProgress } = useMsal();
  const [problem, setProblem] = useState<AuthProblem | null>(null);
  /** An interactive attempt failed on this page load: do not redirect again by ourselves (that would loop). */
  const interactiveFailure = useRef<AuthProblem | null>(null);

  useEffect(() => {
    const id = instance.addEventCallback((message: EventMessage) => {
      // Silent failures are followed by a redirect (getAccessToken); only interactive ones are the user's problem.
      if (FAILURES.includes(message.eventType) && message.error && message.interactionType !== InteractionType.Silent) {
        const described = describeAuthError(message.error, { ...config, origin: window.location.origin });
        interactiveFailure.current = described;
        setProblem(described);
      }
      // The account that just signed in (or consented) interactively becomes the active one.
      const interactiveSuccess =
        message.eventType === EventType.LOGIN_SUCCESS ||
        (message.eventType === EventType.ACQUIRE_TOKEN_SUCCESS && message.interactionType === InteractionType.Redirect);
      if (interactiveSuccess && message.payload && "account" in message.payload && message.payload.account) {
        instance.setActiveAccount(message.payload.account);
      }
    });
    return () => {
      if (id) instance.removeEventCallback(id);
    };
  }, [instance, config]);

  const active = instance.getActiveAccount() ?? accounts[0] ?? null;
  const loginRequest = useMemo(() => loginRequestFor(config), [config]);

  const session = useMemo<AuthSession>(
    () => ({
      kind: "msal",
      status:
        inProgress === InteractionStatus.Startup || inProgress === InteractionStatus.HandleRedirect
          ? "initializing"
          : active
            ? "signed-in"
            : "signed-out",
      account: active ? toAccount(active) : null,
      problem,
      clearProblem: () => {
        interactiveFailure.current = null;
        setProblem(null);
      },
      signIn: async (returnTo) => {
        interactiveFailure.current = null;
        setProblem(null);
        await instance.loginRedirect(
          returnTo ? { ...loginRequest, redirectStartPage: new URL(returnTo, window.location.origin).href } : loginRequest,
        );
      },
      signOut: async () => {
        await instance.logoutRedirect({ account: active ?? undefined });
      },
      signInAgain: async ({ claims, returnTo } = {}) => {
        interactiveFailure.current = null;
        setProblem(null);
        const account = instance.getActiveAccount() ?? instance.getAllAccounts()[0];
        const back = new URL(
          returnTo ?? `${window.location.pathname}${window.location.search}${window.location.hash}`,
          window.location.origin,
        ).href;
        // The same account (login hint, no account picker), with the claims of a claims challenge; MSAL returns to `back`.
        redirecting ??= instance.acquireTokenRedirect({
          ...loginRequest,
          prompt: undefined,
          ...(account ? { account, loginHint: account.username } : {}),
          ...(claims ? { claims } : {}),
          redirectStartPage: back,
        });
        await redirecting;
      },
      getAccessToken: async (scopes, options = {}) => {
        const account = instance.getActiveAccount() ?? instance.getAllAccounts()[0];
        if (!account) throw new InteractionRequiredAuthError("no_account", "Sign in first.");
        const request = { scopes: graphScopes(scopes, config.graphBaseUrl), account };
        if (options.forceRefresh || options.claims) {
          // Graph refused the cached token (401): skip the cache and renew with the refresh token, passing the claims a
          // claims challenge asked for (https://learn.microsoft.com/entra/identity-platform/app-resilience-continuous-access-evaluation).
          // Never navigate from here: a failure becomes one "Sign in again and continue" (signInAgain) in the page.
          return (
            await instance.acquireTokenSilent({ ...request, forceRefresh: true, ...(options.claims ? { claims: options.claims } : {}) })
          ).accessToken;
        }
        try {
          return (await instance.acquireTokenSilent(request)).accessToken;
        } catch (error) {
          if (error instanceof InteractionRequiredAuthError && interactiveFailure.current) {
            // Entra already said no on this page load (e.g. consent missing): tell the user instead of asking again.
            throw new Error(`${interactiveFailure.current.title}. ${interactiveFailure.current.nextStep}`);
          }
          if (error instanceof InteractionRequiredAuthError) {
            // Consent or sign-in is needed for these scopes: Entra asks, then the page reloads here.
            // Several calls can fail at once; only the first navigates.
            redirecting ??= instance.acquireTokenRedirect(request);
            await redirecting;
            return new Promise<string>(() => undefined);
          }
          throw error;
        }
      },
    }),
    [instance, inProgress, active, problem, loginRequest, config.graphBaseUrl],
  );

  useEffect(() => onSession(session), [onSession, session]);
  return null;
}

/**
 * MSAL itself, loaded on demand (see lazy-msal-session.tsx): it renders nothing and reports the session up, so the
 * page under it keeps its state when MSAL arrives.
 */
export function MsalSessionSource({ config, onSession }: MsalSessionSourceProps) {
  const [pca] = useState(() => new PublicClientApplication(msalConfiguration(config, window.location.origin)));
  return (
    <MsalProvider instance={pca}>
      <MsalSessionBridge config={config} onSession={onSession} />
    </MsalProvider>
  );
}
