import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateInsuranceCard, isValidInsuranceCard, parseInsuranceCard } from '../../../../fhir/identifiers/insurance-card.ts';
import { createRng } from '../../../../fhir/synthetic/random.ts';

test('an enterprise worker card from Hà Nội splits into group, benefit level, province and BHXH number', () => {
  assert.deepEqual(parseInsuranceCard('DN4010123456789'), {
    ok: true,
    card: { value: 'DN4010123456789', groupCode: 'DN', benefitLevel: 4, issuingProvinceCode: '01', socialInsuranceNumber: '0123456789' },
    warnings: [],
  });
});

test('a card typed in lower case with spaces between the groups is read the same', () => {
  const parsed = parseInsuranceCard(' te 1 79 7912345678 ');
  assert.equal(parsed.ok && parsed.card.value, 'TE1797912345678');
  assert.equal(parsed.ok && parsed.card.benefitLevel, 1);
});

test('a card of the wrong length is rejected', () => {
  assert.deepEqual(parseInsuranceCard('DN401012345678'), { ok: false, problems: ['length'] });
  assert.deepEqual(parseInsuranceCard('DN40101234567890'), { ok: false, problems: ['length'] });
  assert.equal(isValidInsuranceCard(''), false);
});

test('each malformed part is named: group letters, benefit level 1–5, province digits, BHXH digits', () => {
  assert.deepEqual(parseInsuranceCard('D14010123456789'), { ok: false, problems: ['group-code'] });
  assert.deepEqual(parseInsuranceCard('DN6010123456789'), { ok: false, problems: ['benefit-level'] });
  assert.deepEqual(parseInsuranceCard('DN0010123456789'), { ok: false, problems: ['benefit-level'] });
  assert.deepEqual(parseInsuranceCard('DN4AB0123456789'), { ok: false, problems: ['issuing-province-code'] });
  assert.deepEqual(parseInsuranceCard('DN401012345678X'), { ok: false, problems: ['social-insurance-number'] });
  assert.deepEqual(parseInsuranceCard('1N60A0123456789'), { ok: false, problems: ['group-code', 'benefit-level', 'issuing-province-code'] });
});

test('a province code Sen does not know is accepted with a warning, not rejected', () => {
  // 03 was never a province code; 97/98 are the defence and police sectors.
  assert.deepEqual(parseInsuranceCard('HC4030123456789'), {
    ok: true,
    card: { value: 'HC4030123456789', groupCode: 'HC', benefitLevel: 4, issuingProvinceCode: '03', socialInsuranceNumber: '0123456789' },
    warnings: ['unknown-issuing-province'],
  });
  const police = parseInsuranceCard('CA5980123456789');
  assert.deepEqual(police.ok && police.warnings, []);
});

test('a generated card parses back to the parts it was made from', () => {
  const card = generateInsuranceCard(createRng(7), { groupCode: 'HT', benefitLevel: 3, issuingProvinceCode: '38', serial: 1234 });
  assert.equal(card.value, 'HT3383800001234');
  assert.deepEqual(parseInsuranceCard(card.value), { ok: true, card, warnings: [] });
});
