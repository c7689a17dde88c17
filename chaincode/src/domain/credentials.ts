// The form of the credentials a member gives at admission (docs/contracts.md §1.8, docs/domain.md §4.3). A credential that is
// given is checked in form whatever the role; which ones are required is the charter's
// admissionRequirements.
import { invalidArgument } from '../shared/errors';

interface CredentialForm {
  pattern: RegExp;
  hint: string;
}

/**
 * - `cncaApprovalNo`: the CB approval number CNCA assigns, `CNCA-R-YYYY-NNN` for a domestic body
 *   and `CNCA-RF-YYYY-NN` for a foreign one (docs/domain.md §4.3: the serial part is the body's code in
 *   certificate numbers, 3 digits, or F + 2 digits). CNCA was set up in 2001, so the year is 20YY.
 * - `accreditationNo`: a CNAS accreditation number of a certification body, `CNAS C` + the body's
 *   3-digit number + `-` + one capital letter for the programme (M management systems, P products,
 *   S services…), e.g. `CNAS C001-M`. No source states a form (docs/domain.md §4.3); this is the form CNAS
 *   prints on its certificates. A fourth digit is allowed so the form survives the thousandth body.
 *   CNAS is China's one national accreditation body, so other bodies' numbers are not accepted.
 * - `recognitionNo` (accreditation body): no stated form; any non-empty text.
 */
export const CREDENTIAL_FORMS: Readonly<Record<string, CredentialForm>> = Object.freeze({
  cncaApprovalNo: {
    pattern: /^CNCA-R-20\d{2}-\d{3}$|^CNCA-RF-20\d{2}-\d{2}$/,
    hint: 'a CNCA approval number: CNCA-R-YYYY-NNN (domestic body, e.g. CNCA-R-2002-001) or CNCA-RF-YYYY-NN (foreign body, e.g. CNCA-RF-2005-01)',
  },
  accreditationNo: {
    pattern: /^CNAS C\d{3,4}-[A-Z]$/,
    hint: 'a CNAS accreditation number of a certification body: CNAS C, the body\'s number, - and the programme letter (e.g. CNAS C001-M)',
  },
});

/** Each given credential that has a form matches it; `field` is the credentials object's path. */
export function checkCredentialForms(credentials: Readonly<Record<string, unknown>>, field = 'credentials'): void {
  for (const name of Object.keys(credentials).sort()) {
    const form = Object.prototype.hasOwnProperty.call(CREDENTIAL_FORMS, name) ? CREDENTIAL_FORMS[name] : undefined;
    const value = credentials[name];
    if (form === undefined || typeof value !== 'string') continue;
    if (!form.pattern.test(value)) {
      throw invalidArgument(`${field}.${name}`, `must be ${form.hint}; got ${JSON.stringify(value.slice(0, 40))}`);
    }
  }
}
