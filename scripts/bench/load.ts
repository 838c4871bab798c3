/**
 * @module One load run with autocannon: a fixed number of connections for a fixed time, each
 * request taking the next of a rotating list (queries, bodies), and the figures kept.
 */
import autocannon from "autocannon";

/** What a run measured. */
export interface LoadResult {
  name: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Socket errors, timeouts and non-2xx responses together; must be 0. */
  errors: number;
  non2xx: number;
  timeouts: number;
}

/** A request to make: path and, for POST, the body (JSON unless `contentType` says). */
export interface LoadRequest {
  path: string;
  body?: string;
  contentType?: string;
}

/**
 * Runs `connections` connections against `url` for `durationSeconds` (or until `amount` requests
 * are answered), cycling through `requests`.
 */
export async function runLoad({
  name,
  url,
  requests,
  connections,
  durationSeconds,
  amount,
}: {
  name: string;
  url: string;
  requests: readonly LoadRequest[];
  connections: number;
  durationSeconds: number;
  amount?: number;
}): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url,
    connections,
    ...(amount === undefined ? { duration: durationSeconds } : { amount }),
    timeout: 10,
    requests: [
      {
        setupRequest: (request) => {
          const item = requests[next++ % requests.length] ?? { path: "/" };
          return item.body === undefined
            ? { ...request, method: "GET", path: item.path }
            : {
                ...request,
                method: "POST",
                path: item.path,
                headers: { "content-type": item.contentType ?? "application/json" },
                body: item.body,
              };
        },
      },
    ],
  });
  return {
    name,
    connections,
    durationSeconds: amount === undefined ? durationSeconds : result.duration,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    // autocannon counts a timeout among its errors already.
    errors: result.errors + result.non2xx,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
  };
}
