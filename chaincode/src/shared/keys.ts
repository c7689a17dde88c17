// Every composite-key object type in the namespace, declared once: the three contracts share one
// namespace so a certificate write can check membership in the same transaction.
export const Keys = {
  consortium: 'consortium',
  charter: 'charter',
  charterVersion: 'charter.version',
  member: 'member',
  node: 'node',
  nodeByOwner: 'node.owner',
  proposal: 'proposal',
  vote: 'vote',
  evidence: 'evidence',
  evidenceByDigest: 'evidence.digest',
  evidenceBySubject: 'evidence.subject',
  evidenceSupersededBy: 'evidence.supersededBy',
  openNonconformity: 'evidence.openNc',
  /** [id] → the submitter's takedown request and the regulator's decision */
  evidenceTakedown: 'evidence.takedown',
  /** [txId] → the plaintext record whose content that anchoring transaction carries and the regulator took down */
  evidenceTakedownTx: 'evidence.takedownTx',
  /** [alg, value] → a taken-down record: content with this digest is not anchored again */
  evidenceTakedownDigest: 'evidence.takedownDigest',
  batch: 'batch',
  batchByDigest: 'batch.digest',
  audit: 'audit',
  auditByAuditor: 'audit.auditor',
  /** [auditId] → AuditUse: the certificate, surveillance or recertification an audit counted for (one audit counts once) */
  auditUse: 'audit.use',
  /** [registrationNo] → Auditor: the auditor registers of the certification bodies */
  auditor: 'auditor',
  /** [body, registrationNo] → marker: one body's register */
  auditorByBody: 'auditor.body',
  certificate: 'certificate',
  certificateByOrg: 'certificate.uscc',
  certificateByIssuer: 'certificate.issuer',
  /** [decision evidence id] → DecisionUse: a decision backs exactly one certificate */
  certificateByDecision: 'certificate.decision',
  /** an issuer's consent to move one certificate to one accepting body (IAF MD 2) */
  transferConsent: 'certificate.consent',
  creditEvent: 'credit',
  accreditation: 'accreditation',
  sample: 'sample',
  /** [sampleId, mspId] → a member's commitment to a sample, and its reveal */
  sampleCommitment: 'sample.commitment',
  /** [sampleId, certificateNo] → the inspection result of a drawn certificate */
  sampleResult: 'sample.result',
  inspector: 'inspector',
  /** [status, proposalId] → marker: proposals listed by status */
  proposalByStatus: 'proposal.status',
  /** [subject kind, subject, proposalId] → marker: the proposals about one member, node, charter or build */
  proposalBySubject: 'proposal.subject',
  /** [codeDigest, sequence] → the APPROVED APPROVE_CHAINCODE decision for that build */
  chaincodeApproval: 'chaincode.approval',
  /** [] → the consortium-wide pause of writes (shared/write-pause.ts) */
  writePause: 'writes.pause',
} as const;
