import { t } from '../i18n/index.ts';
import type { CountdownText } from './countdown.ts';
import { labelKey, type LabelGroup } from './labels.ts';

/** A code's words in the current language, or the code itself when this build has none. */
export function label(group: LabelGroup, value: string): string {
  const key = labelKey(group, value);
  return key ? t(key) : value;
}

export function countdownText(text: CountdownText): string {
  return t(text.key, text.params);
}
