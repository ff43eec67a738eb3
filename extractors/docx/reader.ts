// Word documents (.docx). The reading itself is in docx/direct.ts (the WordprocessingML read
// directly, no mammoth); here, files that only carry the extension: a legacy .doc renamed to
// .docx goes the legacy way, a password-protected document (an encrypted OLE container, not a
// zip) gets a message that says so.
import { readDocxDirect } from './direct.js';
import { isEncryptedOffice, isOle, readLegacy } from '../legacy/reader.js';
import type { Reader } from '../model.js';

export const docxReader: Reader = {
  async read(bytes, ctx) {
    if (isEncryptedOffice(bytes)) return { ok: false, kind: 'encrypted', error: 'password-protected DOCX: remove the password in Word and save it again' };
    if (isOle(bytes)) return readLegacy(bytes, ctx);
    return readDocxDirect(bytes);
  },
};
