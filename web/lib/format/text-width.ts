/**
 * Roughly how wide a figure sets, in em of its font: enough to shrink a big number to fit its
 * tile (2,678,923 tickets at a 20,000-branch bank) without measuring the DOM. Digits are about
 * half an em in the wall's fonts, separators narrower, `%` and CJK wider.
 */
export function estimateEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') em += 0.56;
    else if (ch === ',' || ch === '.' || ch === ':') em += 0.28;
    else if (ch === '%') em += 0.85;
    else if (ch === '—' || ch.charCodeAt(0) > 0x2e80) em += 1;
    else em += 0.6;
  }
  return em;
}
