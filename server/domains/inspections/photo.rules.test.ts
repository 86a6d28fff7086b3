import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { detectImageType, jpegHasExif, preparePhoto } from './photo.rules.ts';
import { jpegWithExif } from '../../../tests/fixtures/photos.ts';

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0, 0, 0, 4]), Buffer.from('eXIf', 'latin1'), Buffer.from('GPS!', 'latin1'), Buffer.alloc(4),
  Buffer.from([0, 0, 0, 0]), Buffer.from('IEND', 'latin1'), Buffer.alloc(4)]);

const fieldOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as AppError).issues[0]!.field + ':' + (error as AppError).code;
  }
  return 'no error';
};

describe('photos', () => {
  it('recognises JPEG and PNG by magic bytes only', () => {
    expect(detectImageType(jpegWithExif())).toBe('image/jpeg');
    expect(detectImageType(png)).toBe('image/png');
    expect(detectImageType(Buffer.from('%PDF-1.7 not an image'))).toBeUndefined();
    expect(fieldOf(() => preparePhoto(Buffer.from('GIF89a....'), { maxBytes: 1000, keepLocation: false }))).toBe('file:INVALID_INPUT');
  });

  it('refuses an empty or oversize file', () => {
    expect(fieldOf(() => preparePhoto(Buffer.alloc(0), { maxBytes: 1000, keepLocation: false }))).toBe('file:INVALID_INPUT');
    expect(fieldOf(() => preparePhoto(jpegWithExif(), { maxBytes: 50, keepLocation: false }))).toBe('file:TOO_LARGE');
  });

  it('strips the JPEG Exif block and keeps every other segment and the image data', () => {
    const original = jpegWithExif();
    const { bytes } = preparePhoto(original, { maxBytes: 10_000, keepLocation: false });
    expect(jpegHasExif(original)).toBe(true);
    expect(jpegHasExif(bytes)).toBe(false);
    expect(bytes.includes(Buffer.from('GPSLatitude', 'latin1'))).toBe(false);
    expect(bytes.includes(Buffer.from('JFIF', 'latin1'))).toBe(true);
    expect(bytes.subarray(-14)).toEqual(original.subarray(-14)); // SOS and data untouched
    expect(bytes.length).toBe(original.length - (2 + 2 + 6 + 21));
  });

  it('keeps the location of mystery-shopper evidence', () => {
    expect(preparePhoto(jpegWithExif(), { maxBytes: 10_000, keepLocation: true }).bytes).toEqual(jpegWithExif());
  });

  it('strips the PNG eXIf chunk', () => {
    const { bytes } = preparePhoto(png, { maxBytes: 10_000, keepLocation: false });
    expect(bytes.includes(Buffer.from('eXIf', 'latin1'))).toBe(false);
    expect(bytes.includes(Buffer.from('IEND', 'latin1'))).toBe(true);
  });
});
