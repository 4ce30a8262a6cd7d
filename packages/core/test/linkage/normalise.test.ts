import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonical,
  FEATURES,
  FeatureDictionary,
  fold,
  idConsistent,
  normaliseTable,
  parseAddress,
  parseDate,
  parsePersonalId,
  parseSex,
  splitName,
} from '../../src/linkage/index.js';

describe('Vietnamese normalisation (DOMAIN.md §3)', () => {
  it('puts the tone mark on one canonical vowel, so old- and new-style spellings agree', () => {
    const pairs = [
      ['hoà', 'hòa'],
      ['thuỷ', 'thủy'],
      ['khoẻ', 'khỏe'],
      ['Thuý', 'Thúy'],
      ['HOÀ', 'hòa'],
    ];
    for (const [a, b] of pairs) expect(canonical(a!)).toBe(canonical(b!));
    // Different words stay different.
    expect(canonical('hòa')).not.toBe(canonical('hóa'));
    // gi / qu: the glide belongs to the consonant, the tone to the vowel after it.
    expect(canonical('quý')).toBe('quý');
    expect(canonical('giá')).toBe('giá');
    expect(canonical('người')).toBe('người');
  });

  it('is NFC/NFD-insensitive and folds đ and look-alikes', () => {
    expect(canonical('Nguye\u0302\u0303n')).toBe('nguyễn');
    expect(fold('Đặng  Văn-Hoà')).toBe('dang van hoa');
    expect(fold('\u00d0\u1eb7ng')).toBe('dang'); // U+00D0 (eth) written for Đ
  });

  it('splits names into family, middle and given', () => {
    expect(splitName(canonical('Nguyễn Thị Minh Khai'))).toEqual({
      family: 'nguyễn',
      middle: 'thị minh',
      given: 'khai',
    });
    expect(splitName('an')).toEqual({ family: '', middle: '', given: 'an' });
    expect(FEATURES.name_fg!(['Trần Văn Hoà']).s).toBe(FEATURES.name_fg!(['Tran Hòa']).s);
  });

  it('parses dates in the formats registries use and rejects impossible ones', () => {
    for (const s of ['05/11/1990', '5/11/1990', '1990-11-05', '19901105', '05111990', '05.11.1990']) {
      expect(parseDate(s)).toBe(19901105);
    }
    expect(parseDate('1990')).toBe(19900000);
    expect(parseDate('29/02/2001')).toBeNull();
    expect(parseDate('29/02/2000')).toBe(20000229);
    expect(parseDate('13/13/1990')).toBeNull();
    expect(parseDate('')).toBeNull();
  });

  it('parses a 12-digit ID (province, century+sex, birth year) and keeps CMND apart', () => {
    const id = parsePersonalId('001305012345');
    expect(id).toEqual({ province: '001', sex: 'f', birthYear: 2005 });
    expect(parsePersonalId('079090012345')).toEqual({ province: '079', sex: 'm', birthYear: 1990 });
    expect(parsePersonalId('123456789')).toBeNull();
    expect(idConsistent(id!, 20050101, 'f')).toBe(true);
    expect(idConsistent(id!, 19050101, 'f')).toBe(false);
    expect(idConsistent(id!, null, 'm')).toBe(false);
    expect(FEATURES.id12!(['001305012345', '']).s).toBe('001305012345');
    expect(FEATURES.id12!(['123456789', '']).s).toBeNull();
    expect(FEATURES.cmnd9!(['123456789', '']).s).toBe('123456789');
    expect(parseSex('Nữ')).toBe('f');
    expect(parseSex('NAM')).toBe('m');
    expect(parseSex('?')).toBeNull();
  });

  it('maps pre-2025 wards and provinces to the 2025 units (dvhcvn table)', () => {
    // Phường Phúc Xá (Ba Đình, Hà Nội) became part of Phường Hồng Hà on 1 July 2025.
    const old = parseAddress('Số 12, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội');
    const now = parseAddress('số 12, phường Hồng Hà, Hà Nội');
    expect(old?.ward).toBe('hồng hà');
    expect(old?.province).toBe('hà nội');
    expect(FEATURES.address!(['Số 12, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội']).s).toBe(
      FEATURES.address!(['số 12, phường Hồng Hà, Hà Nội']).s,
    );
    expect(now?.units).toEqual(['số 12', 'hồng hà', 'hà nội']);
    // Tỉnh Hà Giang merged into Tuyên Quang.
    expect(parseAddress('Xã Minh Tân, Huyện Vị Xuyên, Tỉnh Hà Giang')?.province).toBe('tuyên quang');
    expect(parseAddress('')).toBeNull();
  });

  it('folds through the letter table exactly as word-by-word NFD folding does', () => {
    const reference = (c: string) =>
      c
        .split(' ')
        .map((w) =>
          w
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/gu, '')
            .replace(/đ/gu, 'd'),
        )
        .join(' ');
    const letters = fc.constantFrom(
      ...'aăâbdđeêghiklmnoôơpqrstuưvxy àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĐÀ,1x\u0301ωß'.split(
        '',
      ),
    );
    fc.assert(
      fc.property(fc.array(letters, { maxLength: 40 }), (cs) => {
        const c = cs.join('');
        expect(fold(c)).toBe(reference(canonical(c)));
      }),
      { numRuns: 500 },
    );
  });

  it('interns features of two tables in one dictionary; values read back from ids', () => {
    const dict = new FeatureDictionary();
    const refs = [{ columns: ['ho_ten'], feature: 'folded' }];
    const a = normaliseTable(
      { source: 'a', header: ['ho_ten'], rows: [['Nguyễn Văn An'], [''], ['Lê Thị Hoà']] },
      refs,
      dict,
    );
    const b = normaliseTable(
      { source: 'b', header: ['ho_ten'], rows: [['le thi hoa'], ['Nguyen Van An']] },
      refs,
      dict,
    );
    const fa = a.get('ho_ten:folded')!;
    const fb = b.get('ho_ten:folded')!;
    expect(fa.values).toEqual(['nguyen van an', null, 'le thi hoa']);
    expect([...fb.ids]).toEqual([fa.ids[2], fa.ids[0]]);
    expect(fa.ids[1]).toBe(-1);
    expect(dict.size).toBe(2);
  });
});
