import type { Locale } from '../i18n/locale.ts';

/** Buttons carry the language their card was written in, so the answer matches it. */
export const localeOf = (value: Record<string, string | number | boolean>, fallback: Locale): Locale =>
  value.locale === 'en' || value.locale === 'zh-CN' ? value.locale : fallback;
