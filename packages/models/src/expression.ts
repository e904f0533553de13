/**
 * A small expression AST with a parser and printers (nerdamer text and JavaScript).
 *
 * Why our own parser: nerdamer is our differentiator, but its `buildFunction` emits e^u as a ratio
 * of powers (NaN for |u| > ~36, 8× slower than plain code). We therefore parse both the user's spec
 * expressions and nerdamer's printed derivatives into this AST and emit JavaScript ourselves.
 *
 * Grammar: numbers (with decimals and exponents), identifiers, + − * / ^ (right-associative),
 * unary minus, parentheses, function calls f(a, b, …).
 */
import { InvalidParameterError } from '@gatefield/numerics';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'neg'; a: Expr }
  | { k: 'bin'; op: '+' | '-' | '*' | '/' | '^'; a: Expr; b: Expr }
  | { k: 'call'; fn: string; args: Expr[] };

type Token = { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (/[0-9.]/.test(c)) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw syntax(src, i);
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z_0-9]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ('+-*/^(),'.includes(c)) {
      out.push({ t: 'op', v: c });
      i++;
    } else {
      throw syntax(src, i);
    }
  }
  return out;
}

function syntax(src: string, pos: number): InvalidParameterError {
  return new InvalidParameterError('expression', src, 'a well-formed expression', `cannot parse expression ${JSON.stringify(src)} at position ${pos}`);
}

/** Parse an expression string into an {@link Expr}. Throws InvalidParameterError on bad syntax. */
export function parse(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => toks[p] !== undefined && toks[p].t === 'op' && toks[p].v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw syntax(src, p);
    p++;
  };
  function sum(): Expr {
    let e = product();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p++] as { v: string }).v as '+' | '-';
      e = { k: 'bin', op, a: e, b: product() };
    }
    return e;
  }
  function product(): Expr {
    let e = unary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[p++] as { v: string }).v as '*' | '/';
      e = { k: 'bin', op, a: e, b: unary() };
    }
    return e;
  }
  function unary(): Expr {
    if (isOp('-')) {
      p++;
      return { k: 'neg', a: unary() };
    }
    if (isOp('+')) {
      p++;
      return unary();
    }
    return power();
  }
  function power(): Expr {
    const base = atom();
    if (isOp('^')) {
      p++;
      return { k: 'bin', op: '^', a: base, b: unary() };
    }
    return base;
  }
  function atom(): Expr {
    const t = peek();
    if (!t) throw syntax(src, src.length);
    if (t.t === 'num') {
      p++;
      return { k: 'num', v: t.v };
    }
    if (t.t === 'id') {
      p++;
      if (isOp('(')) {
        p++;
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(sum());
          while (isOp(',')) {
            p++;
            args.push(sum());
          }
        }
        expect(')');
        return { k: 'call', fn: t.v, args };
      }
      return { k: 'sym', name: t.v };
    }
    if (isOp('(')) {
      p++;
      const e = sum();
      expect(')');
      return e;
    }
    throw syntax(src, p);
  }
  const e = sum();
  if (p !== toks.length) throw syntax(src, p);
  return e;
}

/** Print as a fully parenthesised string that nerdamer (and this parser) read back unchanged. */
export function print(e: Expr, rename: (s: string) => string = (s) => s): string {
  switch (e.k) {
    case 'num':
      return e.v < 0 ? `(${numStr(e.v)})` : numStr(e.v);
    case 'sym':
      return rename(e.name);
    case 'neg':
      return `(-${print(e.a, rename)})`;
    case 'bin':
      return `(${print(e.a, rename)}${e.op}${print(e.b, rename)})`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => print(a, rename)).join(',')})`;
  }
}

function numStr(v: number): string {
  // Exact decimal for integers; otherwise a round-trippable representation without exponent
  // letters that nerdamer could misread as the constant e.
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  if (!/e/i.test(s)) return s;
  return v.toFixed(20).replace(/0+$/, '');
}

/** Symbols referenced by `e` (not function names). */
export function symbols(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.k) {
    case 'sym':
      out.add(e.name);
      break;
    case 'neg':
      symbols(e.a, out);
      break;
    case 'bin':
      symbols(e.a, out);
      symbols(e.b, out);
      break;
    case 'call':
      for (const a of e.args) symbols(a, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Emit a JavaScript expression. Symbols are mapped by `sym`; calls by `call` (which must return a
 * JS expression string). Integer powers up to 4 become products (faster and exact); others use
 * Math.pow. Division by a literal zero is rejected at emission time.
 */
export function toJs(e: Expr, sym: (name: string) => string, call: (fn: string, args: string[]) => string): string {
  const go = (x: Expr): string => {
    switch (x.k) {
      case 'num':
        return x.v < 0 ? `(${x.v})` : String(x.v);
      case 'sym':
        return sym(x.name);
      case 'neg':
        return `(-${go(x.a)})`;
      case 'bin': {
        if (x.op === '^') {
          const exponent = constValue(x.b);
          const base = go(x.a);
          if (exponent !== undefined && Number.isInteger(exponent) && Math.abs(exponent) <= 4 && exponent !== 0) {
            const prod = Array(Math.abs(exponent)).fill(base).join('*');
            return exponent > 0 ? `(${prod})` : `(1/(${prod}))`;
          }
          if (exponent === 0.5) return `Math.sqrt(${base})`;
          return `Math.pow(${base},${go(x.b)})`;
        }
        return `(${go(x.a)}${x.op}${go(x.b)})`;
      }
      case 'call':
        return call(x.fn, x.args.map(go));
    }
  };
  return go(e);
}

/** The numeric value of a constant sub-expression, or undefined. */
export function constValue(e: Expr): number | undefined {
  switch (e.k) {
    case 'num':
      return e.v;
    case 'neg': {
      const a = constValue(e.a);
      return a === undefined ? undefined : -a;
    }
    case 'bin': {
      const a = constValue(e.a);
      const b = constValue(e.b);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Substitute symbols by expressions. */
export function substitute(e: Expr, map: ReadonlyMap<string, Expr>): Expr {
  switch (e.k) {
    case 'sym':
      return map.get(e.name) ?? e;
    case 'num':
      return e;
    case 'neg':
      return { k: 'neg', a: substitute(e.a, map) };
    case 'bin':
      return { k: 'bin', op: e.op, a: substitute(e.a, map), b: substitute(e.b, map) };
    case 'call':
      return { k: 'call', fn: e.fn, args: e.args.map((a) => substitute(a, map)) };
  }
}
