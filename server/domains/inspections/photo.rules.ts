/**
 * Photo evidence (pure): only JPEG and PNG, recognised by their magic bytes (never by the name or
 * the declared type), within the size limit; the location is removed by dropping the EXIF block
 * (JPEG APP1 "Exif", PNG eXIf chunk) — except for mystery-shopper evidence, whose GPS proves the
 * visit. No installed library edits EXIF, so the segments are walked here; pixels are untouched.
 */
import { AppError } from '../../platform/errors.ts';

export type PhotoType = 'image/jpeg' | 'image/png';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function detectImageType(bytes: Uint8Array): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE)) return 'image/png';
  return undefined;
}

/** Checks type and size; returns the bytes to store (EXIF removed unless `keepLocation`). */
export function preparePhoto(bytes: Buffer, options: { maxBytes: number; keepLocation: boolean }): { contentType: PhotoType; bytes: Buffer } {
  if (bytes.length === 0) throw AppError.invalid('file', 'the file is empty');
  if (bytes.length > options.maxBytes) throw new AppError('TOO_LARGE', `file: larger than ${Math.floor(options.maxBytes / 1024)} KB`, [{ field: 'file', reason: `at most ${options.maxBytes} bytes` }]);
  const contentType = detectImageType(bytes);
  if (!contentType) throw AppError.invalid('file', 'only JPEG or PNG images are accepted');
  if (options.keepLocation) return { contentType, bytes };
  return { contentType, bytes: contentType === 'image/jpeg' ? stripJpegExif(bytes) : stripPngExif(bytes) };
}

/**
 * Copies a JPEG without its APP1 Exif segments. Segments before the image data (SOS) are length
 * prefixed; from SOS on the rest is copied as is. A malformed header is refused, not guessed at.
 */
export function stripJpegExif(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let offset = 2;
  while (offset < bytes.length) {
    if (bytes[offset] !== 0xff) throw AppError.invalid('file', 'not a well-formed JPEG');
    const marker = bytes[offset + 1]!;
    // Standalone markers (TEM, RSTn) carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) {
      parts.push(bytes.subarray(offset));
      break;
    }
    if (offset + 4 > bytes.length) throw AppError.invalid('file', 'not a well-formed JPEG');
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw AppError.invalid('file', 'not a well-formed JPEG');
    const isExif = marker === 0xe1 && bytes.subarray(offset + 4, offset + 10).toString('latin1') === 'Exif\0\0';
    if (!isExif) parts.push(bytes.subarray(offset, end));
    offset = end;
  }
  return Buffer.concat(parts);
}

/** Copies a PNG without its eXIf chunk (chunks: length, type, data, CRC). */
export function stripPngExif(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const end = offset + 12 + length;
    if (end > bytes.length) throw AppError.invalid('file', 'not a well-formed PNG');
    if (bytes.subarray(offset + 4, offset + 8).toString('latin1') !== 'eXIf') parts.push(bytes.subarray(offset, end));
    offset = end;
  }
  return Buffer.concat(parts);
}

/** Whether a JPEG still carries an Exif block (tests, and a check after stripping). */
export function jpegHasExif(bytes: Buffer): boolean {
  return bytes.includes(Buffer.from('Exif\0\0', 'latin1'));
}
