// The URIs a uri parameter indexes: uri, url, canonical, oid and uuid values as written.
import type { TypedValue } from '@medplum/core';

export function uriValues(node: TypedValue): string[] {
  return typeof node.value === 'string' ? [node.value] : [];
}
