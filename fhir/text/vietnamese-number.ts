// Numbers as Vietnamese text writes them: a decimal comma ("7,5"), no grouping in the short numbers of doses and
// strengths. Spreadsheets exported with an English locale write a decimal point, so parsing takes either.

export function formatVietnameseNumber(value: number): string {
  // Three decimals at most: doses and strengths never need more, and it hides binary rounding (0.1 + 0.2).
  return String(Number(value.toFixed(3))).replace('.', ',');
}

/** "7,5" or "7.5" → 7.5; undefined for anything that is not a plain non-negative decimal. */
export function parseVietnameseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+([.,]\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed.replace(',', '.'));
}
