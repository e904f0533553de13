/**
 * Symbolic differentiation of model expressions with nerdamer, behind guardrails.
 *
 * Known nerdamer defects that hit this project (seen on nerdamer 1.1.x and nerdamer-prime 1.5.0):
 * - `buildFunction` writes e^u as a ratio of powers: NaN for |u| ≳ 36 and 8× slower than plain code.
 *   → We never call it; {@link ./expression.ts} emits JavaScript from our own AST.
 * - Wrong partial derivative when a symbol sits under sqrt (nerdamer issue #675).
 *   → nerdamer only ever sees a *rational skeleton*: every call of a primitive function
 *     (sigmoid, tanh, exp, …) is first lifted out and replaced by a plain node symbol.
 * - `integrate` returns wrong antiderivatives; `simplify` is slow and wall-clock limited.
 *   → Neither is used.
 *
 * The chain rule through a primitive uses *our* derivative table ({@link PRIMITIVES}), whose
 * entries are written in numerically stable primitives: σ′ = α σ(t)σ(−t) ([G-2], [NUM-4]) via
 * `sigvar`, tanh′ = sech² = 1/cosh² ([G-9]). So a compiled derivative never evaluates a ratio of
 * overflowing exponentials.
 */
import nerdamer from 'nerdamer-prime';
import { InvalidParameterError } from '@gatefield/numerics';
import { type Expr, constValue, parse, print, substitute, symbols } from './expression.js';

/** A primitive scalar function with its partial derivatives as templates in the placeholders x, a, b. */
interface Primitive {
  arity: number;
  /** Placeholder names for the arguments, in order. */
  params: string[];
  /** ∂f/∂param_j, one template expression per argument. */
  partials: string[];
}

/**
 * Primitive functions available in model expressions.
 * - `sigmoid(x, a, b)` = 1/(1 + exp(−a x + b)) [G-1]
 * - `sigvar(x, a, b)` = σ(t)σ(−t) with t = a x − b, so σ′ = a·sigvar [G-2]
 * - `tanh`, `sech2` (= 1/cosh², [NUM-4]), `exp`, `log`, `sqrt`
 */
export const PRIMITIVES: Record<string, Primitive> = {
  sigmoid: { arity: 3, params: ['x', 'a', 'b'], partials: ['a*sigvar(x,a,b)', 'x*sigvar(x,a,b)', '-sigvar(x,a,b)'] },
  sigvar: {
    arity: 3,
    params: ['x', 'a', 'b'],
    partials: [
      'a*sigvar(x,a,b)*(sigmoid(-x,a,-b)-sigmoid(x,a,b))',
      'x*sigvar(x,a,b)*(sigmoid(-x,a,-b)-sigmoid(x,a,b))',
      '-sigvar(x,a,b)*(sigmoid(-x,a,-b)-sigmoid(x,a,b))',
    ],
  },
  tanh: { arity: 1, params: ['x'], partials: ['sech2(x)'] },
  sech2: { arity: 1, params: ['x'], partials: ['-2*tanh(x)*sech2(x)'] },
  exp: { arity: 1, params: ['x'], partials: ['exp(x)'] },
  log: { arity: 1, params: ['x'], partials: ['1/x'] },
  sqrt: { arity: 1, params: ['x'], partials: ['1/(2*sqrt(x))'] },
};

/** A lifted call: node symbol `name` stands for fn(args). Args may reference earlier nodes. */
export interface NodeDef {
  name: string;
  fn: string;
  args: Expr[];
}

/**
 * Holds the lifted nodes of one model and memoised derivatives. Node names are `__n0`, `__n1`, …
 * in creation order, which is a valid evaluation order (a node's arguments are lifted first).
 */
export class SymbolicContext {
  readonly nodes: NodeDef[] = [];
  private byKey = new Map<string, string>();
  private nodeIndex = new Map<string, number>();
  private dNodeMemo = new Map<string, Expr>();
  private templates = new Map<string, Expr[]>();

  /** Parse a string and lift its calls. */
  liftString(src: string): Expr {
    return this.lift(parse(src));
  }

