export { locale, t, isLocale, LOCALES, type Locale, type MessageKey } from './locale.svelte.ts';
