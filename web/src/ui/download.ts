// Saving a document the API serves as a print-ready page (a requisition voucher, a volunteer's service certificate).
// It is read with the sign-in token and saved as a file to open and print: the console's CSP (no inline styles, no
// frames) would strip the page's own print styles if it were shown inside the console.
import { getDocument } from '../api/client.ts';

export async function saveDocument(path: string, filename: string): Promise<void> {
  const html = await getDocument(path);
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // After the click has handed the file to the browser.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
