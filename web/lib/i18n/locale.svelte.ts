import { en } from './en.ts';
import { interpolate, type MessageParams } from './interpolate.ts';
import { zhCN, type MessageKey, type Messages } from './zh-CN.ts';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const STORAGE_KEY = 'touchstone.locale';
const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export const isLocale = (value: unknown): value is Locale => value === 'zh-CN' || value === 'en';

/**
 * The UI language. zh-CN until told otherwise: the bank's configured default applies until the
 * user picks a language, and that pick is remembered on this device (localStorage).
 */
class LocaleState {
  #current = $state<Locale>('zh-CN');
  #isChosen = false;

  constructor() {
    const stored = readStored();
    if (stored) {
      this.#isChosen = true;
      this.#apply(stored);
    }
  }

  get current(): Locale {
    return this.#current;
  }

  /** The bank's default (from /api/v1/config); ignored once the user has chosen. */
  applyDefault(locale: Locale): void {
    if (!this.#isChosen) this.#apply(locale);
  }

  choose(locale: Locale): void {
    this.#isChosen = true;
    this.#apply(locale);
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }

  toggle(): void {
    this.choose(this.#current === 'zh-CN' ? 'en' : 'zh-CN');
  }

  /** Reactive: reads the current locale, so templates re-render when it changes. */
  t = (key: MessageKey, params?: MessageParams): string => interpolate(DICTIONARIES[this.#current][key], params);

  #apply(locale: Locale): void {
    this.#current = locale;
    if (typeof document !== 'undefined') document.documentElement.lang = locale;
  }
}

function readStored(): Locale | undefined {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export const locale = new LocaleState();
export const t = locale.t;
export type { MessageKey };
