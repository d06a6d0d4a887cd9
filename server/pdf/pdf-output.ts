// What Sen's printed documents share: the Be Vietnam Pro faces (a complete TrueType font, so every Vietnamese letter
// prints; pdfkit embeds the glyphs used) and turning a pdfkit document into bytes.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const face = (name: string) => require.resolve(`@expo-google-fonts/be-vietnam-pro/${name}/BeVietnamPro_${name}.ttf`);

export const BE_VIETNAM_PRO = {
  regular: face('400Regular'),
  italic: face('400Regular_Italic'),
  semiBold: face('600SemiBold'),
};

/** The document's bytes once `doc.end()` has been called; call this before drawing, so no output is missed. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
