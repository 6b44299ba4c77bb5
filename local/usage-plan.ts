/**
 * API Gateway's usage plans, locally: each API key's token bucket (refilled at the plan's rate, holding at
 * most its burst) and its quota per UTC day, week (from Monday) or calendar month. Time is injected, so the
 * rules are table-tested without waiting.
 */
import type { UsagePlanPlan } from "./access-plan";

export type UsageVerdict = "ok" | "forbidden" | "throttled" | "quota";

/** A token bucket: `burst` tokens, refilled at `rate` per second. */
export class TokenBucket {
    private tokens: number;
    private last: number;

    constructor(
        private readonly rate: number,
        private readonly burst: number,
        now: number,
    ) {
        this.tokens = burst;
        this.last = now;
    }

    /** Takes a token if there is one (`now` in milliseconds). */
    take(now: number): boolean {
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
        this.last = now;
        if (this.tokens < 1) return false;
        this.tokens -= 1;
        return true;
    }
}

/** The start of the quota period `now` falls in (UTC), as a key for its count. */
export function quotaPeriodStart(period: "DAY" | "WEEK" | "MONTH", now: number): number {
    const d = new Date(now);
    if (period === "MONTH") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    if (period === "DAY") return day;
    return day - ((d.getUTCDay() + 6) % 7) * 86_400_000; // back to Monday
}

interface KeyState {
    plan: UsagePlanPlan;
    bucket?: TokenBucket;
    period?: number;
    used: number;
}

/** Every key of an API's usage plans, by value. */
export class UsagePlans {
    private readonly keys = new Map<string, KeyState>();

    /** `values`: each key's value by its ID (local mode makes them up, or takes the program's). */
    constructor(plans: UsagePlanPlan[], values: Map<string, string>) {
        for (const plan of plans)
            for (const key of plan.keys) {
                const value = values.get(key.id);
                if (value) this.keys.set(value, { plan, used: 0 });
            }
    }

    /**
     * What API Gateway does with a request to an `apiKeyRequired` method carrying `apiKey`: a missing or
     * unknown key is forbidden; then the key's throttle; then its quota (a throttled request is not counted).
     */
    admit(apiKey: string | undefined, now = Date.now()): UsageVerdict {
        const state = apiKey === undefined ? undefined : this.keys.get(apiKey);
        if (!state) return "forbidden";
        const { throttle, quota } = state.plan;
        if (throttle) {
            state.bucket ??= new TokenBucket(throttle.rateLimit, throttle.burstLimit, now);
            if (!state.bucket.take(now)) return "throttled";
        }
        if (quota) {
            const period = quotaPeriodStart(quota.period, now);
            if (state.period !== period) [state.period, state.used] = [period, 0];
            if (state.used >= quota.limit) return "quota";
            state.used++;
        }
        return "ok";
    }
}
