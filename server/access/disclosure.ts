/**
 * What one request showed or changed, as the data layer saw it: the resources and the patients they belong to.
 * The audit step turns it into the AuditEvent's entities, so that "who looked at this patient?" has an answer even
 * for searches, histories and Bundles.
 */
export class Disclosure {
  readonly resources = new Set<string>();
  readonly patients = new Set<string>();
  /** True once a row was shown only because of a break-the-glass grant. */
  emergency = false;

  // A search page can hold many resources; naming them all would bloat the audit entry, the patients are what count.
  private static readonly MAX_RESOURCES = 100;

  add(row: { resourceType: string; id: string; patientIds: readonly string[] }): void {
    if (this.resources.size < Disclosure.MAX_RESOURCES) this.resources.add(`${row.resourceType}/${row.id}`);
    for (const id of row.patientIds) this.patients.add(id);
  }
}
