// Warnings the doctor has read: each finding has a stable key (its rule and the drugs it concerns), which the signing
// request repeats to say "I have weighed this one". A warning not acknowledged stops the signing; errors always do.
import type { SafetyFinding } from './prescription-draft.ts';

/** "allergy:1", "interaction:0+2", "young-child:" — the same for the same finding of the same draft. */
export function findingKey(finding: Pick<SafetyFinding, 'rule' | 'lines'>): string {
  return `${finding.rule}:${finding.lines.join('+')}`;
}

export function unacknowledgedWarnings(findings: readonly SafetyFinding[], acknowledged: readonly string[]): SafetyFinding[] {
  const keys = new Set(acknowledged);
  return findings.filter((finding) => finding.severity === 'warning' && !keys.has(findingKey(finding)));
}
