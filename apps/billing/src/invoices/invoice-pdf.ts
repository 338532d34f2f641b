import PDFDocument from 'pdfkit';
import { InvoiceResponse } from '@roster/contracts';

/** `12345, 'EUR'` → `EUR 123.45` (two decimals; currencies without minor units are not offered). */
export function formatMoney(amountMinor: number, currency: string): string {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  return `${sign}${currency} ${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Renders an invoice as a one-page PDF. */
export function renderInvoicePdf(
  invoice: InvoiceResponse,
  issuer: string,
  billTo: { name: string | null; email: string | null; address: string | null; vatId: string | null },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 50,
      info: { Title: `Invoice ${invoice.number ?? 'preview'}` },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(20).text(issuer);
    doc
      .moveDown()
      .fontSize(14)
      .text(`Invoice ${invoice.number ?? '(preview)'}`);
    doc.fontSize(10);
    doc.text(`Status: ${invoice.status}`);
    if (invoice.issuedAt) doc.text(`Issued: ${invoice.issuedAt.slice(0, 10)}`);
    doc.text(`Period: ${invoice.periodStart.slice(0, 10)} – ${invoice.periodEnd.slice(0, 10)}`);
    doc.moveDown().text('Bill to:');
    for (const line of [billTo.name, billTo.address, billTo.email, billTo.vatId && `VAT ${billTo.vatId}`])
      if (line) doc.text(line);
    doc.moveDown();
    for (const line of invoice.lines)
      doc
        .text(`${line.description}`, { continued: true })
        .text(`  ${formatMoney(line.amountMinor, invoice.currency)}`, {
          align: 'right',
        });
    doc
      .moveDown()
      .fontSize(12)
      .text(`Total: ${formatMoney(invoice.totalMinor, invoice.currency)}`, { align: 'right' });
    doc.text(`Amount due: ${formatMoney(invoice.amountDueMinor, invoice.currency)}`, { align: 'right' });
    doc.end();
  });
}
