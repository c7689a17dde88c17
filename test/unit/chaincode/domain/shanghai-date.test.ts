// Unit tests of the Asia/Shanghai calendar-date helpers (UTC+8, no daylight saving).

import { expect } from 'chai';
import { endOfShanghaiDay, shanghaiDateOf, startOfShanghaiDay } from '../../../../chaincode/src/domain/shanghai-date';
import { expectCode } from '../../../support/expect-code';

describe('domain/shanghai-date', () => {
  it('gives the Shanghai date of an instant: the date turns at 16:00 UTC', () => {
    expect(shanghaiDateOf('2025-05-31T15:59:59.999Z')).to.equal('2025-05-31');
    expect(shanghaiDateOf('2025-05-31T16:00:00Z')).to.equal('2025-06-01');
    expect(shanghaiDateOf('2024-12-31T16:00:00.000Z')).to.equal('2025-01-01');
    expect(shanghaiDateOf('2024-02-28T16:00:00Z')).to.equal('2024-02-29');
  });

  it('gives the instants a Shanghai date begins and ends, in canonical form', () => {
    expect(startOfShanghaiDay('2025-06-02')).to.equal('2025-06-01T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-06-02')).to.equal('2025-06-02T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-02-29')).to.equal('2024-02-29T16:00:00.000Z');
    expect(endOfShanghaiDay('2025-12-31')).to.equal('2025-12-31T16:00:00.000Z');
    expect(shanghaiDateOf(startOfShanghaiDay('2025-03-01'))).to.equal('2025-03-01');
  });

  it('refuses what is not a real date or a UTC instant', () => {
    expectCode(() => endOfShanghaiDay('2025-02-29', 'audit.endDate'), 'INVALID_ARGUMENT', 'audit.endDate');
    expectCode(() => endOfShanghaiDay('2025-6-2'), 'INVALID_ARGUMENT', 'date');
    expectCode(() => shanghaiDateOf('2025-06-02T08:00:00+08:00'), 'INVALID_ARGUMENT', 'timestamp');
  });
});
