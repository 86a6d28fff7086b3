import type { Sql } from '../../../db/types.ts';
import type { CustomerView } from '../../contract/payloads/access.ts';
import { AppError } from '../../platform/errors.ts';
import { authorize, can, findBranchTarget, principalOf, type SecuredRouter } from '../access/index.ts';
import { findCustomerByCode } from './customer.service.ts';
import type { Customer } from './customer.types.ts';

/**
 * `GET /customers/:code`: a customer of the caller's scope (others answer 404, so codes cannot be
 * probed). Name, phone and ID number are masked unless the role needs them (customers.read_pii).
 */
export function registerCustomerRoutes(api: SecuredRouter, deps: { sql: Sql }): void {
  api.get('/customers/:code', 'customers.read', async (req, res) => {
    const principal = principalOf(req);
    const code = String(req.params.code);
    const masked = await findCustomerByCode(deps.sql, code);
    const target = masked ? await findBranchTarget(deps.sql, masked.branchCode) : undefined;
    if (!masked || !target) throw new AppError('NOT_FOUND', `no customer ${code}`);
    authorize(principal, 'customers.read', target, { hideOutsideScope: true });
    const customer = can(principal, 'customers.read_pii', target) ? await findCustomerByCode(deps.sql, code, { reveal: true }) : masked;
    res.json(toCustomerView(customer!));
  });
}

function toCustomerView(c: Customer): CustomerView {
  const b = c.birthday;
  const monthDay = b ? `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}` : null;
  return {
    code: c.code,
    name: c.name,
    branchCode: c.branchCode,
    accountManagerCode: c.accountManagerCode,
    tier: c.tier,
    birthday: b ? (b.year ? `${b.year}-${monthDay}` : monthDay) : null,
    birthdayCalendar: b?.calendar ?? null,
    phone: c.phone,
    idNumber: c.idNumber,
    careOptOut: c.careOptOut,
    revealed: !c.masked,
  };
}
