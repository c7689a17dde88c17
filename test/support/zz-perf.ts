import { TestNetwork } from './invoke';
import { Context, Contract, Transaction } from 'fabric-contract-api';
import { createOrgCa } from './identities';
class C extends Contract {
  constructor() { super('c'); }
  @Transaction() async put(ctx: Context, k: string, v: string): Promise<void> { await ctx.stub.putState(k, Buffer.from(v)); }
}
(async () => {
  const id = await (await createOrgCa('Org1MSP')).enroll('u');
  let t = Date.now();
  for (let i = 0; i < 200; i++) { const n = new TestNetwork([C]); await n.submit(id, 'c:put', ['k', 'v']); }
  console.log('200 networks+submit ms', Date.now() - t);
  const n = new TestNetwork([C]);
  t = Date.now();
  for (let i = 0; i < 1000; i++) await n.submit(id, 'c:put', ['k' + i, 'v']);
  console.log('1000 submits ms', Date.now() - t);
})();
