/**
 * Customers, for care tasks (birthdays, holidays) and complaints. Personal data is stored whole
 * and leaves this module masked unless a caller explicitly asks to reveal it (JR/T 0171).
 */
export type { Birthday, BirthdayCalendar, Customer, CustomerInput, CustomerTier, UpsertCounts } from './customer.types.ts';
export { BIRTHDAY_CALENDARS, CUSTOMER_TIERS } from './customer.types.ts';

/**
 * - `findCustomerByCode(sql, code, { reveal? })`: the customer or undefined; name, phone, ID
 *   number and birth year are masked unless `reveal: true` (access control is the caller's).
 * - `countCustomers(sql)`: all customers.
 * - `upsertCustomers(tx, inputs, onBatch?)`: by code, in batches of 1,000, inside the caller's
 *   transaction; branch and account manager codes must exist. An optional field undefined on
 *   every input keeps its stored value.
 *
 * @example
 *   const customer = await findCustomerByCode(db.sql, 'C000123');   // customer.phone === '138****1234'
 */
export { countCustomers, findCustomerByCode, upsertCustomers } from './customer.service.ts';

/** `registerCustomerRoutes(api, { sql })`: `GET /customers/:code`, scoped, masked by role. */
export { registerCustomerRoutes } from './customer.routes.ts';
