import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './markdown.ts';

describe('parseInline', () => {
  it('splits bold and code runs from plain text', () => {
    expect(parseInline('发送 **帮助** 或 `我是谁`')).toEqual([
      { kind: 'text', text: '发送 ' },
      { kind: 'bold', text: '帮助' },
      { kind: 'text', text: ' 或 ' },
      { kind: 'code', text: '我是谁' },
    ]);
  });

  it('keeps an unclosed marker as literal text', () => {
    expect(parseInline('**未闭合')).toEqual([{ kind: 'text', text: '**未闭合' }]);
  });

  it('keeps HTML as text for the renderer to escape', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([{ kind: 'text', text: '<img src=x onerror=alert(1)>' }]);
  });
});

describe('parseMarkdown', () => {
  it('keeps consecutive lines as one paragraph with line breaks', () => {
    expect(parseMarkdown('第一行\n第二行')).toEqual([
      { kind: 'paragraph', lines: [[{ kind: 'text', text: '第一行' }], [{ kind: 'text', text: '第二行' }]] },
    ]);
  });

  it('starts a new paragraph after a blank line', () => {
    expect(parseMarkdown('甲\n\n乙').map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('groups bullets into one unordered list', () => {
    const [list] = parseMarkdown('- 投诉\n* 检查\n• 整改');
    expect(list).toMatchObject({ kind: 'list', isOrdered: false });
    expect(list?.kind === 'list' && list.items.map((item) => item[0]?.text)).toEqual(['投诉', '检查', '整改']);
  });

  it('groups numbered lines into an ordered list, separate from bullets', () => {
    const blocks = parseMarkdown('1. 一\n2、二\n- 三');
    expect(blocks.map((b) => (b.kind === 'list' ? b.isOrdered : b.kind))).toEqual([true, false]);
  });

  it('keeps a decimal at the start of a line as text, not a list', () => {
    expect(parseMarkdown('3.5 亿元').map((b) => b.kind)).toEqual(['paragraph']);
  });

  it('accepts Windows line endings and yields nothing for blank input', () => {
    expect(parseMarkdown('甲\r\n乙')).toHaveLength(1);
    expect(parseMarkdown('  \n\n')).toEqual([]);
  });
});
