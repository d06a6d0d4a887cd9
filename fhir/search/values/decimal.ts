// Search numbers are compared exactly in SQL numeric, so their ranges are computed on decimal digits (BigInt),
// never on doubles: "100.00" stands for [99.995, 100.005), which a double cannot hold exactly.

/** A decimal as digits and a power of ten: value = units × 10^-scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,3}))?$/;

/** The number's implicit range by its precision: half a unit of its last significant digit on either side. */
export interface DecimalRange {
  value: string;
  low: string;
  high: string;
}

/** Parses a search number; undefined when the text is not a decimal. */
export function decimalRange(text: string): DecimalRange | undefined {
  const parsed = parse(text);
  if (!parsed) return undefined;
  // Half a unit of the last digit is 5 at one more decimal place.
  const value = rescale(parsed, parsed.scale + 1);
  const half = 5n;
  return {
    value: format(parsed),
    low: format({ units: value.units - half, scale: value.scale }),
    high: format({ units: value.units + half, scale: value.scale }),
  };
}

/** The range within `percent` % of the value (the `ap` prefix), widened to at least the value's precision. */
export function approximateRange(text: string, percent: number): { low: string; high: string } | undefined {
  const parsed = parse(text);
  if (!parsed) return undefined;
  const value = rescale(parsed, parsed.scale + 3);
  const magnitude = value.units < 0n ? -value.units : value.units;
  const precisionHalf = 500n;
  let margin = (magnitude * BigInt(percent)) / 100n;
  if (margin < precisionHalf) margin = precisionHalf;
  return {
    low: format({ units: value.units - margin, scale: value.scale }),
    high: format({ units: value.units + margin, scale: value.scale }),
  };
}

function parse(text: string): Scaled | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponent] = match;
  const units = BigInt(`${sign === '-' ? '-' : ''}${whole}${fraction}`);
  return { units, scale: fraction.length - Number(exponent ?? 0) };
}

function rescale(value: Scaled, scale: number): Scaled {
  return scale >= value.scale
    ? { units: value.units * 10n ** BigInt(scale - value.scale), scale }
    : { units: value.units / 10n ** BigInt(value.scale - scale), scale };
}

function format({ units, scale }: Scaled): string {
  if (scale <= 0) return (units * 10n ** BigInt(-scale)).toString();
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}
