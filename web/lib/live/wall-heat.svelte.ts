import type { GridCell } from '$contract';
import { countTones, type HeatCounts } from './wall-grid.ts';

/** One branch of the heat grid. Only its service index is reactive: a delta repaints that cell alone. */
export class HeatCell {
  readonly code: string;
  readonly name: string;
  readonly regionCode: string;
  serviceIndex = $state<number | null>(null);

  constructor(cell: GridCell) {
    this.code = cell.code;
    this.name = cell.name;
    this.regionCode = cell.regionCode;
    this.serviceIndex = cell.serviceIndex;
  }
}

const NO_CELLS: readonly HeatCell[] = [];

/**
 * Every branch of a wall's scope (up to tens of thousands). The list of cells changes only when the
 * set of branches does; `grid` deltas set the service index of the cells they name, so the page
 * updates those cells and leaves the rest of the grid alone.
 */
export class HeatGrid {
  #cells = $state.raw<readonly HeatCell[]>(NO_CELLS);
  #byCode = new Map<string, HeatCell>();
  #counts = $derived(countTones(this.#cells.map((cell) => cell.serviceIndex)));

  /** In the server's order: grouped by region path, then by code. */
  get cells(): readonly HeatCell[] {
    return this.#cells;
  }
  /** How many branches are red, amber, green and without data. */
  get counts(): HeatCounts {
    return this.#counts;
  }

  /** A snapshot: the whole list. The same branches in the same order keep their cells (a resubscribe). */
  replace(cells: readonly GridCell[]): void {
    const current = this.#cells;
    const isSameList = cells.length === current.length && cells.every((cell, i) => isSameBranch(current[i]!, cell));
    if (isSameList) {
      cells.forEach((cell, i) => (current[i]!.serviceIndex = cell.serviceIndex));
      return;
    }
    const next = cells.map((cell) => new HeatCell(cell));
    this.#byCode = new Map(next.map((cell) => [cell.code, cell]));
    this.#cells = next;
  }

  /** A delta: only the changed cells, matched by code; a branch not known yet (just opened) is added. */
  patch(cells: readonly GridCell[]): void {
    const added: HeatCell[] = [];
    for (const cell of cells) {
      const known = this.#byCode.get(cell.code);
      if (known && isSameBranch(known, cell)) {
        known.serviceIndex = cell.serviceIndex;
      } else if (!known) {
        const fresh = new HeatCell(cell);
        this.#byCode.set(cell.code, fresh);
        added.push(fresh);
      } else {
        // Renamed or moved to another region: a new cell in place of the old one.
        const fresh = new HeatCell(cell);
        this.#byCode.set(cell.code, fresh);
        this.#cells = this.#cells.map((c) => (c.code === cell.code ? fresh : c));
      }
    }
    if (added.length) this.#cells = [...this.#cells, ...added];
  }
}

function isSameBranch(cell: HeatCell, wire: GridCell): boolean {
  return cell.code === wire.code && cell.name === wire.name && cell.regionCode === wire.regionCode;
}
