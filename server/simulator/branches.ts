import type { OutletQuality } from './outlet-quality.ts';
import { BranchCodeListSchema } from '../contract/payloads/kpi.ts';
import type { CurveBranch } from './day-curve.ts';
import { apiUrl } from './ingest-client.ts';

/** A branch (网点) the simulator plays queue machine, evaluators and error log for. */
export interface SimBranch extends CurveBranch {
  code: string;
  /** Staff codes of its tellers; events name one when known, and the counter is the teller's. */
  tellers?: readonly string[];
  /** Its service quality (the demo's outlets have one, see outlet-quality.ts); default draws without. */
  quality?: OutletQuality;
}

/**
 * Where the simulated branches come from: the demo reads them from its database, the CLI from the
 * server's API (`createApiBranchSource`), tests from a list.
 */
export interface SimBranchSource {
  listBranches(): Promise<SimBranch[]>;
}

export interface ApiBranchSourceOptions {
  baseUrl: string;
  apiKey: string;
  /** At most this many branches, the first by code in the key's scope (the server's default is 1,000). */
  limit?: number;
  fetch?: typeof fetch;
}

/** Reads the branches an ingest API key may send events for: `GET /api/v1/branches?limit=…`. */
export function createApiBranchSource(options: ApiBranchSourceOptions): SimBranchSource {
  const fetchFn = options.fetch ?? fetch;
  return {
    async listBranches() {
      const url = apiUrl(options.baseUrl, '/api/v1/branches');
      if (options.limit !== undefined) url.searchParams.set('limit', String(options.limit));
      const response = await fetchFn(url, { headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
      if (response.status === 401 || response.status === 403) throw new Error(`the server refused the API key (${response.status}) reading ${url.pathname}`);
      if (!response.ok) throw new Error(`GET ${url.pathname} answered ${response.status}`);
      const parsed = BranchCodeListSchema.safeParse(await response.json());
      if (!parsed.success) throw new Error(`GET ${url.pathname} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data.items.map((b) => ({ code: b.code, regionCode: b.regionCode }));
    },
  };
}
