// The values a number parameter indexes: decimals and integers, as exact decimal text for SQL numeric.
import type { TypedValue } from '@medplum/core';

export function numberValues(node: TypedValue): string[] {
  return typeof node.value === 'number' && Number.isFinite(node.value) ? [String(node.value)] : [];
}
