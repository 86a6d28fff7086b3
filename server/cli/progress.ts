/**
 * Progress for long CLI work (imports, the demo bank): a redrawn line on a terminal, a line per
 * quarter otherwise (CI logs, pipes), always on stderr so stdout stays machine-readable.
 */
export function createProgressPrinter(stream: NodeJS.WriteStream = process.stderr): {
  update(label: string, done: number, total: number): void;
  end(): void;
} {
  let lastLabel = '';
  let lastQuarter = -1;
  let open = false;
  return {
    update(label, done, total) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      if (stream.isTTY) {
        const width = 28;
        const filled = Math.round(ratio * width);
        stream.write(`\r  ${label.padEnd(22)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}   `);
        open = true;
        return;
      }
      const quarter = Math.floor(ratio * 4);
      if (label !== lastLabel || quarter !== lastQuarter) {
        stream.write(`  ${label}: ${done}/${total}\n`);
        lastLabel = label;
        lastQuarter = quarter;
      }
    },
    end() {
      if (open) stream.write('\n');
      open = false;
      lastLabel = '';
      lastQuarter = -1;
    },
  };
}
