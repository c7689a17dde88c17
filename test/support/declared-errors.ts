// A TestNetwork that holds the contracts to their declarations (chaincode/src/api/): a refusal
// whose code the transaction does not declare fails the test that provoked it, naming the
// declaration to fix. Every unit suite on the consortium runs through it, so the declared codes
// are the codes the suites see.
import { certificateApi } from '../../chaincode/src/api/certificate';
import { evidenceApi } from '../../chaincode/src/api/evidence';
import { inspectionApi } from '../../chaincode/src/api/inspection';
import { membershipApi } from '../../chaincode/src/api/membership';
import { parseChaincodeError } from '../../chaincode/src/api/errors';
import type { ContractApi } from '../../chaincode/src/api/transaction';
import { TestNetwork, type InvokeOptions, type SubmitResult, type TransactionResult } from './invoke';
import type { TestIdentity } from './identities';

const APIS: readonly ContractApi[] = [certificateApi, evidenceApi, inspectionApi, membershipApi];

/** Throws when `error` is a refusal of `fn` ("contract:function") with a code its declaration lacks. */
export function checkDeclared(fn: string, error: unknown): void {
  const refusal = parseChaincodeError(error instanceof Error ? error.message : String(error));
  if (refusal === undefined) return;
  const [contract, name] = fn.split(':');
  const api = APIS.find((a) => a.name === contract);
  const transaction = api?.transactions[name ?? ''];
  if (api === undefined || transaction === undefined) return;
  if (!transaction.errors.includes(refusal.code)) {
    throw new Error(`${fn} refused with ${refusal.code} ("${refusal.message}"), which chaincode/src/api/${api.name}.ts does not declare for it (declared: ${transaction.errors.join(', ')})`);
  }
}

export class DeclaredTestNetwork extends TestNetwork {
  override async submit(identity: TestIdentity, fn: string, args: ReadonlyArray<string | Uint8Array> = [], opts: InvokeOptions = {}): Promise<SubmitResult> {
    try {
      return await super.submit(identity, fn, args, opts);
    } catch (error) {
      checkDeclared(fn, error);
      throw error;
    }
  }

  override async evaluate(identity: TestIdentity, fn: string, args: ReadonlyArray<string | Uint8Array> = [], opts: InvokeOptions = {}): Promise<TransactionResult> {
    try {
      return await super.evaluate(identity, fn, args, opts);
    } catch (error) {
      checkDeclared(fn, error);
      throw error;
    }
  }
}
