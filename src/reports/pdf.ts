import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../domain/errors.ts';

/** Debian's chromium (apt-get install chromium fonts-noto-cjk); KESU_CHROMIUM points elsewhere. */
export const chromiumPath = () => process.env.KESU_CHROMIUM ?? '/usr/bin/chromium';
export const pdfAvailable = () => existsSync(chromiumPath());

/** Prints HTML to an A4 PDF with chromium; the Noto CJK fonts it uses are embedded in the file. */
export async function htmlToPdf(html: string): Promise<Buffer> {
  if (!pdfAvailable()) throw new AppError('PDF_RENDERER_UNAVAILABLE', { chromium: chromiumPath() });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
