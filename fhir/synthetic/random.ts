// Seeded pseudo-random numbers for the synthetic-data generator.
//
// sfc32 rather than the smaller mulberry32: mulberry32 has 32 bits of state, so the 100,000+ per-patient
// streams of a large dataset would all lie on one 2^32 cycle and some would overlap (repeating ids and people).
// sfc32 keeps 128 bits of state and is as fast in JavaScript.

/** Bijective 32-bit mixer (MurmurHash3 finaliser): distinct seeds give distinct, well-spread states. */
function mix32(value: number): number {
  let z = value | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex32(word: number): string {
  return HEX_BYTE[word >>> 24] + HEX_BYTE[(word >>> 16) & 0xff] + HEX_BYTE[(word >>> 8) & 0xff] + HEX_BYTE[word & 0xff];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `stream` selects an independent sequence for the same seed, e.g. one per patient. */
  constructor(seed: number, stream = 0) {
    this.a = mix32(seed);
    this.b = mix32(stream ^ 0x5bd1e995);
    this.c = mix32(this.a ^ this.b ^ 0x27d4eb2f);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    this.d = (this.d + 1) | 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  real(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Approximately normal (sum of four uniforms): bounded to mean ± 3.5 sd, which suits body measurements. */
  normal(mean: number, sd: number): number {
    const sum = this.next() + this.next() + this.next() + this.next();
    return mean + (sum - 2) * sd * 1.7320508075688772;
  }

  /** A version-4 UUID drawn from this stream: deterministic, and unique in practice (122 random bits). */
  uuid(): string {
    const w0 = this.uint32();
    const w1 = this.uint32();
    const w2 = this.uint32();
    const w3 = this.uint32();
    const h1 = hex32(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
    const h2 = hex32(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    return `${hex32(w0)}-${h1.slice(0, 4)}-${h1.slice(4)}-${h2.slice(0, 4)}-${h2.slice(4)}${hex32(w3)}`;
  }
}

export function createRng(seed: number, stream = 0): Rng {
  return new Rng(seed, stream);
}

/** Picks items with given relative weights, by binary search over cumulative weights. */
export class WeightedTable<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    if (entries.length === 0) throw new Error('WeightedTable needs at least one entry');
    this.items = entries.map(([item]) => item);
    let running = 0;
    this.cumulative = entries.map(([, weight]) => (running += weight));
    this.total = running;
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low];
  }
}
