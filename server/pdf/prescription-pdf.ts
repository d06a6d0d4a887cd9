// The printed prescription on A5, in the layout of the national form (TT 26/2025): facility, patient with ID and
// address, diagnosis with ICD-10 codes, drugs with their instructions, doctor, date, and the national prescription
// code as text and as a QR code a pharmacy scanner or phone reads.
//
// Vietnamese needs a complete TrueType font (the PDF standard fonts have no ơ, ư, ạ…): Be Vietnam Pro, embedded as a
// subset (pdf-output.ts). The QR code is drawn as vector squares from qrcode-generator's matrix (no image, sharp at any printer
// resolution); the code is upper-case letters, digits and "-", which QR's compact alphanumeric mode holds.
import PDFDocument from 'pdfkit';
import qrcode from 'qrcode-generator';
import { displayPrescriptionCode } from '../../fhir/identifiers/prescription-code.ts';
import type { PrescriptionRecord } from '../../fhir/prescription/prescription-record.ts';
import { YOUNG_CHILD_MONTHS } from '../../fhir/prescription/safety/young-child.ts';
import { ageOn, formatVnDate } from '../../fhir/registration/dates.ts';
import { formatVietnameseNumber } from '../../fhir/text/vietnamese-number.ts';
import { BE_VIETNAM_PRO, pdfBytes } from './pdf-output.ts';
import { vnDate } from '../../fhir/vietnam-time.ts';

const A5 = { width: 419.53, height: 595.28 };
const MARGIN = 28;
const CONTENT_WIDTH = A5.width - 2 * MARGIN;
const QR_SIZE = 62;
/** Where the quantity column starts, right of the drug names. */
const QUANTITY_X = A5.width - MARGIN - 110;

const TITLE: Record<PrescriptionRecord['type'], string> = {
  c: 'ĐƠN THUỐC',
  n: 'ĐƠN THUỐC "N"',
  h: 'ĐƠN THUỐC "H"',
  y: 'ĐƠN THUỐC Y HỌC CỔ TRUYỀN',
};

const GENDER: Record<string, string> = { male: 'Nam', female: 'Nữ' };

/** Text as typed may be decomposed (e + combining marks); the font's precomposed glyphs need NFC. */
const nfc = (text: string) => text.normalize('NFC');

/** The Vietnamese calendar day of a FHIR dateTime, YYYY-MM-DD. */
const signingDay = (record: PrescriptionRecord) => vnDate(Date.parse(record.authoredOn));

