// chaincode/src/index.ts: the contracts the peer loads, each under the name its declaration gives.
import '../../support/invoke';
import { expect } from 'chai';
import { certificateApi, evidenceApi, inspectionApi, membershipApi } from '../../../chaincode/src/api';
import { contracts } from '../../../chaincode/src';

describe('chaincode index: the contracts the peer loads', () => {
  it('loads one contract per declaration, under the declared name', () => {
    const names = contracts.map((contract) => new contract().getName());
    expect(names.sort()).to.deep.equal([certificateApi.name, evidenceApi.name, inspectionApi.name, membershipApi.name].sort());
  });

  it('names every contract once', () => {
    const names = contracts.map((contract) => new contract().getName());
    expect(new Set(names).size).to.equal(names.length);
  });
});
