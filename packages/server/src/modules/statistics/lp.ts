/**
 * The linear programs of disclosure control, solved with HiGHS (the University of Edinburgh's solver,
 * compiled to WebAssembly: npm `highs`). An audit bounds many cells over one model; the model is kept
 * between solves and only its objective changes, so each bound starts from the last optimal basis and
 * costs a few simplex iterations instead of a solve from scratch (yalps' dense tableau took ~0.5 s a
 * solve at 350 columns).
 */
import * as highsNamespace from 'highs';
import type { Highs, Model } from 'highs';

// Node loads the package's ES module build, whose default export is the loader; its types describe the
// CommonJS build (loader under `.default`), and a bundler's resolution sees the loader itself: take the
// function wherever it is.
type Loader = () => Promise<Highs>;
const exported = (highsNamespace as unknown as { default: unknown }).default;
const highsLoader = (
  typeof exported === 'function' ? exported : (exported as { default: unknown }).default
) as Loader;

let loading: Promise<Highs> | null = null;
let loaded: Highs | null = null;

/** Loads the solver once per process (a few hundred ms of WebAssembly compilation). */
export function loadLpSolver(): Promise<Highs> {
  loading ??= highsLoader().then((h) => (loaded = h));
  return loading;
}

function solver(): Highs {
  if (loaded === null) throw new Error('disclosure control needs the LP solver: await loadLpSolver() first');
  return loaded;
}

/** A linear program by rows: column bounds, and rows `lower ≤ Σ coef·x ≤ upper` (±Infinity for none). */
export interface SparseLp {
  lower: number[];
  upper: number[];
  rows: { lower: number; upper: number; entries: Map<number, number> }[];
}

/** One model solved many times with different objectives (hot-started). Dispose it when done. */
export class HotLp {
  private readonly highs: Highs;
  private readonly model: Model;
  readonly columns: number;
  private readonly all: { kind: 'range'; from: number; to: number };

  constructor(lp: SparseLp) {
    this.highs = solver();
    this.columns = lp.lower.length;
    this.all = { kind: 'range', from: 0, to: Math.max(0, this.columns - 1) };
    this.model = this.highs.createModel(modelData(this.highs, lp));
    this.model.options.set({ output_flag: false });
  }

  /** An optimal point for the objective `costs` (one per column), or null if the solver found none. */
  solve(costs: Float64Array, sense: 'maximize' | 'minimize'): Float64Array | null {
    if (this.columns === 0) return new Float64Array(0);
    this.model.changeColsCost(this.all, costs);
    this.model.changeObjectiveSense(this.highs.constants.objectiveSense[sense]);
    const status = this.model.run().modelStatus;
    return status === this.highs.constants.modelStatus.optimal ? this.model.getSolution().colValue : null;
  }

  /**
   * Whether column `c` is pinned to `truth`: its bounds over the linear relaxation leave no other whole
   * number. A solver that gives up counts as pinned (the safe side).
   */
  pinned(c: number, truth: number): boolean {
    const costs = new Float64Array(this.columns);
    costs[c] = 1;
    const max = this.solve(costs, 'maximize');
    if (max === null) return true;
    if (Math.floor((max[c] as number) + 1e-6) > truth) return false;
    const min = this.solve(costs, 'minimize');
    if (min === null) return true;
    return Math.ceil((min[c] as number) - 1e-6) >= truth;
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** The model as HiGHS takes it (rows compressed). */
function modelData(highs: Highs, lp: SparseLp) {
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of lp.rows) {
    for (const [c, v] of [...r.entries].sort(([a], [b]) => a - b)) {
      if (v === 0) continue;
      indices.push(c);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const inf = (x: number) => (x === Infinity ? highs.infinity : x === -Infinity ? -highs.infinity : x);
  const numCols = lp.lower.length;
  const numRows = lp.rows.length;
  return {
    numCols,
    numRows,
    colCost: new Float64Array(numCols),
    colLower: lp.lower.map(inf),
    colUpper: lp.upper.map(inf),
    rowLower: lp.rows.map((r) => inf(r.lower)),
    rowUpper: lp.rows.map((r) => inf(r.upper)),
    matrix: { format: 'csr' as const, numRows, numCols, starts, indices, values },
  };
}
