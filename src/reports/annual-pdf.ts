import PDFDocument from 'pdfkit';
import { ACTIONS } from './annual.js';
import type { AnnualReportText } from './annual-text.js';

const MARGIN = 50;
const BAR_COLOURS = ['#1b7837', '#7fbf7b', '#998ec3', '#f1a340', '#b2182b'];

type Doc = PDFKit.PDFDocument;

/**
 * The report as a PDF (A4): the summary with a bar of the action taken, then
 * the tables (continued on new pages with their headers), then the statement.
 * One font with Latin and Cyrillic letters serves all six languages.
 */
export function annualReportPdf(text: AnnualReportText, fontPath: string, actionShares: readonly number[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: text.title }, bufferPages: false });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', fontPath);
  doc.font('body');
  summaryPage(doc, text, actionShares);
  doc.addPage();
  for (const table of text.tables) drawTable(doc, table);
  doc.addPage();
  doc.fontSize(14).text(text.statementTitle, { paragraphGap: 8 });
  doc.fontSize(10);
  for (const paragraph of text.statement) doc.text(paragraph, { paragraphGap: 6, align: 'left' });
  doc.moveDown().fontSize(8).fillColor('#444444').text(text.method).fillColor('black');
  doc.end();
  return done;
}

function summaryPage(doc: Doc, text: AnnualReportText, actionShares: readonly number[]): void {
  doc.fontSize(18).text(text.title, { paragraphGap: 10 });
  doc.fontSize(10).text(text.intro, { paragraphGap: 14 });
  const labelWidth = 300;
  for (const [label, value] of text.summary) {
    const y = doc.y;
    doc.text(label, MARGIN, y, { width: labelWidth });
    doc.text(value, MARGIN + labelWidth, y, { width: 100, align: 'right' });
    doc.moveDown(0.3);
  }
  actionBar(doc, text.summary.slice(-ACTIONS.length).map(([label]) => label), actionShares);
}

/** One bar split by the share of each action taken, with a legend. */
function actionBar(doc: Doc, labels: readonly string[], shares: readonly number[]): void {
  const width = doc.page.width - 2 * MARGIN;
  const top = doc.y + 16;
  let x = MARGIN;
  shares.forEach((share, index) => {
    doc.rect(x, top, width * share, 18).fill(BAR_COLOURS[index]!);
    x += width * share;
  });
  doc.fillColor('black');
  let legendY = top + 28;
  labels.forEach((label, index) => {
    doc.rect(MARGIN, legendY + 1, 8, 8).fill(BAR_COLOURS[index]!);
    doc.fillColor('black').fontSize(9).text(`${label}: ${Math.round(shares[index]! * 100)} %`, MARGIN + 14, legendY);
    legendY += 14;
  });
}

function drawTable(doc: Doc, table: AnnualReportText['tables'][number]): void {
  const width = doc.page.width - 2 * MARGIN;
  const numeric = ACTIONS.length + 2;
  const numberWidth = 46;
  const textColumns = table.head.length - numeric;
  const textWidth = (width - numeric * numberWidth) / textColumns;
  const widths = table.head.map((_, index) => (index < textColumns ? textWidth : numberWidth));
  doc.fontSize(12).text(table.caption, MARGIN, doc.y, { paragraphGap: 6 });
  const drawRow = (cells: readonly string[], size: number) => {
    doc.fontSize(size);
    const height = Math.max(...cells.map((cell, index) => doc.heightOfString(cell, { width: widths[index]! - 4 }))) + 4;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, index) => {
      doc.text(cell, x, top, { width: widths[index]! - 4, align: index < textColumns ? 'left' : 'right' });
      x += widths[index]!;
    });
    doc.moveTo(MARGIN, top + height - 2).lineTo(MARGIN + width, top + height - 2).lineWidth(0.3).strokeColor('#999999').stroke();
    doc.y = top + height;
    return top;
  };
  const header = () => drawRow(table.head, 7);
  header();
  for (const row of table.rows) {
    const pageBefore = doc.page;
    drawRow(row, 8);
    // A row that began a new page gets the header again above it.
    if (doc.page !== pageBefore) {
      doc.y = MARGIN;
      header();
      drawRow(row, 8);
    }
  }
  doc.x = MARGIN;
  doc.moveDown(1.5);
}
