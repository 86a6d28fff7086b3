/**
 * The small markdown dialect the bot writes (the subset Feishu's lark_md shares with ours):
 * **bold**, `code`, line breaks, blank-line paragraphs, `- ` / `* ` / `• ` bullets and `1. ` numbered
 * lists. It parses to a tree, never to HTML, so the renderer prints text nodes only and nothing
 * typed by a user can become markup.
 */
export type MarkdownInline = { kind: 'text' | 'bold' | 'code'; text: string };
export type MarkdownLine = MarkdownInline[];
export type MarkdownBlock =
  | { kind: 'paragraph'; lines: MarkdownLine[] }
  | { kind: 'list'; isOrdered: boolean; items: MarkdownLine[] };

const BULLET = /^\s*[-*•]\s+(.*)$/;
// `1. ` needs its space (so `3.5 亿` stays text); the Chinese `1、` is written without one.
const NUMBERED = /^\s*\d{1,3}(?:[.)]\s+|、\s*)(.*)$/;

export function parseMarkdown(source: string): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let current: MarkdownBlock | undefined;
  for (const rawLine of source.replace(/\r\n?/g, '\n').split('\n')) {
    const bullet = BULLET.exec(rawLine);
    const numbered = bullet ? null : NUMBERED.exec(rawLine);
    if (bullet || numbered) {
      const isOrdered = !bullet;
      if (current?.kind !== 'list' || current.isOrdered !== isOrdered) {
        current = { kind: 'list', isOrdered, items: [] };
        blocks.push(current);
      }
      current.items.push(parseInline((bullet ?? numbered)![1] ?? ''));
    } else if (rawLine.trim() === '') {
      current = undefined;
    } else {
      if (current?.kind !== 'paragraph') {
        current = { kind: 'paragraph', lines: [] };
        blocks.push(current);
      }
      current.lines.push(parseInline(rawLine.trim()));
    }
  }
  return blocks;
}

/** Splits one line into text, **bold** and `code` runs; an unclosed marker stays literal text. */
export function parseInline(line: string): MarkdownLine {
  const runs: MarkdownLine = [];
  const pattern = /\*\*(.+?)\*\*|`([^`]+)`/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) runs.push({ kind: 'text', text: line.slice(last, index) });
    runs.push(match[1] !== undefined ? { kind: 'bold', text: match[1] } : { kind: 'code', text: match[2] ?? '' });
    last = index + match[0].length;
  }
  if (last < line.length) runs.push({ kind: 'text', text: line.slice(last) });
  return runs;
}
