/**
 * An integrator's queue machine as the fault suite plays it: batches of `ticket.issued` events with
 * unique ids, each batch retried (same ids) until the server acknowledges it with 200. It records
 * what the server answered meanwhile, so a test can check the promises of docs/reliability.md:
 * every acknowledged event stored exactly once, unacknowledged batches safely retried (the
 * server reports the already stored ones as duplicates), 503s carrying Retry-After.
 */
export interface StreamTally {
  batchesAcknowledged: number;
  eventsAcknowledged: number;
  /** Events the server reported as duplicates on a retry (stored by an unanswered attempt). */
  duplicatesReported: number;
  status503: number;
  status503WithoutRetryAfter: number;
  /** Slowest 503 answer, ms (an outage must be answered fast). */
  slowest503Ms: number;
  /** Other HTTP statuses (a 500 is a failure of the promise). */
  otherStatuses: Record<string, number>;
  /** Requests that got no HTTP answer (server killed, connection refused). */
  noAnswer: number;
}

export interface IngestStream {
  tally: StreamTally;
  /** Ids of every event the server acknowledged. */
  acknowledged: Set<string>;
  /** Every event id ever sent (acknowledged or not). */
  sent: Set<string>;
  /** Point the stream at another server (after a restart on a new port). */
  retarget(url: string): void;
  /** Finishes the batch in flight (retrying until acknowledged) and stops. */
  stop(): Promise<void>;
}

export function startIngestStream(options: { url: string; key: string; branch: string; batchSize?: number; prefix: string; pauseMs?: number }): IngestStream {
  const tally: StreamTally = {
    batchesAcknowledged: 0, eventsAcknowledged: 0, duplicatesReported: 0, status503: 0, status503WithoutRetryAfter: 0, slowest503Ms: 0, otherStatuses: {}, noAnswer: 0,
  };
  const acknowledged = new Set<string>();
  const sent = new Set<string>();
  let url = options.url;
  let stopping = false;
  const size = options.batchSize ?? 50;

  async function sendUntilAcknowledged(batch: number): Promise<void> {
    const events = Array.from({ length: size }, (_, i) => ({
      id: `${options.prefix}-${batch}-${i}`, type: 'ticket.issued', branch: options.branch, at: new Date().toISOString(), ticket: `${options.prefix}${batch}x${i}`,
    }));
    for (const e of events) sent.add(e.id);
    for (;;) {
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(`${url}/api/v1/events`, {
          method: 'POST', headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(20_000),
        });
      } catch {
        tally.noAnswer++;
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const body = (await response.json().catch(() => ({}))) as { accepted?: number; duplicates?: number; rejected?: unknown[] };
      if (response.status === 200) {
        tally.batchesAcknowledged++;
        tally.eventsAcknowledged += body.accepted ?? 0;
        tally.duplicatesReported += body.duplicates ?? 0;
        for (const e of events) acknowledged.add(e.id);
        return;
      }
      if (response.status === 503) {
        tally.status503++;
        tally.slowest503Ms = Math.max(tally.slowest503Ms, Date.now() - started);
        if (!response.headers.get('retry-after')) tally.status503WithoutRetryAfter++;
      } else {
        tally.otherStatuses[response.status] = (tally.otherStatuses[response.status] ?? 0) + 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const done = (async () => {
    for (let batch = 0; !stopping; batch++) {
      await sendUntilAcknowledged(batch);
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  })();

  return {
    tally, acknowledged, sent,
    retarget: (next) => void (url = next),
    async stop() {
      stopping = true;
      await done;
    },
  };
}
