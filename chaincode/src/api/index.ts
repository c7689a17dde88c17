// The chaincode's interface, one module per contract: what the contracts implement and what the
// gateway's typed clients call.
export { certificateApi } from './certificate';
export { evidenceApi } from './evidence';
export { inspectionApi } from './inspection';
export { membershipApi } from './membership';
export * from './errors';
export * from './transaction';
