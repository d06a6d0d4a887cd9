import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { patientSearches, searchQueryString } from '../../../../fhir/registration/search-query.ts';
import { encounterForVisit, paymentOf, priorityOf, queueNumberOf, suggestedPriority } from '../../../../fhir/registration/visit.ts';
import { maskIdentifier, shortDisplayName, summarizePatient, cardValidOn } from '../../../../fhir/registration/patient-summary.ts';
import { emptyPatientForm, patientFromForm } from '../../../../fhir/registration/patient-form.ts';
import { validateResource } from '../../../../fhir/validation/validate.ts';

const params = (text: string) => patientSearches(text).map((search) => searchQueryString(search));

describe('The search box', () => {
  test('tells identifiers, phones, dates and names apart', () => {
    assert.deepEqual(params('001 085 012 345'), ['cccd=001085012345&_count=20']);
    assert.deepEqual(params('gd4 79 7912345678'), ['bhyt=GD4797912345678&_count=20']);
    assert.deepEqual(params('0912.345.678'), ['phone=0912345678&_count=20', 'bhxh=0912345678&_count=20']);
    assert.deepEqual(params('02438251234'), ['phone=02438251234&_count=20']);
    assert.deepEqual(params('7912345678'), ['bhxh=7912345678&_count=20']);
    assert.deepEqual(params('05/09/1990'), ['birthdate=1990-09-05&_count=20']);
    assert.deepEqual(params('1990'), ['birthdate=1990&_count=20']);
    assert.deepEqual(params('Nguyễn  An'), ['name=Nguy%E1%BB%85n&name=An&_count=20']);
    assert.deepEqual(params('nguyen an 1985'), ['name=nguyen&name=an&birthdate=1985&_count=20']);
    assert.deepEqual(params('a'), []);
    assert.deepEqual(params('   '), []);
  });
});

describe('A visit as an Encounter', () => {
  const encounter = encounterForVisit({
    patient: { reference: 'Patient/p1' }, room: { reference: 'Location/r1', display: 'Phòng khám 1' }, facility: { reference: 'Organization/o1' },
    reason: ' Sốt, ho ', payment: 'insurance', coverage: { reference: 'Coverage/c1' }, priority: 'elderly', queueNumber: 7, day: '2026-06-01',
    arrived: '2026-06-01T01:00:00.000Z',
  });

  test('arrived, ambulatory, in the room, with the queue number as an identifier; valid FHIR R4', () => {
    assert.equal(encounter.status, 'arrived');
    assert.equal(encounter.class.code, 'AMB');
    assert.equal(encounter.identifier![0].value, '20260601-007');
    assert.equal(queueNumberOf(encounter), 7);
    assert.equal(priorityOf(encounter), 'elderly');
    assert.equal(paymentOf(encounter), 'insurance');
    assert.deepEqual(encounter.reasonCode, [{ text: 'Sốt, ho' }]);
    assert.deepEqual(validateResource(encounter as never).filter((issue) => issue.severity === 'error'), []);
  });

  test('priority suggested from age: children under 6 and people 75 and over', () => {
    assert.equal(suggestedPriority(3), 'child-under-6');
    assert.equal(suggestedPriority(40), 'none');
    assert.equal(suggestedPriority(80), 'elderly');
    assert.equal(suggestedPriority(undefined), 'none');
  });
});

describe('What the desk shows of a patient', () => {
  test('name, age, commune and masked identifiers', () => {
    const patient = { ...patientFromForm({ ...emptyPatientForm({ provinceCode: '01', communeCode: '00070' }), fullName: 'Nguyễn Văn An', sex: 'male', birthDate: '12/03/1985', cccd: '001085012345', phone: '0912345678' }, '2026-06-01'), id: 'p1' };
    const summary = summarizePatient(patient, '2026-06-01');
    assert.equal(summary.name, 'Nguyễn Văn An');
    assert.equal(summary.age?.years, 41);
    assert.equal(summary.commune, 'Phường Hoàn Kiếm');
    assert.equal(summary.communeCode, '00070');
    assert.equal(maskIdentifier(summary.cccd!), '001•••••2345');
    assert.equal(shortDisplayName('Hoàng Thị Thu Hương'), 'Hoàng T. T. Hương');
    assert.equal(shortDisplayName('Lý An'), 'Lý An');
    assert.equal(cardValidOn({ start: '2026-01-01', end: '2026-12-31' }, '2026-06-01'), true);
    assert.equal(cardValidOn({ start: '2026-01-01', end: '2026-05-31' }, '2026-06-01'), false);
  });
});
