// The base of every certledger contract: each transaction runs in a CertledgerContext (shared/context.ts). A subclass
// names itself (its constructor's super('name'): fabric-contract-api constructs it with no arguments) and declares its
// transactions with @Transaction(), so this class's own method is never one. A subclass imports CertledgerContext as a
// value, not `import type`: the decorator metadata then names the ctx parameter's class, which is how
// fabric-contract-api tells the context from the transaction's arguments.
import { Contract } from 'fabric-contract-api';
import { CertledgerContext } from './context';

export abstract class CertledgerContract extends Contract {
  override createContext(): CertledgerContext {
    return new CertledgerContext();
  }
}
