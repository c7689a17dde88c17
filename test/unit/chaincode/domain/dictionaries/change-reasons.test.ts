// Unit tests for the change (变更) and cancellation (注销) reason codes (docs/domain.md §4.4).

import { expect } from 'chai';
import {
  CANCELLATION_REASONS, CHANGE_REASONS, ORGANIZATION_CHANGE_REASONS, cancellationReasonText, changeReasonText, validateOrganizationChangeReason,
} from '../../../../../chaincode/src/domain/dictionaries/change-reasons';
import { expectInvalid } from '../../../../support/expect-code';

describe('domain/dictionaries/change-reasons', () => {
  it('holds the change codes of docs/domain.md §4.4 with four digits, and the cancellation codes 0201–0299', () => {
    expect(Object.keys(CHANGE_REASONS)).to.deep.equal(['0101', '0102', '0103', '0104', '0105', '0106', '0107', '0108', '0109', '0110', '0196', '0199']);
    expect(changeReasonText('0101')).to.equal('0101 组织更名');
    expect(changeReasonText('0102')).to.equal('0102 地址变更');
    expect(Object.keys(CANCELLATION_REASONS)).to.deep.equal(['0201', '0202', '0203', '0204', '0299']);
    expect(cancellationReasonText('0204')).to.equal('0204 申请注销');
    for (const code of Object.keys(CANCELLATION_REASONS)) expect(code).to.match(/^02\d\d$/);
  });

  it('lets the organisation change reasons cover their own fields only', () => {
    expect(ORGANIZATION_CHANGE_REASONS).to.deep.equal({ '0101': ['name'], '0102': ['address', 'regionCode'], '0110': ['name', 'address', 'regionCode'] });
    expect(validateOrganizationChangeReason('0101', 'reasonCode')).to.deep.equal({ code: '0101', fields: ['name'] });
  });

  it('refuses a change code that is not about the organisation, and anything else', () => {
    expectInvalid(() => validateOrganizationChangeReason('0105', 'reasonCode'), 'reasonCode', '0105 扩大范围 does not change the organisation');
    expectInvalid(() => validateOrganizationChangeReason('101', 'reasonCode'), 'reasonCode', '0101 组织更名, 0102 地址变更, 0110 勘误');
    expectInvalid(() => validateOrganizationChangeReason('toString', 'reasonCode'), 'reasonCode');
    expectInvalid(() => validateOrganizationChangeReason(101, 'reasonCode'), 'reasonCode');
  });
});
