import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayPrescriptionCode, formatPrescriptionCode, parsePrescriptionCode } from '../../../../fhir/identifiers/prescription-code.ts';
import { groupByPrescriptionType, prescriptionTypeOfDrug } from '../../../../fhir/prescription/prescription-type.ts';
import { starterDrug } from '../../../../fhir/prescription/starter-catalogue.ts';

test('the prescription type follows the drug: narcotic n, psychotropic and precursor h, traditional y, else c', () => {
  assert.equal(prescriptionTypeOfDrug(starterDrug('PARA500')), 'c');
  assert.equal(prescriptionTypeOfDrug(starterDrug('MORPH30')), 'n');
  assert.equal(prescriptionTypeOfDrug(starterDrug('DIAZ5')), 'h');
  assert.equal(prescriptionTypeOfDrug({ ...starterDrug('PARA500'), controlledClass: 'precursor' }), 'h');
  assert.equal(prescriptionTypeOfDrug(starterDrug('HHDN')), 'y');
});

test('drugs are grouped by the prescription each needs, in the order prescribed', () => {
  const groups = groupByPrescriptionType(['PARA500', 'DIAZ5', 'AMOX500', 'PHENO100'].map(starterDrug));
  assert.deepEqual([...groups].map(([type, drugs]) => [type, drugs.map((drug) => drug.code)]), [
    ['c', ['PARA500', 'AMOX500']],
    ['h', ['DIAZ5', 'PHENO100']],
  ]);
});

test('a code is facility code + 7 characters + "-" + type, printed in upper case', () => {
  const code = formatPrescriptionCode('01234', 7, 'h');
  assert.match(code, /^01234[0-9a-z]{7}-h$/);
  assert.equal(parsePrescriptionCode(code)?.type, 'h');
  assert.equal(displayPrescriptionCode(code), code.toUpperCase());
  assert.equal(parsePrescriptionCode(displayPrescriptionCode(code))?.value, code);
});