function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Alphanumeric');
  qr.make();
  const count = qr.getModuleCount();
  const cell = size / count;
  doc.save().fillColor('black');
  for (let row = 0; row < count; row++) {
    for (let column = 0; column < count; column++) {
      // A hair of overlap keeps viewers from drawing seams between neighbouring squares.
      if (qr.isDark(row, column)) doc.rect(x + column * cell, y + row * cell, cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

/** "Label: value" on one line (wrapping if long), the label in the bold face. */
function field(doc: PDFKit.PDFDocument, label: string, value: string, options: PDFKit.Mixins.TextOptions = {}): void {
  doc.font('bold').text(nfc(`${label}: `), { continued: true, ...options }).font('regular').text(nfc(value));
}

function header(doc: PDFKit.PDFDocument, record: PrescriptionRecord): void {
  const { facility } = record;
  const code = displayPrescriptionCode(record.code);
  const textWidth = CONTENT_WIDTH - QR_SIZE - 12;
  doc.font('bold').fontSize(10).text(nfc(facility.name.toUpperCase()), MARGIN, MARGIN, { width: textWidth });
  doc.font('regular').fontSize(8.5);
  if (facility.address) doc.text(nfc(`Địa chỉ: ${facility.address}`), { width: textWidth });
  doc.text(nfc([`Mã cơ sở: ${facility.code}`, facility.phone && `Điện thoại: ${facility.phone}`].filter(Boolean).join('   ')), { width: textWidth });
  drawQrCode(doc, code, A5.width - MARGIN - QR_SIZE, MARGIN, QR_SIZE);
  doc.font('regular').fontSize(6.5).text(code, A5.width - MARGIN - QR_SIZE - 10, MARGIN + QR_SIZE + 2, { width: QR_SIZE + 20, align: 'center' });
  doc.y = Math.max(doc.y, MARGIN + QR_SIZE + 14);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(15).text(nfc(TITLE[record.type]), MARGIN, doc.y, { width: CONTENT_WIDTH, align: 'center' });
  doc.font('regular').fontSize(9).text(nfc(`Mã đơn thuốc: ${code}`), { width: CONTENT_WIDTH, align: 'center' });
  if (record.cancelled) {
    // A cancelled prescription printed again must not pass for a valid one at the pharmacy.
    const notice = ['ĐƠN ĐÃ HỦY – KHÔNG CẤP PHÁT THUỐC', record.cancelled.reason].filter(Boolean).join('\n');
    doc.moveDown(0.3).font('bold').fontSize(11).fillColor('#b00020').text(nfc(notice), { width: CONTENT_WIDTH, align: 'center' }).fillColor('black');
  }
  doc.moveDown(0.8);
}

function patientSection(doc: PDFKit.PDFDocument, record: PrescriptionRecord): void {
  const { patient } = record;
  const { months } = ageOn(patient.birthDate, signingDay(record));
  const youngChild = months < YOUNG_CHILD_MONTHS;
  doc.fontSize(9.5);
  const left = doc.x;
  field(doc, 'Họ và tên', patient.name.toUpperCase());
  const birth = youngChild ? `${formatVnDate(patient.birthDate)} (${months} tháng tuổi)` : formatVnDate(patient.birthDate);
  field(doc, 'Ngày sinh', `${birth}     Giới tính: ${GENDER[patient.gender ?? ''] ?? 'Không xác định'}`);
  if (patient.cccd) field(doc, 'Số định danh cá nhân/CCCD', patient.cccd);
  if (patient.insuranceCardNumber) field(doc, 'Mã thẻ BHYT', patient.insuranceCardNumber);
  if (patient.weightKg !== undefined) field(doc, 'Cân nặng', `${formatVietnameseNumber(patient.weightKg)} kg`);
  if (patient.address) field(doc, 'Địa chỉ', patient.address);
  if (youngChild && patient.guardian) {
    const guardian = [patient.guardian.name, patient.guardian.relationship && `(${patient.guardian.relationship})`, patient.guardian.phone].filter(Boolean).join(' ');
    field(doc, 'Người đưa trẻ đến khám', guardian);
  }
  field(doc, 'Chẩn đoán', record.diagnoses.map((diagnosis) => `${diagnosis.code} - ${diagnosis.display}`).join('; '));
  doc.x = left;
  doc.moveDown(0.6);
}

function drugSection(doc: PDFKit.PDFDocument, record: PrescriptionRecord): void {
  doc.font('bold').fontSize(10).text(nfc('Thuốc điều trị:'));
  doc.moveDown(0.3);
  record.lines.forEach((line, i) => {
    const name = nfc(`${i + 1}. ${line.brandName ? `${line.name} (${line.brandName})` : line.name}`);
    const quantity = nfc(`SL: ${formatVietnameseNumber(line.quantity)} ${line.unit}${line.days ? ` (${line.days} ngày)` : ''}`);
    const instruction = nfc(`Cách dùng: ${line.instruction}`);
    // A drug is never split across pages: its name, quantity and instruction go together.
    const height =
      doc.font('bold').fontSize(9.5).heightOfString(name, { width: QUANTITY_X - MARGIN }) +
      doc.font('italic').fontSize(9).heightOfString(instruction, { width: CONTENT_WIDTH - 12 }) +
      doc.currentLineHeight(true) * 0.35;
    if (doc.y + height > A5.height - MARGIN) doc.addPage();
    const y = doc.y;
    doc.font('bold').fontSize(9.5).text(name, MARGIN, y, { width: QUANTITY_X - MARGIN });
    const afterName = doc.y;
    doc.font('regular').text(quantity, QUANTITY_X, y, { width: A5.width - MARGIN - QUANTITY_X, align: 'right' });
    doc.y = Math.max(afterName, doc.y);
    doc.font('italic').fontSize(9).text(instruction, MARGIN + 12, doc.y, { width: CONTENT_WIDTH - 12 });
    doc.moveDown(0.35);
  });
  doc.x = MARGIN;
}

function closingSection(doc: PDFKit.PDFDocument, record: PrescriptionRecord): void {
  doc.fontSize(9.5);
  if (record.advice) {
    doc.moveDown(0.3);
    field(doc, 'Lời dặn', record.advice);
  }
  const blockHeight = 95;
  if (doc.y + blockHeight > A5.height - MARGIN) doc.addPage();
  const [year, month, day] = signingDay(record).split('-');
  const column = { x: A5.width / 2, width: A5.width / 2 - MARGIN };
  doc.moveDown(0.8);
  doc.font('italic').fontSize(9).text(nfc(`Ngày ${day} tháng ${month} năm ${year}`), column.x, doc.y, { width: column.width, align: 'center' });
  doc.font('bold').fontSize(9.5).text(nfc('Bác sĩ khám bệnh'), { width: column.width, align: 'center' });
  doc.font('italic').fontSize(8).text(nfc('(Ký, ghi rõ họ tên)'), { width: column.width, align: 'center' });
  doc.moveDown(2.2);
  doc.font('bold').fontSize(9.5).text(nfc(record.doctor.name), { width: column.width, align: 'center' });
  doc.font('italic').fontSize(8).text(nfc('Khám lại xin mang theo đơn này.'), MARGIN, A5.height - MARGIN - 16, { width: CONTENT_WIDTH, lineBreak: false });
}

/** The A5 prescription as PDF bytes. */
export function renderPrescriptionPdf(record: PrescriptionRecord): Promise<Buffer> {
  const code = displayPrescriptionCode(record.code);
  const doc = new PDFDocument({
    size: 'A5',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    // The signing time, not the printing time: printing a prescription twice gives the same document.
    info: { Title: nfc(`Đơn thuốc ${code}`), Author: nfc(record.facility.name), Subject: code, CreationDate: new Date(record.authoredOn) },
  });
  doc.registerFont('regular', BE_VIETNAM_PRO.regular);
  doc.registerFont('italic', BE_VIETNAM_PRO.italic);
  doc.registerFont('bold', BE_VIETNAM_PRO.semiBold);
  const done = pdfBytes(doc);
  // A second page must still say whose prescription it continues.
  doc.on('pageAdded', () => {
    doc.font('italic').fontSize(8).text(nfc(`Đơn thuốc ${code} – ${record.patient.name} (tiếp theo)`), MARGIN, MARGIN, { width: CONTENT_WIDTH });
    doc.moveDown(0.8);
  });
  header(doc, record);
  patientSection(doc, record);
  drugSection(doc, record);
  closingSection(doc, record);
  doc.end();
  return done;
}
