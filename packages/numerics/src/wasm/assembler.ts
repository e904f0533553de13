/**
 * A minimal WebAssembly binary assembler: just enough of the MVP instruction set and the 128-bit
 * SIMD proposal (`f64x2`, standard in Node ≥ 16.4) to write the few numerical kernels of
 * `wasm/kernels.ts` by hand, without any compiler toolchain. The output is a plain
 * `Uint8Array` that `WebAssembly.validate` / `new WebAssembly.Module` accept.
 *
 * Only what the kernels use is provided: one imported memory, functions with i32/f64 parameters
 * and typed locals, structured control flow (`block`, `loop`, `br`, `br_if`), i32 arithmetic,
 * f64 and v128 loads/stores and `f64x2` arithmetic. Encoding follows the WebAssembly core
 * specification §5 (binary format): LEB128 integers, sections 1 (type), 2 (import), 3 (function),
 * 7 (export) and 10 (code).
 *
 * @internal
 */

/** Value types (binary encoding). */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

/** Signed LEB128 (32-bit range). */
export function sleb(x: number): number[] {
  const out: number[] = [];
  x |= 0;
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function utf8(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/**
 * Instruction emitter for one function body. Locals are numbered parameters first, then the
 * locals declared with {@link Fn.local}. Memory arguments take a byte offset; alignment hints
 * are the natural ones (unaligned accesses are legal in WebAssembly, only slower).
 */
export class Fn {
  readonly code: number[] = [];
  private readonly locals: number[] = [];
  constructor(
    readonly name: string,
    readonly params: number[],
    readonly results: number[] = [],
  ) {}

  /** Declare a local of type `t`; returns its index. */
  local(t: number): number {
    this.locals.push(t);
    return this.params.length + this.locals.length - 1;
  }

  private op(...bytes: number[]): this {
    for (const b of bytes) this.code.push(b);
    return this;
  }
  private simd(opcode: number, ...imm: number[]): this {
    return this.op(0xfd, ...uleb(opcode), ...imm);
  }

  get(l: number): this {
    return this.op(0x20, ...uleb(l));
  }
  set(l: number): this {
    return this.op(0x21, ...uleb(l));
  }
  tee(l: number): this {
    return this.op(0x22, ...uleb(l));
  }
  i32(v: number): this {
    return this.op(0x41, ...sleb(v));
  }
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer);
    return this.op(0x44, ...b);
  }
  /** `block … end` (label depth 0 inside = branch to the end). */
  block(body: () => void): this {
    this.op(0x02, 0x40);
    body();
    return this.op(0x0b);
  }
  /** `loop … end` (label depth 0 inside = branch to the start). */
  loop(body: () => void): this {
    this.op(0x03, 0x40);
    body();
    return this.op(0x0b);
  }
  br(depth: number): this {
    return this.op(0x0c, ...uleb(depth));
  }
  brIf(depth: number): this {
    return this.op(0x0d, ...uleb(depth));
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  f64Load(offset = 0): this {
    return this.op(0x2b, 3, ...uleb(offset));
  }
  f64Store(offset = 0): this {
    return this.op(0x39, 3, ...uleb(offset));
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 3, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 3, ...uleb(offset));
  }
  /** `v128.load64_splat`: both lanes = the f64 at the address. */
  loadSplat(offset = 0): this {
    return this.simd(0x0a, 3, ...uleb(offset));
  }
  /** `v128.load64_zero`: lane 0 = the f64 at the address, lane 1 = 0. */
  loadZero(offset = 0): this {
    return this.simd(0x5d, 3, ...uleb(offset));
  }
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  extractLane(lane: 0 | 1): this {
    return this.simd(0x21, lane);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Sub(): this {
    return this.simd(0xf1);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  f64x2Div(): this {
    return this.simd(0xf3);
  }

  /** `l += delta` for an i32 local and a constant or another local (`{ local }`). */
  inc(l: number, delta: number | { local: number }): this {
    this.get(l);
    if (typeof delta === 'number') this.i32(delta);
    else this.get(delta.local);
    return this.i32Add().set(l);
  }

  /** The function body: locals declaration, code, `end`. */
  body(): number[] {
    const groups: number[][] = [];
    for (let i = 0; i < this.locals.length; ) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      groups.push([...uleb(j - i), this.locals[i]]);
      i = j;
    }
    const b = [...vec(groups), ...this.code, 0x0b];
    return [...uleb(b.length), ...b];
  }
}

/**
 * Assemble a module importing one memory as `env.memory` (at least `minPages` 64 KiB pages) and
 * exporting every function under its name.
 */
export function assemble(fns: Fn[], minPages = 1): Uint8Array {
  const section = (id: number, payload: number[]): number[] => [id, ...uleb(payload.length), ...payload];
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const importMem = [...utf8('env'), ...utf8('memory'), 0x02, 0x00, ...uleb(minPages)];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([importMem])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fns.map((f) => f.body()))),
  ];
  return Uint8Array.from(bytes);
}
