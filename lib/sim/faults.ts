import { SimGraphError } from "./http";
import { mulberry32 } from "./random";
import type { FailRule, FaultConfig } from "./types";

const NO_FAULTS: FaultConfig = {
  latencyMs: 0,
  replicationDelayMs: 0,
  throttleRate: 0,
  retryAfterSeconds: 5,
  transientRate: 0,
};

function check(cfg: Partial<FaultConfig>): void {
  for (const key of ["throttleRate", "transientRate"] as const) {
    const value = cfg[key];
    if (value !== undefined && !(value >= 0 && value <= 1)) throw new RangeError(`${key} must be between 0 and 1, got ${value}`);
  }
  for (const key of ["latencyMs", "replicationDelayMs", "retryAfterSeconds"] as const) {
    const value = cfg[key];
    if (value !== undefined && !(value >= 0)) throw new RangeError(`${key} must be >= 0, got ${value}`);
  }
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad request.",
  403: "Insufficient privileges to complete the operation.",
  404: "Resource not found.",
  409: "Conflict.",
  429: "Please retry again later.",
  500: "An internal server error occurred.",
  503: "The service is temporarily unavailable. Please retry later.",
  504: "The server did not receive a timely response from an upstream server.",
};

/**
 * Fault injection for Graph requests. Random faults draw from a seeded PRNG
 * (three draws per request, whatever the rates), so a given seed and request
 * sequence always fails the same way.
 * Codes: 429 TooManyRequests with Retry-After (https://learn.microsoft.com/graph/throttling);
 * 503 serviceNotAvailable (https://learn.microsoft.com/graph/errors, "Code property");
 * 504 gatewayTimeout (the errors page lists no code for 504; the wizard's error table uses this one).
 */
export class FaultEngine {
  private cfg: FaultConfig;
  private rules: (FailRule & { remaining: number })[] = [];
  private readonly random: () => number;

  constructor(seed: number, initial: Partial<FaultConfig> = {}) {
    check(initial);
    this.cfg = { ...NO_FAULTS, ...initial };
    this.random = mulberry32(seed ^ 0x5eed);
  }

  get config(): Readonly<FaultConfig> {
    return this.cfg;
  }

  set(cfg: Partial<FaultConfig>): void {
    check(cfg);
    this.cfg = { ...this.cfg, ...cfg };
  }

  reset(): void {
    this.cfg = { ...NO_FAULTS };
    this.rules = [];
  }

  failNext(rule: FailRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  /** The fault for this Graph request, if any. `random` is false for the outer `$batch` POST. */
  pick(method: string, path: string, random: boolean): SimGraphError | undefined {
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (!r.method || r.method.toUpperCase() === method) && path.includes(r.pathIncludes),
    );
    if (rule) {
      rule.remaining -= 1;
      this.rules = this.rules.filter((r) => r.remaining > 0);
      const headers = rule.status === 429 || rule.status === 503 ? this.retryAfter() : {};
      return new SimGraphError(rule.status, rule.code, rule.message ?? DEFAULT_MESSAGES[rule.status] ?? "Error.", headers);
    }
    if (!random) return undefined;
    const throttle = this.random();
    const transient = this.random();
    const which = this.random();
    if (throttle < this.cfg.throttleRate) {
      return new SimGraphError(429, "TooManyRequests", DEFAULT_MESSAGES[429] ?? "", this.retryAfter());
    }
    if (transient < this.cfg.transientRate) {
      return which < 0.5
        ? new SimGraphError(503, "serviceNotAvailable", DEFAULT_MESSAGES[503] ?? "", this.retryAfter())
        : new SimGraphError(504, "gatewayTimeout", DEFAULT_MESSAGES[504] ?? "");
    }
    return undefined;
  }

  private retryAfter(): Record<string, string> {
    return { "Retry-After": String(this.cfg.retryAfterSeconds) };
  }
}

export function wait(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
