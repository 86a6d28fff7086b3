import { getJson, type PublicConfig } from './api.ts';
import { locale } from './i18n/index.ts';
import { Resource } from './resource.svelte.ts';

/**
 * The public settings from `GET /api/v1/config`, loaded once by the root layout. Until they
 * arrive (or if they cannot), pages fall back to the product name and Asia/Shanghai.
 */
export const appConfig = new Resource<PublicConfig>(async (signal) => {
  const config = await getJson<PublicConfig>('/api/v1/config', { signal });
  locale.applyDefault(config.defaultLocale);
  return config;
});

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
