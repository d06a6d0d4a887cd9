// Every search parameter type, modifier and prefix over HTTP, against fixtures whose expected matches are written
// out by hand (see fixtures.ts for the data; the comments say why each resource is in or out).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds } from '../../support/test-database.ts';
import { startTestServer, type TestServer } from '../../support/sen-server.ts';
import { CCCD, LOINC, UCUM, V2_0203, found, getBundle, loadFixtures, status } from './fixtures.ts';

const P = (...ids: string[]): string[] => ids.map((id) => `Patient/${id}`).sort();
const O = (...ids: string[]): string[] => ids.map((id) => `Observation/${id}`).sort();
const q = encodeURIComponent;

for (const kind of databaseKinds()) {
  describe(`Search parameters (${kind})`, () => {
    let server: TestServer;
    let loadedAt: string;
    before(async () => {
      server = await startTestServer(kind);
      loadedAt = new Date(Date.now() - 1000).toISOString();
      await loadFixtures(server);
    });
    after(() => server.close());

    const expectFound = async (path: string, expected: string[]): Promise<void> => {
      assert.deepEqual(await found(server, path), [...expected].sort(), path);
    };

    test('string: folded prefix match, ignoring case, accents and Vietnamese diacritics (đ = d)', async () => {
      await expectFound('Patient?name=nguyen', P('an', 'hanh')); // Nguyễn (family), Nguyên (given)
      await expectFound('Patient?name=dang', P('binh', 'minh')); // Đặng, Dang
      await expectFound(`Patient?name=${q('Đặng')}`, P('binh', 'minh'));
      await expectFound(`Patient?name=${q('NGUYỄN VĂN A')}`, P('an')); // the whole name, family first
      await expectFound('Patient?name=an', P('an', 'anh')); // An, Ánh
      await expectFound('Patient?family=dang', P('binh', 'minh'));
      await expectFound('Patient?given=thi', P('binh', 'anh'));
      await expectFound('Organization?name=tram', ['Organization/tram-1', 'Organization/tram-2']);
    });

    test('repeated string parameter: every word must match, each may match a different part of the name', async () => {
      await expectFound('Patient?name=nguyen&name=van&name=an', P('an')); // family, given, given
      await expectFound('Patient?name=le&name=thi&name=anh', P('anh'));
      await expectFound('Patient?name=thi&name=dang', P('binh'));
      await expectFound('Patient?name=nguyen&name=hanh', P('hanh')); // Nguyên is a given name here
      await expectFound('Patient?name=nguyen&name=thi', []);
      await expectFound('Patient?name=thi&name=thi&_count=1', P('anh', 'binh')); // paged one by one
    });

    test('string :exact and :contains', async () => {
      await expectFound('Patient?name:exact=Dang', P('minh'));
      await expectFound('Patient?name:exact=dang', []);
      await expectFound(`Patient?family:exact=${q('Đặng')}`, P('binh'));
      await expectFound('Patient?name:contains=inh', P('binh', 'minh')); // Bình, Minh — not Hạnh
      await expectFound('Patient?name:contains=GUY', P('an', 'hanh'));
    });

    test('comma is OR, a repeated parameter is AND', async () => {
      await expectFound('Patient?name=nguyen,dang', P('an', 'hanh', 'binh', 'minh'));
      await expectFound('Patient?name=nguyen&name=van', P('an'));
      await expectFound('Patient?name=nguyen&gender=female', P('hanh'));
    });

    test('token: code, system|code, |code, system|, booleans, ContactPoint', async () => {
      await expectFound('Patient?gender=male', P('an', 'minh'));
      await expectFound('Patient?identifier=001090000001', P('an'));
      await expectFound(`Patient?identifier=${q(`${CCCD}|001090000001`)}`, P('an'));
      await expectFound(`Patient?identifier=${q('urn:other|001090000001')}`, []);
      await expectFound(`Patient?identifier=${q('|no-system-1')}`, P('minh'));
      await expectFound(`Patient?identifier=${q('|001090000001')}`, []); // it has a system
      await expectFound(`Patient?identifier=${q(`${CCCD}|`)}`, P('an'));
      await expectFound('Patient?active=true', P('an'));
      await expectFound('Patient?active=false', P('minh'));
      await expectFound('Patient?phone=0912345678', P('anh'));
      await expectFound(`Patient?telecom=${q('phone|0912345678')}`, P('anh'));
    });

    test('token escaping: \\, and \\| are part of the value', async () => {
      await expectFound(`Patient?identifier=${q('urn:test|a\\,b\\|c')}`, P('hanh'));
      await expectFound(`Patient?identifier=${q('urn:test|a')}`, []);
    });

    test('token :not (resources without the element included), :text, :of-type, :missing', async () => {
      await expectFound('Patient?gender:not=male', P('binh', 'hanh', 'anh'));
      await expectFound('Patient?gender:not=male,female', P('anh'));
      await expectFound(`Observation?code:text=${q('mạch')}`, O('pulse-72')); // CodeableConcept.text
      await expectFound('Observation?code:text=heart', O('pulse-72')); // Coding.display
      await expectFound('Observation?code:text=huyet%20ap', O('sys-100', 'sys-99-6', 'sys-100-4', 'sys-100-5', 'sys-gt-140'));
      await expectFound(`Patient?identifier:of-type=${q(`${V2_0203}|NI|001090000001`)}`, P('an'));
      await expectFound(`Patient?identifier:of-type=${q(`${V2_0203}|SB|001090000001`)}`, []);
      await expectFound('Patient?active:missing=true', P('binh', 'hanh', 'anh'));
      await expectFound('Patient?gender:missing=true', P('anh'));
      await expectFound('Patient?gender:missing=false', P('an', 'binh', 'minh', 'hanh'));
    });

    test('Sen parameters for Vietnamese identifiers: cccd, bhyt', async () => {
      await expectFound('Patient?cccd=001090000001', P('an'));
      await expectFound('Patient?bhyt=DN4010123456789', P('binh'));
      await expectFound('Patient?cccd=DN4010123456789', []);
      await expectFound('Coverage?bhyt=DN4010123456789', ['Coverage/cov-binh']);
    });

    test('date equality by precision: a day, a month and a year are ranges', async () => {
      await expectFound('Patient?birthdate=1990-05', P('an', 'binh', 'anh'));
      await expectFound('Patient?birthdate=1990-05-01', P('an', 'anh')); // 1990-05 is longer than the day
      await expectFound('Patient?birthdate=1990', P('an', 'binh', 'anh'));
      await expectFound('Patient?birthdate=eq1990', P('an', 'binh', 'anh'));
      await expectFound('Patient?birthdate=ne1990', P('minh', 'hanh'));
    });

    test('date prefixes compare ranges (R4 search.html#prefix)', async () => {
      // 1990-05 runs to 1990-06-01, past the end of 1990-05-01: gt and ge hold; it starts with the day: lt does not.
      await expectFound('Patient?birthdate=gt1990-05-01', P('binh', 'hanh'));
      await expectFound('Patient?birthdate=ge1990-05-01', P('an', 'anh', 'binh', 'hanh'));
      await expectFound('Patient?birthdate=lt1990-05-01', P('minh'));
      await expectFound('Patient?birthdate=le1990-05-01', P('an', 'anh', 'minh'));
      await expectFound('Patient?birthdate=sa1990', P('hanh'));
      await expectFound('Patient?birthdate=eb1990', P('minh'));
      // ap widens the search range by 10% of its distance from now (over 3.6 years): 1985 stays out.
      await expectFound('Patient?birthdate=ap1990-05-01', P('an', 'anh', 'binh'));
      await expectFound('Patient?birthdate=ge1990&birthdate=lt2000', P('an', 'binh', 'anh'));
      // A birthDate is one value: the engine leads with the index rows matching every prefix at once, bounding their
      // start from below (a date spans at most a year). A month, a year and a day each still match as ranges.
      await expectFound('Patient?birthdate=ge1990-05-15&birthdate=lt1990-05-20', P('binh')); // 1990-05 reaches past 05-15
      await expectFound('Patient?birthdate=gt1985-06&birthdate=lt1985-07', P('minh')); // 1985 started long before 1985-06
      await expectFound('Patient?birthdate=ge1985-06&birthdate=le1985-06', P('minh')); // ge: 1985 ends after June; le: starts before
      await expectFound('Patient?birthdate=ge1985-12&birthdate=le1985-12', []); // 1985 does not end after December
      await expectFound('Patient?birthdate=ge2001-12-31&birthdate=le2001-12-31&birthdate=ne1990', P('hanh'));
      await expectFound('Patient?birthdate=sa1989&birthdate=eb1991&birthdate=1990-05-01,1990-05', P('an', 'anh', 'binh'));
      await expectFound('Patient?birthdate=ge1991&birthdate=lt1990', []);
    });

    test('dateTime, instants without a zone (Vietnamese time), Periods and partial dates', async () => {
      // A Vietnamese day; the period running past midnight is not inside it.
      await expectFound('Observation?date=2025-03-01', O('pulse-72', 'sys-100', 'sys-99-6'));
      await expectFound('Observation?date=2025-03', O('sys-100', 'sys-99-6', 'sys-100-4', 'sys-100-5', 'pulse-72'));
      await expectFound('Observation?date=ge2025-03-02', O('bp-hanh', 'sys-100-4'));
      await expectFound(`Observation?date=${q('gt2025-03-01T08:00:00+07:00')}`, O('bp-hanh', 'sys-100-4', 'sys-100-5', 'sys-99-6'));
      await expectFound('Observation?date=2025-03-01T08:00', O('pulse-72', 'sys-100')); // a minute, at +07:00
      await expectFound(`Observation?date=${q('2025-03-01T01:00:00Z')}`, O('pulse-72', 'sys-100')); // the same instant in UTC
      await expectFound(`Observation?date=${q('le2025-03-01T23:30:00+07:00')}`, O('pulse-72', 'sys-100', 'sys-100-5', 'sys-99-6', 'sys-gt-140'));
      await expectFound('Observation?date=sa2025-03-01', O('bp-hanh', 'sys-100-4'));
      await expectFound('Observation?date=eb2025-03-01', O('sys-gt-140'));
      await expectFound('Encounter?date=2025-03-05', []); // enc-binh has no end: it overlaps but is not inside
      await expectFound('Encounter?date=ge2025-03-05', ['Encounter/enc-binh']);
    });

    test('quantity: precision ranges, prefixes, comparators, system and code or unit', async () => {
      await expectFound('Observation?value-quantity=100', O('sys-100', 'sys-100-4', 'sys-99-6')); // [99.5, 100.5)
      await expectFound('Observation?value-quantity=100.0', O('sys-100')); // [99.95, 100.05)
      await expectFound('Observation?value-quantity=gt100', O('sys-100-4', 'sys-100-5', 'sys-gt-140'));
      await expectFound('Observation?value-quantity=ge100', O('sys-100', 'sys-100-4', 'sys-100-5', 'sys-gt-140'));
      await expectFound('Observation?value-quantity=lt100', O('pulse-72', 'sys-99-6'));
      await expectFound('Observation?value-quantity=le72', O('pulse-72'));
      await expectFound('Observation?value-quantity=ne100', O('pulse-72', 'sys-100-5', 'sys-gt-140'));
      await expectFound('Observation?value-quantity=sa100', O('sys-100-5', 'sys-gt-140'));
      await expectFound('Observation?value-quantity=eb100', O('pulse-72'));
      await expectFound('Observation?value-quantity=ap100', O('sys-100', 'sys-100-4', 'sys-100-5', 'sys-99-6'));
      await expectFound(`Observation?value-quantity=${q(`100|${UCUM}|mm[Hg]`)}`, O('sys-100', 'sys-100-4', 'sys-99-6'));
      await expectFound(`Observation?value-quantity=${q(`100|${UCUM}|/min`)}`, []);
      await expectFound(`Observation?value-quantity=${q('72||/min')}`, O('pulse-72'));
      await expectFound(`Observation?value-quantity=${q('72||lần/phút')}`, O('pulse-72')); // the unit as written
    });

    test('composite: code and value of the same observation, or of the same component', async () => {
      await expectFound(`Observation?code-value-quantity=${q(`${LOINC}|8480-6$gt100`)}`, O('sys-100-4', 'sys-100-5', 'sys-gt-140'));
      await expectFound(`Observation?code-value-quantity=${q('8867-4$72')}`, O('pulse-72'));
      await expectFound(`Observation?component-code-value-quantity=${q('8480-6$gt140')}`, O('bp-hanh'));
      // The diastolic component is under 100, the systolic is not: no single component matches both.
      await expectFound(`Observation?component-code-value-quantity=${q('8480-6$lt100')}`, []);
      await expectFound(`Observation?combo-code-value-quantity=${q('8462-4$95')}`, O('bp-hanh'));
    });

    test('number: precision range for equality, exact value for gt/ge/lt', async () => {
      await expectFound('RiskAssessment?probability=0.6', ['RiskAssessment/risk-55', 'RiskAssessment/risk-60']);
      await expectFound('RiskAssessment?probability=0.60', ['RiskAssessment/risk-60']);
      await expectFound('RiskAssessment?probability=gt0.6', ['RiskAssessment/risk-650']);
      await expectFound('RiskAssessment?probability=ge0.6', ['RiskAssessment/risk-60', 'RiskAssessment/risk-650']);
      await expectFound('RiskAssessment?probability=lt0.6', ['RiskAssessment/risk-55']);
    });

    test('reference: Type/id, id, :Type, absolute URL, :identifier, :missing', async () => {
      await expectFound('Observation?subject=Patient/an', O('sys-100', 'sys-99-6', 'pulse-72'));
      await expectFound('Observation?subject=an', O('sys-100', 'sys-99-6', 'pulse-72'));
      await expectFound('Observation?subject:Patient=binh', O('sys-100-4', 'sys-100-5'));
      await expectFound('Observation?patient=an', O('sys-100', 'sys-99-6', 'pulse-72'));
      await expectFound('Observation?encounter=Encounter/enc-an', O('sys-100'));
      await expectFound(`RiskAssessment?subject=${q('http://other.example/fhir/Patient/x1')}`, ['RiskAssessment/risk-650']);
      await expectFound(`Coverage?payor:identifier=${q('urn:payor|BHXH-VN')}`, ['Coverage/cov-binh']);
      await expectFound('Observation?encounter:missing=false', O('sys-100', 'sys-100-4'));
    });

    test('chaining, one and several levels deep', async () => {
      await expectFound('Observation?subject:Patient.name=dang', O('sys-100-4', 'sys-100-5', 'sys-gt-140'));
      await expectFound('Observation?patient.gender=female', O('sys-100-4', 'sys-100-5', 'bp-hanh'));
      await expectFound(`Observation?subject:Patient.organization.name:contains=${q('tân hòa')}`, O('sys-100', 'sys-99-6', 'pulse-72', 'bp-hanh'));
      await expectFound('Observation?subject:Patient.organization.partof.name=trung%20tam',
        O('sys-100', 'sys-99-6', 'pulse-72', 'sys-100-4', 'sys-100-5', 'bp-hanh'));
      await expectFound(`Observation?patient.identifier=${q(`${CCCD}|001090000001`)}`, O('sys-100', 'sys-99-6', 'pulse-72'));
    });

    test('reverse chaining with _has, nested', async () => {
      await expectFound('Patient?_has:Observation:patient:code=8867-4', P('an'));
      await expectFound('Patient?_has:Observation:patient:value-quantity=gt100', P('binh', 'minh'));
      await expectFound('Patient?_has:Encounter:subject:status=in-progress', P('binh'));
      await expectFound('Organization?_has:Patient:organization:_has:Observation:patient:code=8867-4', ['Organization/tram-1']);
    });

    test('uri: equal, :below, :above', async () => {
      await expectFound(`ValueSet?url=${q('https://sen.health.vn/fhir/ValueSet/ethnicity')}`, ['ValueSet/vs-ethnic']);
      await expectFound(`ValueSet?url:below=${q('https://sen.health.vn/fhir/')}`, ['ValueSet/vs-ethnic', 'ValueSet/vs-ethnic-2']);
      await expectFound(`ValueSet?url:above=${q('https://sen.health.vn/fhir/ValueSet/ethnicity/v2/draft')}`, ['ValueSet/vs-ethnic', 'ValueSet/vs-ethnic-2']);
    });

    test('_id, _lastUpdated, _tag, _profile, _security', async () => {
      await expectFound('Patient?_id=an,binh', P('an', 'binh'));
      await expectFound(`Patient?_lastUpdated=${q(`ge${loadedAt}`)}`, P('an', 'binh', 'minh', 'hanh', 'anh'));
      await expectFound(`Patient?_lastUpdated=${q(`lt${loadedAt}`)}`, []);
      await expectFound(`Patient?_tag=${q('urn:sen:test|vip')}`, P('an'));
      await expectFound(`Patient?_profile=${q('https://sen.health.vn/fhir/StructureDefinition/sen-patient')}`, P('an'));
      await expectFound(`Patient?_profile:below=${q('https://sen.health.vn/fhir/')}`, P('an'));
      await expectFound('Patient?_security=R', P('hanh'));
    });

    test('_sort on several keys, descending, ties broken by id, across pages', async () => {
      const order = async (path: string): Promise<string[]> => {
        const ids: string[] = [];
        let url: string | undefined = `${server.fhir}/${path}`;
        while (url) {
          const bundle = await getBundle(server, url.slice(server.fhir.length + 1));
          ids.push(...(bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource.id));
          url = bundle.link?.find((link) => link.relation === 'next')?.url;
        }
        return ids;
      };
      // Ascending by the start of the birth date's range; 1990-05 starts with 1990-05-01.
      assert.deepEqual(await order('Patient?_sort=birthdate&_count=2'), ['minh', 'an', 'anh', 'binh', 'hanh']);
      // Descending by its end: 1990-05 ends after 1990-05-01.
      assert.deepEqual(await order('Patient?_sort=-birthdate&_count=2'), ['hanh', 'binh', 'an', 'anh', 'minh']);
      // Missing values last.
      assert.deepEqual(await order('Patient?_sort=gender,-_id&_count=3'), ['hanh', 'binh', 'minh', 'an', 'anh']);
      // Đặng and Dang fold alike: the id decides.
      assert.deepEqual(await order('Patient?_sort=family&_count=1'), ['binh', 'minh', 'anh', 'an', 'hanh']);
      // >140 sorts by its known end.
      assert.deepEqual(await order('Observation?_sort=-value-quantity,_id&_count=4&code=8480-6'), ['sys-gt-140', 'sys-100-5', 'sys-100-4', 'sys-100', 'sys-99-6']);
    });

    test('previous links walk back over the same pages', async () => {
      const pages: string[][] = [];
      let bundle = await getBundle(server, 'Patient?_sort=birthdate&_count=2');
      pages.push(bundle.entry!.map((e) => e.resource.id));
      while (bundle.link?.find((l) => l.relation === 'next')) {
        bundle = await getBundle(server, bundle.link.find((l) => l.relation === 'next')!.url.slice(server.fhir.length + 1));
        pages.push(bundle.entry!.map((e) => e.resource.id));
      }
      const back: string[][] = [];
      while (bundle.link?.find((l) => l.relation === 'previous')) {
        bundle = await getBundle(server, bundle.link.find((l) => l.relation === 'previous')!.url.slice(server.fhir.length + 1));
        back.unshift(bundle.entry!.map((e) => e.resource.id));
      }
      assert.deepEqual(back, pages.slice(0, -1));
    });

    test('_include, _include:iterate, _revinclude, * and search.mode', async () => {
      assert.deepEqual(await found(server, 'Observation?code=8867-4&_include=Observation:subject', 'include'), P('an'));
      assert.deepEqual(await found(server, 'Observation?_id=sys-100&_include=Observation:encounter&_include:iterate=Encounter:service-provider', 'include'),
        ['Encounter/enc-an', 'Organization/tram-1']);
      assert.deepEqual(await found(server, 'Patient?_id=binh&_revinclude=Observation:subject', 'include'), O('sys-100-4', 'sys-100-5'));
      assert.deepEqual(await found(server, 'Patient?_id=an&_revinclude=Observation:*', 'include'), O('sys-100', 'sys-99-6', 'pulse-72'));
      assert.deepEqual(await found(server, 'Observation?_id=pulse-72&_include=*', 'include'), ['Organization/tram-1', 'Patient/an']);
      assert.deepEqual(
        await found(server, 'Organization?_id=ttyt&_revinclude:iterate=Organization:partof&_revinclude:iterate=Patient:organization', 'include'),
        ['Organization/tram-1', 'Organization/tram-2', ...P('an', 'binh', 'hanh')].sort(),
      );
      // An included resource that also matches is listed once, as a match.
      const bundle = await getBundle(server, 'Organization?name=tram&_include=Organization:partof');
      assert.deepEqual(bundle.entry!.map((e) => `${e.search!.mode}:${e.resource.id}`).sort(), ['include:ttyt', 'match:tram-1', 'match:tram-2']);
    });

    test('_summary, _elements and _total', async () => {
      const count = await getBundle(server, 'Patient?_summary=count');
      assert.equal(count.total, 5);
      assert.equal(count.entry, undefined);
      const elements = await getBundle(server, 'Patient?_id=an&_elements=gender');
      const resource = elements.entry![0].resource;
      assert.deepEqual(Object.keys(resource).sort(), ['gender', 'id', 'meta', 'resourceType']);
      assert.ok((resource.meta as { tag: { code: string }[] }).tag.some((tag) => tag.code === 'SUBSETTED'));
      const summary = await getBundle(server, 'Encounter?_id=enc-an&_summary=true');
      assert.ok(summary.entry![0].resource.subject, 'subject is a summary element');
      assert.equal(summary.entry![0].resource.period, undefined, 'period is not');
      assert.equal((await getBundle(server, 'Patient?_total=accurate&_count=2')).total, 5);
      assert.equal(typeof (await getBundle(server, 'Patient?_total=estimate&_count=2')).total, 'number');
      assert.equal((await getBundle(server, 'Patient?_total=none')).total, undefined);
      assert.equal((await getBundle(server, 'Patient?gender=male')).total, 2, 'a search that fits one page counts itself');
    });

    test('system search with _type, /_search, and POST [type]/_search with a form body', async () => {
      await expectFound('?_type=Patient,Observation&_id=an,sys-100', ['Patient/an', 'Observation/sys-100']);
      await expectFound(`?_tag=${q('urn:sen:test|vip')}`, P('an'));
      await expectFound('_search?_type=Organization&name=tram', ['Organization/tram-1', 'Organization/tram-2']);
      const response = await server.request('/fhir/R4/Patient/_search?gender=male', {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `name=${q('đặng')}`,
      });
      assert.equal(response.status, 200);
      const bundle = (await response.json()) as { entry: { resource: { id: string } }[] };
      assert.deepEqual(bundle.entry.map((e) => e.resource.id), ['minh']);
    });

    test('compartment search', async () => {
      await expectFound('Patient/an/Observation', O('sys-100', 'sys-99-6', 'pulse-72'));
      await expectFound('Patient/an/Observation?code=8867-4', O('pulse-72'));
      await expectFound('Patient/an/Condition', ['Condition/dengue-an']);
      await expectFound('Patient/binh/Coverage', ['Coverage/cov-binh']);
      assert.equal((await status(server, 'Patient/an/Organization')).status, 400, 'an Organization is never in a Patient compartment');
    });

    test('unknown parameters: ignored and reported (lenient), refused with Prefer: handling=strict', async () => {
      const lenient = await getBundle(server, 'Patient?foo=bar&gender=male');
      assert.deepEqual(lenient.entry!.filter((e) => e.search?.mode === 'match').map((e) => e.resource.id).sort(), ['an', 'minh']);
      const outcome = lenient.entry!.find((e) => e.search?.mode === 'outcome');
      assert.match(JSON.stringify(outcome?.resource), /foo/);
      const strict = await status(server, 'Patient?foo=bar&gender=male', { Prefer: 'handling=strict' });
      assert.equal(strict.status, 400);
      assert.match(JSON.stringify(strict.body), /foo/);
      const near = await status(server, 'Location?near=10.8|106.6|5|km', { Prefer: 'handling=strict' });
      assert.equal(near.status, 400);
      assert.equal((await status(server, 'Location?near=10.8|106.6|5|km')).status, 200);
    });

    test('bad values and unsupported modifiers are 400 whatever the handling', async () => {
      for (const path of [
        'Patient?birthdate=yesterday',
        'Patient?birthdate=1990-02-30',
        'Observation?value-quantity=abc',
        'Patient?name:foo=x',
        'Patient?identifier:in=x',
        'Patient?_count=many',
        'Patient?_sort=foo',
        'Patient?_cursor=garbage',
        'Patient?_total=some',
        'Observation?code-value-quantity=8480-6',
        'Patient?identifier=|',
        'Observation?subject:Organization.name=x',
        'Patient?_include=Patient:name',
      ]) {
        const answer = await status(server, path);
        assert.equal(answer.status, 400, `${path}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.resourceType, 'OperationOutcome');
      }
    });

    test('conditional create takes any search parameter', async () => {
      const body = { resourceType: 'Patient', name: [{ family: 'Nguyễn', given: ['Văn', 'An'] }] };
      const matched = await server.request('/fhir/R4/Patient', { method: 'POST', json: body, headers: { 'If-None-Exist': `birthdate=1990-05-01&gender=male` } });
      assert.equal(matched.status, 200);
      assert.equal((await matched.json()).id, 'an');
      const unknown = await server.request('/fhir/R4/Patient', { method: 'POST', json: body, headers: { 'If-None-Exist': 'foo=bar' } });
      assert.equal(unknown.status, 400);
    });
  });
}
