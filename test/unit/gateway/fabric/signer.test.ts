// The node:crypto signer: signatures Fabric accepts — valid ECDSA over the message, always low-S.
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { expect } from 'chai';
import { newSigner } from '../../../../gateway/src/fabric/signer';

const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

/** r and s of a DER ECDSA signature. */
function parseDer(der: Uint8Array): { r: bigint; s: bigint } {
  const bytes = Buffer.from(der);
  let offset = 2;
  const read = (): bigint => {
    expect(bytes[offset]).to.equal(0x02);
    const length = bytes[offset + 1] as number;
    const value = bytes.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    return BigInt(`0x${value.toString('hex')}`);
  };
  return { r: read(), s: read() };
}

describe('gateway signer', () => {
  it('signs 200 messages with valid, low-S DER signatures', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' });
    const sign = newSigner(pem);
    const publicKey = createPublicKey(privateKey);
    for (let i = 0; i < 200; i++) {
      const message = Buffer.from(`proposal ${i}`);
      const signature = await sign(message);
      expect(verify('sha256', message, publicKey, Buffer.from(signature)), `signature ${i}`).to.equal(true);
      expect(parseDer(signature).s <= P256_ORDER >> 1n, `signature ${i} is low-S`).to.equal(true);
    }
  });

  it('refuses a key Fabric cannot use', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(() => newSigner(privateKey.export({ format: 'pem', type: 'pkcs8' }))).to.throw(/unsupported Fabric signing key/);
  });
});
