// The queue ticket (phiếu số thứ tự) handed to the patient: 80 mm wide for the receipt printers desks use, in
// Be Vietnam Pro (a complete TTF, so every Vietnamese letter prints), Vietnamese only: the patient reads it.
import PDFDocument from 'pdfkit';
import { formatVnDate, formatVnDateTime } from '../../fhir/registration/dates.ts';
import { VISIT_PRIORITIES, type VisitPriority } from '../../fhir/registration/code-lists.ts';
import { PAYMENT_LABELS, type VisitPayment } from '../../fhir/registration/visit.ts';
import { BE_VIETNAM_PRO, pdfBytes } from './pdf-output.ts';


const MM = 72 / 25.4;
const WIDTH = 80 * MM;
const HEIGHT = 120 * MM;
const MARGIN = 5 * MM;

export interface TicketFacts {
  facility?: string;
  room: string;
  number: number;
  /** YYYY-MM-DD */
  day: string;
  registeredAtMs: number;
  patientName: string;
  birthDate?: string;
  gender?: string;
  payment?: VisitPayment;
  priority: VisitPriority;
}

const GENDER: Record<string, string> = { male: 'Nam', female: 'Nữ', other: 'Khác', unknown: 'Chưa xác định' };

/** The ticket as PDF bytes. */
export function queueTicketPdf(facts: TicketFacts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [WIDTH, HEIGHT],
    margin: MARGIN,
    info: { Title: `Số thứ tự ${facts.number} — ${facts.room}`, Producer: 'Sen', Creator: 'Sen' },
  });
  doc.registerFont('regular', BE_VIETNAM_PRO.regular);
  doc.registerFont('bold', BE_VIETNAM_PRO.semiBold);
  const done = pdfBytes(doc);
  const width = WIDTH - 2 * MARGIN;
  const center = { width, align: 'center' as const };

  if (facts.facility) doc.font('bold').fontSize(10).text(facts.facility.toUpperCase(), center);
  doc.moveDown(0.3).font('regular').fontSize(9).text(`Ngày ${formatVnDate(facts.day)}`, center);
  doc.moveDown(0.6).font('bold').fontSize(12).text('PHIẾU SỐ THỨ TỰ KHÁM BỆNH', center);
  doc.moveDown(0.2).font('bold').fontSize(64).text(String(facts.number), center);
  doc.font('bold').fontSize(13).text(facts.room, center);
  const priority = VISIT_PRIORITIES.find((candidate) => candidate.code === facts.priority);
  if (priority && priority.code !== 'none') doc.moveDown(0.2).font('bold').fontSize(11).text(`Ưu tiên: ${priority.vi}`, center);
  doc.moveDown(0.8).font('regular').fontSize(10);
  const line = (label: string, value: string | undefined) => {
    if (!value) return;
    doc.font('regular').text(`${label}: `, { continued: true, width }).font('bold').text(value, { width });
  };
  line('Họ tên', facts.patientName);
  line('Ngày sinh', facts.birthDate ? formatVnDate(facts.birthDate) : undefined);
  line('Giới tính', facts.gender ? GENDER[facts.gender] : undefined);
  line('Đối tượng', facts.payment ? PAYMENT_LABELS[facts.payment].vi : undefined);
  line('Giờ đăng ký', formatVnDateTime(facts.registeredAtMs));
  doc.moveDown(0.8).font('regular').fontSize(9).text('Vui lòng ngồi chờ và theo dõi màn hình gọi số.', center);
  doc.end();
  return done;
}
