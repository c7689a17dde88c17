// Each contract class implements its declaration in chaincode/src/api/ (the compiler checks the
// methods and their arity); this checks what it cannot: every method takes its arguments under the
// declared names, in the declared order, and declares nothing the class lacks or the reverse.
import '../../../support/invoke';
import { expect } from 'chai';
import { certificateApi } from '../../../../chaincode/src/api/certificate';
import { evidenceApi } from '../../../../chaincode/src/api/evidence';
import { inspectionApi } from '../../../../chaincode/src/api/inspection';
import { membershipApi } from '../../../../chaincode/src/api/membership';
import { ERROR_CODES } from '../../../../chaincode/src/api/errors';
import type { ContractApi } from '../../../../chaincode/src/api/transaction';
import { CertificateContract } from '../../../../chaincode/src/certificate/contract';
import { EvidenceContract } from '../../../../chaincode/src/evidence/contract';
import { InspectionContract } from '../../../../chaincode/src/inspection/contract';
import { MembershipContract } from '../../../../chaincode/src/membership/contract';

const PAIRS: [ContractApi, { prototype: object; name: string }][] = [
  [certificateApi, CertificateContract],
  [evidenceApi, EvidenceContract],
  [inspectionApi, InspectionContract],
  [membershipApi, MembershipContract],
];
const NOT_TRANSACTIONS = new Set(['constructor', 'createContext', 'beforeTransaction', 'afterTransaction', 'unknownTransaction']);

/** The parameter names of a method, as fabric-contract-api reads them for its metadata. */
function parameterNames(fn: (...args: unknown[]) => unknown): string[] {
  const source = fn.toString();
  const list = source.slice(source.indexOf('(') + 1, source.indexOf(')'));
  return list.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

describe('chaincode api: the contracts implement their declarations', () => {
  for (const [api, contract] of PAIRS) {
    describe(`${api.name} (${contract.name})`, () => {
      const proto = contract.prototype as Record<string, (...args: unknown[]) => unknown>;
      const methods = Object.getOwnPropertyNames(contract.prototype).filter((name) => !NOT_TRANSACTIONS.has(name) && typeof proto[name] === 'function');

      it('has one method per declared transaction, and no other', () => {
        expect(methods.sort()).to.deep.equal(Object.keys(api.transactions).sort());
      });

      it('takes every transaction\'s arguments under the declared names, in the declared order', () => {
        for (const [name, transaction] of Object.entries(api.transactions)) {
          const [ctx, ...rest] = parameterNames(proto[name] as (...args: unknown[]) => unknown);
          expect(ctx, `${api.name}:${name}'s first parameter`).to.match(/^_?ctx$/);
          expect(rest, `${api.name}:${name}`).to.deep.equal([...transaction.params]);
        }
      });

      it('declares known error codes, each once', () => {
        for (const [name, transaction] of Object.entries(api.transactions)) {
          expect(new Set(transaction.errors).size, `${api.name}:${name}`).to.equal(transaction.errors.length);
          for (const code of transaction.errors) expect(ERROR_CODES, `${api.name}:${name}`).to.include(code);
        }
      });
    });
  }
});
