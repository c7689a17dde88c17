// classify: what a fabric-gateway call threw, in the terms the HTTP layer maps.
import { expect } from 'chai';
import { status as GrpcStatus, type ServiceError, Metadata } from '@grpc/grpc-js';
import { CommitError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { classify, FabricCallError, statusName } from '../../../../gateway/src/fabric/errors';
import { ChaincodeError } from '../../../../chaincode/src/shared/errors';

function serviceError(code: GrpcStatus, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: new Metadata() });
}

function gatewayError(code: GrpcStatus, message: string, details: string[] = []) {
  return new GatewayError({
    code,
    message,
    cause: serviceError(code, message),
    details: details.map((d) => ({ address: 'peer0:7051', mspId: 'Cb1MSP', message: d })),
  });
}

describe('gateway fabric/errors: classify', () => {
  it('reads the chaincode\'s refusal from a detail of an endorsement error, code and message', () => {
    const refusal = new ChaincodeError('CONFLICT', 'certificate CN-1 is WITHDRAWN');
    const error = new EndorseError({
      code: GrpcStatus.ABORTED, message: '10 ABORTED: failed to endorse transaction', transactionId: 'tx1',
      cause: serviceError(GrpcStatus.ABORTED, 'failed'),
      details: [{ address: 'peer0:7051', mspId: 'Cb1MSP', message: `chaincode response 500, ${refusal.message}` }],
    });
    const failure = classify(error).failure;
    expect(failure).to.deep.equal({ kind: 'chaincode', code: 'CONFLICT', message: 'certificate CN-1 is WITHDRAWN' });
  });

  it('reads a refusal from the error message itself', () => {
    const failure = classify(gatewayError(GrpcStatus.UNKNOWN, `evaluate call: ${new ChaincodeError('NOT_FOUND', 'x does not exist').message}`)).failure;
    expect(failure).to.deep.equal({ kind: 'chaincode', code: 'NOT_FOUND', message: 'x does not exist' });
  });

  it('does not take an unknown code for a refusal', () => {
    const failure = classify(gatewayError(GrpcStatus.UNKNOWN, 'boom', ['{"code":"TEAPOT","message":"m"}'])).failure;
    expect(failure.kind).to.equal('internal');
  });

  for (const code of [GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.RESOURCE_EXHAUSTED]) {
    it(`gRPC ${GrpcStatus[code]} is unavailable`, () => {
      expect(classify(gatewayError(code, 'no answer')).failure.kind).to.equal('unavailable');
    });
  }

  it('a peer that cannot be reached, or no combination of peers, is unavailable', () => {
    expect(classify(gatewayError(GrpcStatus.UNKNOWN, 'x', ['connection refused'])).failure.kind).to.equal('unavailable');
    expect(classify(gatewayError(GrpcStatus.UNKNOWN, 'no combination of peers can be derived')).failure.kind).to.equal('unavailable');
  });

  it('a CommitError is an invalidated transaction with its validation code', () => {
    const failure = classify(new CommitError({ code: StatusCode.MVCC_READ_CONFLICT, transactionId: 'tx9', message: 'invalid' })).failure;
    expect(failure).to.deep.equal({ kind: 'invalidated', validationCode: 'MVCC_READ_CONFLICT', txId: 'tx9' });
  });

  it('anything else is internal, and a FabricCallError passes through as it is', () => {
    expect(classify(new TypeError('bug')).failure).to.deep.equal({ kind: 'internal', message: 'bug' });
    expect(classify('text').failure).to.deep.equal({ kind: 'internal', message: 'text' });
    const known = new FabricCallError({ kind: 'unavailable', message: 'm' });
    expect(classify(known)).to.equal(known);
  });

  it('names validation codes', () => {
    expect(statusName(StatusCode.VALID)).to.equal('VALID');
    expect(statusName(StatusCode.ENDORSEMENT_POLICY_FAILURE)).to.equal('ENDORSEMENT_POLICY_FAILURE');
    expect(statusName(987654)).to.equal('987654');
  });
});
