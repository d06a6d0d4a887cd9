// Renders prescriptions and reads them back the way a person or a scanner would: the text through pdftotext, the page
// as an image through pdftoppm, the QR code through zbarimg (Debian packages poppler-utils and zbar-tools).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPrescriptionCode, formatPrescriptionCode } from '../../../fhir/identifiers/prescription-code.ts';
import { readPrescription, type PrescriptionResources } from '../../../fhir/prescription/prescription-record.ts';
import { renderPrescriptionPdf } from '../../../server/pdf/prescription-pdf.ts';
import { adultPrescription, childPrescription, FIXTURE_FACILITY_CODE } from '../../support/prescription-fixture.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'sen-pdf-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function render(name: string, resources: PrescriptionResources): Promise<{ pdf: string; text: string }> {
  const pdf = join(dir, `${name}.pdf`);
  writeFileSync(pdf, await renderPrescriptionPdf(readPrescription(resources)));
  return { pdf, text: execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }) };
}

/** One PNG per page at 100 dpi; returns their paths. */
function toPng(pdf: string, name: string): string[] {
  execFileSync('pdftoppm', ['-png', '-r', '100', pdf, join(dir, name)]);
  return readdirSync(dir).filter((file) => file.startsWith(`${name}-`) && file.endsWith('.png')).sort().map((file) => join(dir, file));
}

function pngSize(path: string): { width: number; height: number } {
  const header = readFileSync(path);
  return { width: header.readUInt32BE(16), height: header.readUInt32BE(20) };
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');

test('the A5 prescription shows facility, patient, diagnoses, drugs, doctor and date in correct Vietnamese', async () => {
  const resources = adultPrescription();
  const code = displayPrescriptionCode(resources.requests[0].groupIdentifier!.value!);
  const { text } = await render('adult', resources);
  const flat = oneLine(text);
  for (const expected of [
    'TRẠM Y TẾ PHƯỜNG HOÀN KIẾM',
    'ĐƠN THUỐC',
    `Mã đơn thuốc: ${code}`,
    'Họ và tên: NGUYỄN THỊ HƯƠNG GIANG',
    'Ngày sinh: 12/04/1958 Giới tính: Nữ',
    'Số định danh cá nhân/CCCD: 001158012345',
    'Mã thẻ BHYT: HT3010112345678',
    'Địa chỉ: Số 12 phố Hàng Bông, Phường Hoàn Kiếm, Thành phố Hà Nội',
    'Chẩn đoán: I10 - Bệnh lý tăng huyết áp; E11.9 - Bệnh đái tháo đường',
    '1. Amlodipin 5mg SL: 30 viên (30 ngày)',
    'Cách dùng: Sáng 1 viên, chiều 1 viên, uống sau ăn',
    'Lời dặn: Ăn nhạt, hạn chế đồ ngọt; tái khám sau 30 ngày.',
    'Ngày 20 tháng 11 năm 2026',
    'Bác sĩ khám bệnh',
    'Trần Thị Bích Ngọc',
  ]) {
    assert.ok(flat.includes(expected), `"${expected}" is on the page:\n${text}`);
  }
});

test('the fonts are embedded Be Vietnam Pro subsets: nothing falls back to a font without Vietnamese letters', async () => {
  const { pdf } = await render('fonts', adultPrescription());
  const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  assert.ok(fonts.length >= 2);
  for (const font of fonts) assert.match(font, /\+BeVietnamPro-\S+\s+CID TrueType\s+Identity-H\s+yes yes yes/, font);
});

test('the page renders to an A5 image whose QR code reads back as the prescription code', async () => {
  const resources = adultPrescription();
  const { pdf } = await render('scan', resources);
  const pages = toPng(pdf, 'scan');
  assert.equal(pages.length, 1);
  // A5 is 148 × 210 mm: 583 × 827 pixels at 100 dpi.
  assert.deepEqual(pngSize(pages[0]), { width: 583, height: 827 });
  const scanned = execFileSync('zbarimg', ['--quiet', '--raw', pages[0]], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  assert.equal(scanned, displayPrescriptionCode(resources.requests[0].groupIdentifier!.value!));
});

test('a young child’s prescription states the age in months, the weight and who brought the child', async () => {
  const flat = oneLine((await render('child', childPrescription())).text);
  assert.ok(flat.includes('Ngày sinh: 01/06/2024 (29 tháng tuổi) Giới tính: Nam'), flat);
  assert.ok(flat.includes('Cân nặng: 12,5 kg'), flat);
  assert.ok(flat.includes('Người đưa trẻ đến khám: Phạm Thu Hà (Mẹ) 0987654321'), flat);
  assert.ok(flat.includes('Cách dùng: Uống 5 ml khi sốt trên 38,5°C, cách nhau ít nhất 4 giờ, không quá 4 lần/ngày'), flat);
});

test('a narcotic prescription is titled "N"; a long one continues on a second page with the signature', async () => {
  const narcotic = adultPrescription([{ drugCode: 'MORPH30', dosage: { dose: 1, slots: ['morning', 'evening'], days: 7 } }]);
  const code = formatPrescriptionCode(FIXTURE_FACILITY_CODE, 99, 'n');
  for (const request of narcotic.requests) request.groupIdentifier = { ...request.groupIdentifier, value: code };
  assert.ok(oneLine((await render('narcotic', narcotic)).text).includes('ĐƠN THUỐC "N"'));

  const codes = ['PARA500', 'AMOX500', 'LORA10', 'AMBRO30', 'OMEP20', 'DOMP10', 'AMLO5', 'LOSA50', 'METF500', 'ATOR10', 'ASA81', 'BISO2.5', 'ALLO300', 'CINNA25'];
  const long = adultPrescription(codes.map((drugCode) => ({ drugCode, dosage: { dose: 1, slots: ['morning', 'afternoon'], meal: 'after-meal', days: 30 } })));
  const { pdf, text } = await render('long', long);
  assert.equal(toPng(pdf, 'long').length, 2);
  assert.ok(oneLine(text).includes('14. Cinnarizin 25mg'));
  const secondPage = oneLine(execFileSync('pdftotext', ['-f', '2', '-l', '2', pdf, '-'], { encoding: 'utf8' }));
  assert.ok(secondPage.startsWith(`Đơn thuốc ${displayPrescriptionCode(long.requests[0].groupIdentifier!.value!)} – Nguyễn Thị Hương Giang (tiếp theo)`), secondPage);
  assert.ok(oneLine(text).includes('Trần Thị Bích Ngọc'));
});