  /** Replace every primitive call (innermost first) by a node symbol. */
  lift(e: Expr): Expr {
    switch (e.k) {
      case 'num':
      case 'sym':
        return e;
      case 'neg':
        return { k: 'neg', a: this.lift(e.a) };
      case 'bin':
        return { k: 'bin', op: e.op, a: this.lift(e.a), b: this.lift(e.b) };
      case 'call': {
        const prim = PRIMITIVES[e.fn];
        if (!prim) {
          throw new InvalidParameterError('expression', e.fn, `one of the functions ${Object.keys(PRIMITIVES).join(', ')}`, `unknown function ${e.fn}(): valid functions are ${Object.keys(PRIMITIVES).join(', ')}`);
        }
        if (e.args.length !== prim.arity) {
          throw new InvalidParameterError('expression', e.fn, `${prim.arity} arguments`, `${e.fn}() takes ${prim.arity} arguments, got ${e.args.length}`);
        }
        const args = e.args.map((a) => this.lift(a));
        const key = `${e.fn}(${args.map((a) => print(a)).join(',')})`;
        const hit = this.byKey.get(key);
        if (hit) return { k: 'sym', name: hit };
        const name = `__n${this.nodes.length}`;
        this.nodeIndex.set(name, this.nodes.length);
        this.nodes.push({ name, fn: e.fn, args });
        this.byKey.set(key, name);
        return { k: 'sym', name };
      }
    }
  }

  isNode(name: string): boolean {
    return this.nodeIndex.has(name);
  }

  /**
   * Total derivative d e / d v of a lifted expression, returned lifted (new nodes for primitive
   * derivatives are registered as needed), simplified by nerdamer.
   */
  diff(e: Expr, v: string): Expr {
    const syms = symbols(e);
    const terms: string[] = [];
    const { text: skel, rename, back } = this.skeleton(e);
    if (syms.has(v)) {
      const d = nerdamerDiff(skel, rename(v));
      if (d !== '0') terms.push(`(${d})`);
    }
    for (const s of syms) {
      if (!this.isNode(s)) continue;
      const dn = this.diffNode(s, v);
      if (isZero(dn)) continue;
      const pn = nerdamerDiff(skel, rename(s));
      if (pn === '0') continue;
      terms.push(`(${pn})*(${print(dn, rename)})`);
    }
    if (terms.length === 0) return { k: 'num', v: 0 };
    const simplified = nerdamerSimplify(terms.join('+'));
    return parse(simplified.replace(/\b(q\d+)\b/g, (m) => back(m)));
  }

  /** d node / d v by the chain rule through the primitive's derivative table. */
  private diffNode(node: string, v: string): Expr {
    const key = `${node}|${v}`;
    const hit = this.dNodeMemo.get(key);
    if (hit) return hit;
    const def = this.nodes[this.nodeIndex.get(node)!];
    const prim = PRIMITIVES[def.fn];
    let total: Expr = { k: 'num', v: 0 };
    def.args.forEach((arg, j) => {
      const dArg = this.diff(arg, v);
      if (isZero(dArg)) return;
      const map = new Map<string, Expr>(prim.params.map((p, i) => [p, def.args[i]]));
      const partial = this.lift(substitute(this.template(def.fn)[j], map));
      const term: Expr = { k: 'bin', op: '*', a: partial, b: dArg };
      total = isZero(total) ? term : { k: 'bin', op: '+', a: total, b: term };
    });
    this.dNodeMemo.set(key, total);
    return total;
  }

  private template(fn: string): Expr[] {
    let t = this.templates.get(fn);
    if (!t) {
      t = PRIMITIVES[fn].partials.map((s) => parse(s));
      this.templates.set(fn, t);
    }
    return t;
  }

  /** Print with every symbol renamed to q0, q1, … (names nerdamer cannot mistake for constants). */
  private skeleton(e: Expr): { text: string; rename: (s: string) => string; back: (q: string) => string } {
    const fwd = new Map<string, string>();
    const rev = new Map<string, string>();
    const rename = (s: string) => {
      let q = fwd.get(s);
      if (!q) {
        q = `q${fwd.size}`;
        fwd.set(s, q);
        rev.set(q, s);
      }
      return q;
    };
    const text = print(e, rename);
    return { text, rename, back: (q) => rev.get(q) ?? q };
  }
}

function isZero(e: Expr): boolean {
  return constValue(e) === 0;
}

/** ∂(expr)/∂(symbol) as nerdamer text; the expression must be a rational skeleton (no calls). */
function nerdamerDiff(expr: string, sym: string): string {
  return nerdamer.diff(expr, sym).text('fractions');
}

/** nerdamer's automatic collection on parse (no `simplify`, which is wall-clock limited). */
function nerdamerSimplify(expr: string): string {
  return nerdamer(expr).text('fractions');
}
