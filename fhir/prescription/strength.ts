// Strength as drug lists write it: "500mg", "7,5mg", "250mg/5ml", "100mcg/liều", "0,05%", read into numbers.
import { parseVietnameseNumber } from '../text/vietnamese-number.ts';
import type { Amount, Strength } from './medication.ts';

const AMOUNT = /^\s*(\d+(?:[.,]\d+)?)?\s*([\p{L}%µ]+)\s*$/u;

function parseAmount(text: string, valueRequired: boolean): Amount | undefined {
  const match = AMOUNT.exec(text);
  if (!match || (valueRequired && match[1] === undefined)) return undefined;
  const value = match[1] === undefined ? 1 : parseVietnameseNumber(match[1]);
  return value === undefined ? undefined : { value, unit: match[2] };
}

/** "250mg/5ml" → 250 mg per 5 ml; "10mg/ml" → per 1 ml; undefined when it is not an amount. */
export function parseStrength(text: string): Strength | undefined {
  const [amountText, perText, ...rest] = text.split('/');
  if (rest.length) return undefined;
  const amount = parseAmount(amountText, true);
  if (!amount) return undefined;
  if (perText === undefined) return amount;
  const per = parseAmount(perText, false);
  return per ? { ...amount, per } : undefined;
}
