// Masks for views of personal fields: recognisable to their owner, useless to anyone else.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskAddress, maskBankAccount, maskCreditCode, maskEmail, maskIdNumber, maskName, maskOf, maskPhone } from '../../shared/pii/mask.ts';

describe('masks', () => {
  it('shows an ID number as its first six and last four characters', () => {
    expect(maskIdNumber('110105194912310021')).toBe('110105********0021');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
    expect(maskIdNumber('1234')).toBe('****');
  });

  it('shows a mobile number as 138****5678 in any spelling', () => {
    for (const p of ['13812345678', '+8613812345678', '0086 138 1234 5678']) expect(maskPhone(p), p).toBe('138****5678');
    expect(maskPhone('010-62345678')).toBe('*********78');
  });

  it('keeps the surname of a Chinese name and stars the given name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('诸葛亮')).toBe('诸葛*');
    expect(maskName('司马相如')).toBe('司马**');
    // Not a compound surname: 王 keeps one.
    expect(maskName('王欧阳明')).toBe('王***');
    // A two-character name is surname and given name, even when it reads as a compound surname.
    expect(maskName('欧阳')).toBe('欧*');
    // A character outside the BMP is one character.
    expect(maskName('𠮷野家')).toBe('𠮷**');
    // Transliterated names keep their middle dot.
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
  });

  it('keeps the first letter of each word of a Latin name', () => {
    expect(maskName('John Smith')).toBe('J*** S****');
    expect(maskName("Mary-Jane O'Neil")).toBe('M***-J*** O*****');
  });

  it('shows a bank account as **** and its last four digits', () => {
    expect(maskBankAccount('6222 0212 3456 7890 123')).toBe('**** 0123');
    expect(maskBankAccount('12345')).toBe('****');
  });

  it('cuts an address after the county level', () => {
    expect(maskAddress('北京市朝阳区建国路88号院3号楼2单元501')).toBe('北京市朝阳区…');
    expect(maskAddress('北京朝阳区建国路88号')).toBe('北京朝阳区…');
    expect(maskAddress('湖北省武汉市武昌区中南路99号')).toBe('湖北省武汉市武昌区…');
    expect(maskAddress('内蒙古自治区呼和浩特市新城区新华大街1号')).toBe('内蒙古自治区呼和浩特市新城区…');
    expect(maskAddress('湖北省恩施土家族苗族自治州恩施市舞阳大道8号')).toBe('湖北省恩施土家族苗族自治州恩施市…');
    expect(maskAddress('湖北省宜昌市长阳土家族自治县龙舟坪镇')).toBe('湖北省宜昌市长阳土家族自治县…');
    expect(maskAddress('内蒙古自治区呼伦贝尔市鄂温克族自治旗巴彦托海镇')).toBe('内蒙古自治区呼伦贝尔市鄂温克族自治旗…');
    // A city without districts: cut after the city.
    expect(maskAddress('广东省东莞市南城街道鸿福路106号')).toBe('广东省东莞市…');
    expect(maskAddress('上海市浦东新区世纪大道100号')).toBe('上海市浦东新区…');
    expect(maskAddress('北京市朝阳区')).toBe('北京市朝阳区');
  });

  it('keeps the first six characters of an address without a county', () => {
    expect(maskAddress('12 Baker Street, London')).toBe('12 Bak…');
    expect(maskAddress('幸福村3号')).toBe('幸福…');
  });

  it('shows a credit code as its first eight and last two characters', () => {
    expect(maskCreditCode('91350100M000100Y43')).toBe('91350100********43');
  });

  it('shows an e-mail as its first character and domain, and free text not at all', () => {
    expect(maskEmail('wang.li@example.org')).toBe('w***@example.org');
    expect(maskOf('text', '我家在村东头第三户')).toBe('***');
  });

  it('never shows a whole ID number, phone or bank account', () => {
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
    fc.assert(
      fc.property(digits(18), digits(8), digits(16), (id, phoneTail, account) => {
        const phone = `139${phoneTail}`;
        const masks = [maskOf('idNumber', id), maskOf('phone', phone), maskOf('bankAccount', account)];
        return !masks[0]!.includes(id.slice(6, 14)) && !masks[1]!.includes(phone.slice(3, 7)) && !masks[2]!.includes(account.slice(0, 12));
      }),
    );
  });
});
