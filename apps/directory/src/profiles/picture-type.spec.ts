import { pictureTypeOf } from './picture-type';

describe('pictureTypeOf', () => {
  it('recognises PNG, JPEG, GIF and WebP by their first bytes', () => {
    expect(pictureTypeOf(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(pictureTypeOf(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
    expect(pictureTypeOf(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(pictureTypeOf(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
  });

  it('refuses anything else, including text that claims to be an image', () => {
    expect(pictureTypeOf(Buffer.from('<svg onload="alert(1)"></svg>'))).toBeNull();
    expect(pictureTypeOf(Buffer.from('<html>'))).toBeNull();
    expect(pictureTypeOf(Buffer.alloc(0))).toBeNull();
  });
});
