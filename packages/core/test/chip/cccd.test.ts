import { describe, expect, it } from 'vitest';
import {
  cardExpiryCheck,
  dg1Dg13Checks,
  idStructureCheck,
  mrzChecks,
  qrCheck,
} from '../../src/chip/_cccd-checks.js';
import { type Dg13, parseCccdQr, parseDg1, parseDg13, parseMrz } from '../../src/chip/index.js';
import { CCCD_QR, cccd } from './_fixtures.js';

const mrz = parseDg1(cccd('EF_DG1.bin')).mrz;
const dg13 = parseDg13(cccd('EF_DG13.bin'));
const with13 = (over: Partial<Dg13>): Dg13 => ({ ...dg13, ...over });
const byCheck = (checks: { check: string; status: string; reason?: string }[]) =>
  Object.fromEntries(checks.map((c) => [c.check, c.reason ? `${c.status}:${c.reason}` : c.status]));

describe('CCCD consistency', () => {
  it('the fixture is consistent', () => {
    expect(byCheck(dg1Dg13Checks(mrz, dg13))).toEqual({
      'cccd.idNumber': 'pass',
      'cccd.dateOfBirth': 'pass',
      'cccd.sex': 'pass',
      'cccd.dateOfExpiry': 'pass',
    });
    expect(idStructureCheck(dg13, mrz).status).toBe('pass');
    expect(mrzChecks(mrz)[0]!.status).toBe('pass');
  });

  it('DG1 ↔ DG13 differences fail the named check', () => {
    expect(byCheck(dg1Dg13Checks(mrz, with13({ idNumber: '030192628006' })))['cccd.idNumber']).toBe(
      'fail:mismatch',
    );
    expect(byCheck(dg1Dg13Checks(mrz, with13({ dateOfBirth: '08/08/1992' })))['cccd.dateOfBirth']).toBe(
      'fail:mismatch',
    );
    expect(byCheck(dg1Dg13Checks(mrz, with13({ sex: 'Nam' })))['cccd.sex']).toBe('fail:mismatch');
    expect(byCheck(dg1Dg13Checks(mrz, with13({ dateOfExpiry: '07/08/2031' })))['cccd.dateOfExpiry']).toBe(
      'fail:mismatch',
    );
    expect(byCheck(dg1Dg13Checks(mrz, with13({ dateOfExpiry: 'Không thời hạn' })))['cccd.dateOfExpiry']).toBe(
      'warn:no-date',
    );
    expect(byCheck(dg1Dg13Checks(mrz, with13({ fullName: undefined, sex: undefined })))['cccd.sex']).toBe(
      'skipped:dg13-field-absent',
    );
  });

  it('ID number structure: century/sex digit and birth year against DOB and sex', () => {
    // 030 1 92 628005: province 030 (Hải Dương), G=1 → 1900s female, YY=92.
    expect(idStructureCheck(with13({ idNumber: '030092628005' }), undefined)).toMatchObject({
      status: 'fail',
      reason: 'sex-mismatch',
    });
    expect(idStructureCheck(with13({ idNumber: '030193628005' }), undefined)).toMatchObject({
      status: 'fail',
      reason: 'birth-year-mismatch',
    });
    expect(idStructureCheck(with13({ idNumber: '030392628005' }), undefined)).toMatchObject({
      status: 'fail',
      reason: 'birth-year-mismatch',
    });
    expect(idStructureCheck(with13({ idNumber: '003192628005' }), undefined)).toMatchObject({
      status: 'warn',
      reason: 'province-unknown',
    });
    expect(idStructureCheck(with13({ idNumber: '03019262800' }), undefined)).toMatchObject({
      status: 'fail',
      reason: 'malformed',
    });
    expect(
      idStructureCheck(with13({ idNumber: '001305012345', dateOfBirth: '01/01/2005', sex: 'Nữ' }), undefined)
        .status,
    ).toBe('pass');
  });

  it('card expiry against the validation time; no-expiry cards pass', () => {
    expect(cardExpiryCheck(dg13, mrz, new Date('2032-08-07T12:00:00Z')).status).toBe('pass');
    expect(cardExpiryCheck(dg13, mrz, new Date('2032-08-08T00:00:01Z'))).toMatchObject({
      status: 'fail',
      reason: 'expired',
    });
    expect(
      cardExpiryCheck(with13({ dateOfExpiry: 'Không thời hạn' }), undefined, new Date('2090-01-01Z')).status,
    ).toBe('pass');
  });

  it('QR ↔ DG13 compares fields after NFC and case folding, reports only field names', () => {
    const qr = parseCccdQr(CCCD_QR);
    expect(qrCheck(qr, dg13).status).toBe('pass');
    expect(qrCheck(parseCccdQr(CCCD_QR.replace('Phạm Thị Hà', 'PHẠM THỊ HÀ')), dg13).status).toBe('pass');
    const bad = qrCheck(
      parseCccdQr(CCCD_QR.replace('Phạm Thị Hà', 'Phạm Thị Hoa').replace('149113572', '149113573')),
      dg13,
    );
    expect(bad).toMatchObject({
      status: 'fail',
      reason: 'mismatch',
      detail: 'QR differs from DG13 in: oldIdNumber, fullName',
    });
    expect(bad.detail).not.toContain('Hoa');
    expect(qrCheck(undefined, dg13)).toMatchObject({ status: 'skipped', reason: 'no-qr' });
  });

  it('MRZ check-digit failure is reported by field', () => {
    const lines = mrz.lines.join('');
    const bad = parseMrz(
      lines.slice(0, 30) + lines.slice(30, 36).replace('920807', '920808') + lines.slice(36),
    );
    expect(mrzChecks(bad)[0]).toMatchObject({ status: 'fail', reason: 'mismatch' });
  });
});
