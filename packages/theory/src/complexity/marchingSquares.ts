/**
 * Level-set polylines of a scalar (or ±1 indicator) field on a rectangular grid by marching
 * squares, with the crossing point on each grid edge supplied by a caller-provided refinement
 * (e.g. a Brent or Newton solve of the exact boundary condition along that edge). Used for the
 * boundary curves of the phase diagram [KR-PD]: the grid only decides the topology (which cells a
 * curve passes through); the positions are exact solutions of the boundary equations.
 *
 * Conventions: field values v[j][i] at grid point (i, j) (i along x, j along y); a corner is
 * "inside" when v > 0; null values (undefined field, e.g. no branch) exclude their cells. Saddle
 * cells (diagonally opposite corners inside) are resolved by the mean of the four corners (inside
 * if > 0; for ±1 indicators the tie 0 counts as outside). Edges are identified as
 * 'h:i:j' ((i, j)–(i+1, j)) and 'v:i:j' ((i, j)–(i, j+1)); each edge is refined at most once; a
 * refinement returning null removes every segment touching that edge.
 *
 * @module
 */

/** A grid edge with a sign change. */
export interface GridEdge {
  /** 'h' (x varies) or 'v' (y varies) */
  kind: 'h' | 'v';
  /** lower-left grid corner of the edge */
  i: number;
  j: number;
  /** values at the two ends ((i, j) and (i+1, j) or (i, j+1)) */
  va: number;
  vb: number;
}

/** A crossing point in grid-parameter coordinates. */
export interface CurvePoint {
  x: number;
  y: number;
}

/** An open or closed polyline. */
export interface Polyline {
  points: CurvePoint[];
  closed: boolean;
}

/** Marching squares on v (ny rows × nx columns); see the module comment. */
export function marchingSquares(v: readonly (readonly (number | null)[])[], refine: (e: GridEdge) => CurvePoint | null): Polyline[] {
  const ny = v.length;
  const nx = ny > 0 ? v[0].length : 0;
  const cache = new Map<string, CurvePoint | null>();
  const crossing = (kind: 'h' | 'v', i: number, j: number): string | null => {
    const key = `${kind}:${i}:${j}`;
    if (!cache.has(key)) {
      const va = v[j][i] as number;
      const vb = (kind === 'h' ? v[j][i + 1] : v[j + 1][i]) as number;
      cache.set(key, refine({ kind, i, j, va, vb }));
    }
    return cache.get(key) ? key : null;
  };
  const segments: [string, string][] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const c = [v[j][i], v[j][i + 1], v[j + 1][i + 1], v[j + 1][i]];
      if (c.some((x) => x === null || !Number.isFinite(x))) continue;
      const inside = c.map((x) => (x as number) > 0);
      // edges: 0 bottom (c0-c1), 1 right (c1-c2), 2 top (c3-c2), 3 left (c0-c3)
      const cut = [inside[0] !== inside[1], inside[1] !== inside[2], inside[3] !== inside[2], inside[0] !== inside[3]];
      const ids = [0, 1, 2, 3].map((e) => (!cut[e] ? null : e === 0 ? ['h', i, j] : e === 1 ? ['v', i + 1, j] : e === 2 ? ['h', i, j + 1] : ['v', i, j])) as ([('h' | 'v'), number, number] | null)[];
      const n = cut.filter(Boolean).length;
      if (n === 0) continue;
      const key = (e: number) => {
        const d = ids[e];
        return d ? crossing(d[0], d[1], d[2]) : null;
      };
      const add = (a: number, b: number) => {
        const ka = key(a);
        const kb = key(b);
        if (ka && kb) segments.push([ka, kb]);
      };
      if (n === 2) {
        const [a, b] = [0, 1, 2, 3].filter((e) => cut[e]);
        add(a, b);
      } else if (n === 4) {
        const centre = ((c[0] as number) + (c[1] as number) + (c[2] as number) + (c[3] as number)) / 4 > 0;
        // inside[0] && inside[2] (case 5) or inside[1] && inside[3] (case 10)
        const cutOffC1C3 = inside[0] ? centre : !centre;
        if (cutOffC1C3) {
          add(0, 1);
          add(2, 3);
        } else {
          add(3, 0);
          add(1, 2);
        }
      }
    }
  }
  return linkSegments(segments, cache as Map<string, CurvePoint | null>);
}

/** Join segments sharing an edge point into polylines (deterministic order: by first appearance). */
function linkSegments(segments: [string, string][], points: Map<string, CurvePoint | null>): Polyline[] {
  const adj = new Map<string, number[]>();
  segments.forEach(([a, b], k) => {
    for (const p of [a, b]) {
      if (!adj.has(p)) adj.set(p, []);
      (adj.get(p) as number[]).push(k);
    }
  });
  const used = new Uint8Array(segments.length);
  const out: Polyline[] = [];
  const walk = (startSeg: number, from: string): string[] => {
    const chain: string[] = [];
    let seg = startSeg;
    let at = from;
    while (seg >= 0 && !used[seg]) {
      used[seg] = 1;
      const [a, b] = segments[seg];
      const next = a === at ? b : a;
      chain.push(next);
      at = next;
      seg = (adj.get(at) ?? []).find((s) => !used[s]) ?? -1;
    }
    return chain;
  };
  for (let k = 0; k < segments.length; k++) {
    if (used[k]) continue;
    const [a, b] = segments[k];
    used[k] = 1;
    const forward = walk((adj.get(b) ?? []).find((s) => !used[s]) ?? -1, b);
    const backward = walk((adj.get(a) ?? []).find((s) => !used[s]) ?? -1, a);
    const keys = [...backward.reverse(), a, b, ...forward];
    const closed = keys.length > 2 && keys[0] === keys[keys.length - 1];
    const uniq = closed ? keys.slice(0, -1) : keys;
    out.push({ points: uniq.map((q) => points.get(q) as CurvePoint), closed });
  }
  return out;
}
